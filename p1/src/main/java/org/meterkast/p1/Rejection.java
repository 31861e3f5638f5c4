package org.meterkast.p1;

/** Why a framer dropped a telegram. */
public enum Rejection {
    /** The CRC after {@code !} does not match the bytes: a transmission error or a telegram cut and spliced. */
    BAD_CRC,
    /** No CRC after {@code !}, and the framer was not told to accept DSMR 2.2/3 telegrams without one. */
    MISSING_CRC,
    /** A new {@code /} (or the end of the stream) came before the {@code !} of the telegram being read. */
    TRUNCATED,
    /** The telegram grew past the framer's size bound before its {@code !}. */
    OVERSIZE
}
