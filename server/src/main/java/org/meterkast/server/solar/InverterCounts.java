package org.meterkast.server.solar;

/**
 * What a meter's inverter poller has counted since the start.
 *
 * @param inverter  what the inverter is
 * @param readings  good readings
 * @param failures  reads that failed: no connection, no answer in time, a Modbus exception
 * @param badData   answers whose values were not a valid reading (unimplemented W, a scale factor out of range)
 * @param quarters  quarter hours of production stored
 * @param lastError the last failure's message, or null
 */
public record InverterCounts(String inverter, long readings, long failures, long badData, long quarters,
                             String lastError) {
}
