package org.meterkast.energy.location;

import java.util.Objects;
import java.util.Optional;

/**
 * A Belgian connection point's EAN (GSRN): 18 digits, the GS1 prefix 54 for Belgium, and a GS1 check digit last.
 * Spaces and dots that people type between groups are ignored.
 */
public record Ean(String digits) {
    /** What is wrong with a text that is not an EAN, for a message naming the problem. */
    public enum Problem {
        /** not 18 digits long */
        LENGTH,
        /** holds something other than digits */
        NOT_DIGITS,
        /** does not start with 54, Belgium's GS1 prefix */
        NOT_BELGIAN,
        /** the last digit is not the check digit of the 17 before it: a typo */
        CHECK_DIGIT
    }

    /** What the connection point supplies, where its number tells. */
    public enum Kind {
        ELECTRICITY, GAS,
        /** the number does not say: a supplier or grid operator other than Fluvius' usual ranges */
        UNKNOWN
    }

    /** Thrown by {@link #parse} with the problem and, for a typo, the check digit the number needs. */
    public static final class InvalidEanException extends IllegalArgumentException {
        private final String input;
        private final Problem problem;
        private final int expectedCheckDigit;

        InvalidEanException(String input, Problem problem, int expectedCheckDigit) {
            super("'" + input + "' is not an EAN: " + problem
                    + (problem == Problem.CHECK_DIGIT ? " (the check digit would be " + expectedCheckDigit + ")" : ""));
            this.input = input;
            this.problem = problem;
            this.expectedCheckDigit = expectedCheckDigit;
        }

        public String input() {
            return input;
        }

        public Problem problem() {
            return problem;
        }

        /** The check digit the 17 digits call for; -1 unless the problem is {@link Problem#CHECK_DIGIT}. */
        public int expectedCheckDigit() {
            return expectedCheckDigit;
        }
    }

    public Ean {
        Objects.requireNonNull(digits, "digits");
        Optional<InvalidEanException> problem = problemOf(digits);
        if (problem.isPresent()) {
            throw problem.get();
        }
    }

    /** The EAN in the text, with spaces and dots between groups left out. */
    public static Ean parse(String text) {
        Objects.requireNonNull(text, "text");
        return new Ean(text.replace(" ", "").replace(".", "").strip());
    }

    /** What is wrong with the text as an EAN; empty when it is one. */
    public static Optional<InvalidEanException> check(String text) {
        return problemOf(text == null ? "" : text.replace(" ", "").replace(".", "").strip());
    }

    /**
     * Electricity or gas, from Fluvius' ranges: 54144882… for electricity and 54144886… for gas, as in the exports
     * and meters seen (an observation, not a published rule).
     */
    public Kind kind() {
        if (digits.startsWith("54144882")) {
            return Kind.ELECTRICITY;
        }
        if (digits.startsWith("54144886")) {
            return Kind.GAS;
        }
        return Kind.UNKNOWN;
    }

    /** The GS1 check digit of 17 digits: weights 3 and 1 alternating from the right, to the next multiple of 10. */
    static int checkDigit(CharSequence seventeen) {
        int sum = 0;
        for (int i = seventeen.length() - 1, weight = 3; i >= 0; i--, weight = 4 - weight) {
            sum += (seventeen.charAt(i) - '0') * weight;
        }
        return (10 - sum % 10) % 10;
    }

    private static Optional<InvalidEanException> problemOf(String digits) {
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return Optional.of(new InvalidEanException(digits, Problem.NOT_DIGITS, -1));
            }
        }
        if (digits.length() != 18) {
            return Optional.of(new InvalidEanException(digits, Problem.LENGTH, -1));
        }
        if (!digits.startsWith("54")) {
            return Optional.of(new InvalidEanException(digits, Problem.NOT_BELGIAN, -1));
        }
        int expected = checkDigit(digits.subSequence(0, 17));
        if (digits.charAt(17) - '0' != expected) {
            return Optional.of(new InvalidEanException(digits, Problem.CHECK_DIGIT, expected));
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return digits;
    }
}
