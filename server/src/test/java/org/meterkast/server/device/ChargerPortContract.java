package org.meterkast.server.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.meterkast.energy.device.ChargerPort;
import org.meterkast.energy.device.ChargerReading;
import org.meterkast.energy.device.ChargerStatus;
import org.meterkast.energy.device.DeviceException;
import org.meterkast.energy.device.Power;

/**
 * What every charger adapter must show, whatever its protocol: run by one subclass per adapter, each against its
 * own peer (the simulator in the server, a charge point over a real WebSocket). A subclass hands over a charger
 * whose car is plugged in with its session open, and says how long the charger may take to reflect a command.
 */
public abstract class ChargerPortContract {
    /** A charger with a car plugged in, its session open and nothing offered yet (or anything: it is offered 0). */
    protected abstract ChargerPort plugged() throws Exception;

    /** Lets this much time pass for the charger and its car (a clock moved, or a wait). */
    protected abstract void letPass(Duration time) throws Exception;

    /** How long the charger may take before a read reflects a command. */
    protected Duration settle() {
        return Duration.ofSeconds(5);
    }

    protected ChargerPort charger;

    @BeforeEach
    void connect() throws Exception {
        charger = plugged();
    }

    @AfterEach
    void close() {
        if (charger != null) {
            charger.close();
        }
    }

    /** Reads until the reading fits, within {@link #settle()}; the last reading when it never does. */
    protected ChargerReading readUntil(Predicate<ChargerReading> fits) throws Exception {
        long deadline = System.nanoTime() + settle().toNanos();
        ChargerReading reading = charger.read();
        while (!fits.test(reading) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            reading = charger.read();
        }
        return reading;
    }

    @Test
    void theCurrentRangeIsOneAnACChargerCanOffer() {
        ChargerPort.CurrentRange range = charger.currentRange();
        assertThat(range.minAmps()).isGreaterThanOrEqualTo(6);
        assertThat(range.maxAmps()).isBetween(range.minAmps(), 80.0);
    }

    @Test
    void anOfferIsReflectedInTheReadingAndTheCarCharges() throws Exception {
        double max = charger.currentRange().maxAmps();
        charger.offerCurrent(max);
        ChargerReading reading = readUntil(r -> r.offeredAmps() == max && r.status() == ChargerStatus.CHARGING);
        assertThat(reading.offeredAmps()).isEqualTo(max);
        assertThat(reading.status()).isEqualTo(ChargerStatus.CHARGING);
        assertThat(reading.power().isPositive()).isTrue();
        // never more than the offer allows on the phases it charges on
        assertThat(reading.power()).isLessThanOrEqualTo(Power.ofAmps(max, reading.phases()));

        double min = charger.currentRange().minAmps();
        charger.offerCurrent(min);
        assertThat(readUntil(r -> r.offeredAmps() == min).offeredAmps()).isEqualTo(min);
    }

    @Test
    void theSessionsEnergyGrowsWhileItCharges() throws Exception {
        charger.offerCurrent(charger.currentRange().maxAmps());
        ChargerReading before = readUntil(r -> r.status() == ChargerStatus.CHARGING);
        letPass(Duration.ofMinutes(10));
        ChargerReading after = readUntil(r -> r.sessionWh() > before.sessionWh());
        assertThat(after.sessionWh()).isGreaterThan(before.sessionWh());
    }

    @Test
    void zeroPausesWithTheSessionStillOpen() throws Exception {
        charger.offerCurrent(charger.currentRange().maxAmps());
        readUntil(r -> r.status() == ChargerStatus.CHARGING);
        charger.offerCurrent(0);
        ChargerReading paused = readUntil(r -> r.status() == ChargerStatus.PAUSED && r.power().equals(Power.ZERO));
        assertThat(paused.status()).isEqualTo(ChargerStatus.PAUSED);
        assertThat(paused.power()).isEqualTo(Power.ZERO);
        assertThat(paused.offeredAmps()).isZero();
        // the session goes on: offered again, it charges again
        charger.offerCurrent(charger.currentRange().minAmps());
        assertThat(readUntil(r -> r.status() == ChargerStatus.CHARGING).status()).isEqualTo(ChargerStatus.CHARGING);
    }

    @Test
    void stoppingEndsTheSessionForGood() throws Exception {
        charger.offerCurrent(charger.currentRange().maxAmps());
        readUntil(r -> r.status() == ChargerStatus.CHARGING);
        charger.stopSession();
        ChargerReading stopped = readUntil(r -> r.status() == ChargerStatus.EV_CONNECTED);
        assertThat(stopped.status()).isEqualTo(ChargerStatus.EV_CONNECTED);
        assertThat(stopped.power()).isEqualTo(Power.ZERO);
        // an offer does not open another session: only a new plug-in or a remote start does
        try {
            charger.offerCurrent(charger.currentRange().maxAmps());
        } catch (DeviceException refused) {
            // refusing the offer is as good
        }
        letPass(Duration.ofMinutes(1));
        ChargerReading later = charger.read();
        assertThat(later.status()).isNotIn(ChargerStatus.CHARGING, ChargerStatus.PAUSED);
        assertThat(later.power()).isEqualTo(Power.ZERO);
    }

    @Test
    void anOfferOutsideTheRangeIsRefusedOrKeptInside() throws Exception {
        ChargerPort.CurrentRange range = charger.currentRange();
        try {
            charger.offerCurrent(range.maxAmps() + 10);
        } catch (DeviceException refused) {
            // refused: as good as kept inside
        }
        assertThat(charger.read().offeredAmps()).isLessThanOrEqualTo(range.maxAmps());
        try {
            charger.offerCurrent(range.minAmps() / 2);
        } catch (DeviceException refused) {
            // refused
        }
        double offered = charger.read().offeredAmps();
        assertThat(offered == 0 || offered >= range.minAmps()).as("%s A offered", offered).isTrue();
    }

    @Test
    void aClosedChargerFailsWithADeviceException() {
        charger.close();
        assertThatThrownBy(charger::read).isInstanceOf(DeviceException.class);
        assertThatThrownBy(() -> charger.offerCurrent(charger.currentRange().minAmps()))
                .isInstanceOf(DeviceException.class);
        assertThatThrownBy(charger::stopSession).isInstanceOf(DeviceException.class);
        charger = null;
    }
}
