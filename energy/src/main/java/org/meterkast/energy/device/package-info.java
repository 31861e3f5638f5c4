/**
 * The device layer's contract: one small port per kind of device (charger, inverter; the battery and the boiler
 * follow), optional abilities as separate small interfaces, one checked {@link org.meterkast.energy.device.DeviceException}
 * and one {@link org.meterkast.energy.device.Power} whose sign is written down once. Adapters (OCPP, SunSpec,
 * simulators) implement the ports in {@code server}; the control policies read what the ports report.
 */
package org.meterkast.energy.device;
