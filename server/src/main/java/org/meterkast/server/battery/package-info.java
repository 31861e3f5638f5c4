/**
 * The home battery's adapters (the manual's iLubat): SunSpec models 124 and 802 over Modbus TCP (type
 * {@code sunspec}) and a configurable register map for brands without SunSpec (type {@code modbus}).
 */
package org.meterkast.server.battery;
