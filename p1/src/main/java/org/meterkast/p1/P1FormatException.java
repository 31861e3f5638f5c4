package org.meterkast.p1;

/** A telegram that cannot be decoded at all; the message names the line and what is wrong with it. */
public class P1FormatException extends RuntimeException {
    public P1FormatException(int lineNumber, String line, String problem) {
        super("line " + lineNumber + " '" + line + "': " + problem);
    }

    public P1FormatException(String problem) {
        super(problem);
    }
}
