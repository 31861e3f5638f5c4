/**
 * The device layer in the server: adapters registered by type name per kind of device, the devices of each address
 * made from their settings (properties and the app), and one control loop per address that reads a snapshot, runs
 * the policies of {@code org.meterkast.energy.control} and applies their commands.
 */
package org.meterkast.server.device;
