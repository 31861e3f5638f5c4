/**
 * The boiler's (heat battery's) device adapters: an electric boiler switched by a Shelly Gen2 relay with the
 * temperature add-on, over Shelly's local HTTP RPC API ({@code shelly-http}) or its MQTT channel
 * ({@code shelly-mqtt}).
 */
package org.meterkast.server.boiler;
