/**
 * A provider's fleet of simulated meters: thousands of households whose dongles publish raw telegrams to a broker,
 * each telegram reproducible from the fleet's seed, the meter's number and the telegram's index.
 */
package org.meterkast.sim.fleet;
