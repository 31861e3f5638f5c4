/**
 * Control as pure code: a {@link org.meterkast.energy.control.SiteSnapshot} taken once per cycle, policies that
 * turn it into {@link org.meterkast.energy.control.Command}s, each with the {@link org.meterkast.energy.control.Reason}
 * the user reads. The address's control loop (in {@code server}) takes the snapshot, runs the policies in order
 * (safety before savings) and applies the commands; nothing here talks to a device or reads a clock.
 */
package org.meterkast.energy.control;
