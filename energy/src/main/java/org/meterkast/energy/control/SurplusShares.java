package org.meterkast.energy.control;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Predicate;
import org.meterkast.energy.device.BatteryStatus;
import org.meterkast.energy.device.BoilerStatus;
import org.meterkast.energy.device.ChargerStatus;
import org.meterkast.energy.device.Power;

/**
 * The solar surplus of one snapshot, worked out once for every flexible load and handed out in the household's
 * {@link SiteSnapshot#surplusOrder}, so the car's solar modes, the battery and the boiler each steer by their own
 * share and never chase the same watts (a battery and a car that both read the raw grid would fight).
 *
 * <p>The surplus is what the site injects plus what the flexible loads take now: the batteries' power (a battery
 * that discharges makes it smaller: that power covered a deficit), the boilers' power, and the draw of the chargers
 * in a solar mode with an EV. A boiler that heats whatever the sun does (below its floor, its legionella cycle, the
 * night top-up: the boiler policy's own test, passed in) is no flexible load: its draw is the house's, counted in
 * no surplus and claimed by no use, or the battery would charge from the grid the power it heats with. Negative, the
 * surplus is the deficit the house takes from the grid without the flexible loads. Each use, in
 * order, gets what the uses before it left and claims what it can take of it:
 * <ul>
 *   <li>the car: up to its chargers' maximum once the share reaches their least power (one phase where they can
 *       switch), else what they draw now; a car that draws nothing of the current it is offered (full, or held by its
 *       own timer) claims nothing;</li>
 *   <li>the battery: up to its charging limit while it is below its top charge;</li>
 *   <li>the boiler: a modulating one up to its rated power, a switched one its rated power once the share covers it
 *       (or while it heats), each while its water is below its top temperature.</li>
 * </ul>
 * With a deficit every use's share is the deficit.
 */
public final class SurplusShares {
    /** A car offered current that draws less than this takes nothing. */
    private static final long REFUSED_BELOW_W = 100;

    private final long surplusW;
    private final Map<SurplusUse, Long> shares;

    private SurplusShares(long surplusW, Map<SurplusUse, Long> shares) {
        this.surplusW = surplusW;
        this.shares = shares;
    }

    /** The shares of this snapshot, every boiler taken to heat only from surplus. */
    public static SurplusShares of(SiteSnapshot site) {
        return of(site, b -> false);
    }

    /**
     * The shares of this snapshot.
     *
     * @param heatsAnyway whether a boiler heats now whatever the surplus (the boiler policy's test): its draw is then
     *                    no surplus
     */
    public static SurplusShares of(SiteSnapshot site, Predicate<BoilerSnapshot> heatsAnyway) {
        long surplus = -site.grid().watts();
        for (BatterySnapshot b : site.batteries()) {
            surplus += b.reading().power().watts();
        }
        for (BoilerSnapshot b : site.boilers()) {
            if (!heatsAnyway.test(b)) {
                surplus += b.reading().power().watts();
            }
        }
        for (ChargerSnapshot c : site.chargers()) {
            if (followsSun(c)) {
                surplus += c.reading().power().watts();
            }
        }
        Map<SurplusUse, Long> shares = new EnumMap<>(SurplusUse.class);
        long left = surplus;
        for (SurplusUse use : site.surplusOrder()) {
            shares.put(use, left);
            if (left > 0) {
                left -= Math.min(left, claim(use, site, left, heatsAnyway));
            }
        }
        return new SurplusShares(surplus, shares);
    }

    /** The whole surplus, W: positive what the site could inject without its flexible loads, negative a deficit. */
    public long surplusW() {
        return surplusW;
    }

    /** What is left for this use when its turn comes, W (the deficit when there is one). */
    public long shareW(SurplusUse use) {
        return shares.get(use);
    }

    private static long claim(SurplusUse use, SiteSnapshot site, long available,
                              Predicate<BoilerSnapshot> heatsAnyway) {
        long claim = 0;
        switch (use) {
            case EV -> {
                long least = 0;
                long most = 0;
                long draws = 0;
                for (ChargerSnapshot c : site.chargers()) {
                    if (followsSun(c) && !refuses(c)) {
                        boolean switchable = c.canSwitchPhases() && c.maxPhases() == 3;
                        least += Power.ofAmps(c.range().minAmps(), switchable ? 1 : c.reading().phases()).watts();
                        most += Power.ofAmps(c.range().maxAmps(), switchable ? 3 : c.reading().phases()).watts();
                        draws += c.reading().power().watts();
                    }
                }
                claim = least > 0 && available >= least ? most : draws;
            }
            case BATTERY -> {
                for (BatterySnapshot b : site.batteries()) {
                    if (b.reading().status() != BatteryStatus.ERROR
                            && b.reading().socPercent() < b.limits().maxSocPercent()) {
                        claim += b.limits().maxCharge().watts();
                    }
                }
            }
            case BOILER -> {
                long left = available;
                for (BoilerSnapshot b : site.boilers()) {
                    boolean hot = b.reading().temperatureC().isPresent()
                            && b.reading().temperatureC().getAsDouble() >= b.maxC();
                    if (b.reading().status() == BoilerStatus.ERROR || hot || heatsAnyway.test(b)) {
                        continue;
                    }
                    long rated = b.ratedPower().watts();
                    long takes = b.modulating() || left >= rated || b.reading().power().isPositive()
                            ? Math.min(left, rated) : 0;
                    claim += takes;
                    left -= takes;
                }
            }
        }
        return claim;
    }

    /**
     * Whether the car takes nothing of what it is offered (it is full, or its own timer holds it): it then claims no
     * surplus, or a car left plugged in would keep the battery from charging all day.
     */
    private static boolean refuses(ChargerSnapshot c) {
        return c.reading().offeredAmps() >= c.range().minAmps() && c.reading().power().watts() < REFUSED_BELOW_W;
    }

    private static boolean followsSun(ChargerSnapshot c) {
        ChargerStatus s = c.reading().status();
        boolean ev = s == ChargerStatus.EV_CONNECTED || s == ChargerStatus.CHARGING || s == ChargerStatus.PAUSED;
        return ev && (c.mode() == ChargingMode.MIN_SOLAR || c.mode() == ChargingMode.SOLAR);
    }
}
