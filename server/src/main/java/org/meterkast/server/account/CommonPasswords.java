package org.meterkast.server.account;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The passwords guessers try first: the 30,000 most frequent ones of zxcvbn's list (com.nulab-inc:zxcvbn, MIT
 * licence), of which only those long enough to pass our length rule are kept (about 1,100), so the set is small.
 */
@Component
class CommonPasswords {
    private static final String LIST = "com/nulabinc/zxcvbn/matchers/dictionaries/passwords.txt";

    private final Set<String> common;

    CommonPasswords() {
        this.common = load(AccountService.MIN_PASSWORD);
    }

    /** Whether a password is on the list, whatever its upper and lower case. */
    boolean contains(String password) {
        return common.contains(password.toLowerCase(Locale.ROOT));
    }

    private static Set<String> load(int shortest) {
        try (InputStream in = CommonPasswords.class.getClassLoader().getResourceAsStream(LIST)) {
            if (in == null) {
                throw new IllegalStateException(LIST + " is missing from the class path (com.nulab-inc:zxcvbn)");
            }
            Set<String> passwords = new HashSet<>();
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String password = line.strip().toLowerCase(Locale.ROOT);
                if (password.length() >= shortest) {
                    passwords.add(password);
                }
            }
            return Set.copyOf(passwords);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
