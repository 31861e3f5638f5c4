package org.meterkast.energy.smartcharging;

import java.util.Objects;

/**
 * The one EV an enrolment covers (art. 3: "au maximum un véhicule électrique").
 *
 * @param name  what the household calls it: "Kia EV6"
 * @param idTag the OCPP id tag its sessions start with (its card, or the car itself with Plug &amp; Charge), when
 *              the household knows it; a session under another tag is another vehicle's. Null: not known, every
 *              session at the home charger is taken as this vehicle's
 */
public record Vehicle(String name, String idTag) {
    /** OCPP 1.6 id tags are at most 20 characters (CiString20Type). */
    public static final int ID_TAG_LENGTH = 20;
    public static final int NAME_LENGTH = 100;

    public Vehicle {
        Objects.requireNonNull(name, "name");
        name = name.strip();
        if (name.isEmpty() || name.length() > NAME_LENGTH) {
            throw new IllegalArgumentException("a vehicle's name must be 1 to " + NAME_LENGTH + " characters: '"
                    + name + "'");
        }
        if (idTag != null) {
            idTag = idTag.strip();
            if (idTag.isEmpty()) {
                idTag = null;
            } else if (idTag.length() > ID_TAG_LENGTH) {
                throw new IllegalArgumentException("an OCPP id tag has at most " + ID_TAG_LENGTH
                        + " characters: '" + idTag + "'");
            }
        }
    }

    /** Whether a session started under this tag (null: unknown) may be this vehicle's. */
    public boolean mayHaveStarted(String sessionIdTag) {
        return idTag == null || sessionIdTag == null || idTag.equalsIgnoreCase(sessionIdTag);
    }
}
