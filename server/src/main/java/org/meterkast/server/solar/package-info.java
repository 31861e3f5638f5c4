/**
 * Solar production: reading a meter's inverter (SunSpec over Modbus TCP, or the simulated household's roof), its
 * live power for the live view and its lifetime counter cut into quarter hours for the store.
 */
package org.meterkast.server.solar;
