package org.meterkast.p1;

/** The day/night tariff period a meter register belongs to. */
public enum Tariff {
    /** Day ("normaal", "heures pleines"). */
    DAY,
    /** Night and weekend ("dal", "heures creuses"). */
    NIGHT;

    /** The register number (1 or 2) that counts this period in the given dialect. */
    public int register(Dialect dialect) {
        boolean dayIsOne = dialect == Dialect.BELGIAN;
        return (this == DAY) == dayIsOne ? 1 : 2;
    }

    /** The period counted by register 1 or 2 in the given dialect. */
    public static Tariff ofRegister(int register, Dialect dialect) {
        if (register != 1 && register != 2) {
            throw new IllegalArgumentException("tariff register must be 1 or 2, not " + register);
        }
        return DAY.register(dialect) == register ? DAY : NIGHT;
    }
}
