package org.meterkast.p1;

/**
 * What a framer has seen since it was made: frames delivered, frames rejected per reason, and bytes outside
 * any frame that were not line ends (noise on the line, a wrong baud rate).
 */
public record FramerStatistics(long frames, long badCrc, long missingCrc, long truncated, long oversize,
                               long garbageBytes) {

    /** Every rejected frame, whatever the reason. */
    public long rejected() {
        return badCrc + missingCrc + truncated + oversize;
    }

    /** The count for one reason. */
    public long count(Rejection reason) {
        return switch (reason) {
            case BAD_CRC -> badCrc;
            case MISSING_CRC -> missingCrc;
            case TRUNCATED -> truncated;
            case OVERSIZE -> oversize;
        };
    }
}
