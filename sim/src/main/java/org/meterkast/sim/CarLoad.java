package org.meterkast.sim;

/**
 * The household's car as something else charges it, read every second: a simulated charge point's actual draw, in
 * place of the household's own fixed car load ({@link EvSettings}).
 */
public interface CarLoad {
    /** What the car draws now, W; 0 when it does not charge. */
    long watts();

    /** On how many phases, 1 or 3. */
    int phases();
}
