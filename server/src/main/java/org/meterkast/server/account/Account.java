package org.meterkast.server.account;

import java.util.Locale;

/**
 * A person who logs in: e-mail (lower case), display name, language; no password when only social logins are used.
 * {@code administrator} marks the first account a person registered on a fresh install; {@code emailVerified} says
 * the e-mail address is proven (a provider verified it, a password reset or a verification link went through).
 */
public record Account(long id, String email, String name, String language, boolean hasPassword,
                      boolean administrator, boolean emailVerified) {
    public Locale locale() {
        return Locale.forLanguageTag(language);
    }
}
