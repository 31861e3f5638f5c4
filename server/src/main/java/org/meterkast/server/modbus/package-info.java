/**
 * Modbus TCP as the device adapters use it: one bounded connection to a unit ({@code ModbusLink}) and the SunSpec
 * map found on it ({@code SunSpecMap}), shared by the inverter and the home battery.
 */
package org.meterkast.server.modbus;
