/** A simulated Belgian household and its Fluvius meter: pure power model, exact register integration, telegram outputs. */
package org.meterkast.sim;
