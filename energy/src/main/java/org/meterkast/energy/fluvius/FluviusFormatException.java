package org.meterkast.energy.fluvius;

/** A Mijn Fluvius export that cannot be read: names the line (1 = the header) and what is wrong with it. */
public class FluviusFormatException extends RuntimeException {
    private static final int QUOTED = 160;

    private final int lineNumber;
    private final String problem;

    public FluviusFormatException(int lineNumber, String line, String problem) {
        super("line " + lineNumber + (line == null ? "" : " '" + shorten(line) + "'") + ": " + problem);
        this.lineNumber = lineNumber;
        this.problem = problem;
    }

    /** The line the problem is on, counting the header as line 1; 0 when it is about the file as a whole. */
    public int lineNumber() {
        return lineNumber;
    }

    /** What is wrong, without the line. */
    public String problem() {
        return problem;
    }

    private static String shorten(String line) {
        return line.length() <= QUOTED ? line : line.substring(0, QUOTED) + "…";
    }
}
