package org.meterkast.server.account;

import java.util.Locale;

/** A person who logs in: e-mail (lower case), display name, language; no password when only social logins are used. */
public record Account(long id, String email, String name, String language, boolean hasPassword) {
    public Locale locale() {
        return Locale.forLanguageTag(language);
    }
}
