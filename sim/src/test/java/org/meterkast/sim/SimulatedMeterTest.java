package org.meterkast.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.meterkast.p1.DemandPeak;
import org.meterkast.p1.Dialect;
import org.meterkast.p1.MbusReading;
import org.meterkast.p1.Measurement;
import org.meterkast.p1.Medium;
import org.meterkast.p1.MonthlyPeak;
import org.meterkast.p1.Tariff;
import org.meterkast.p1.Telegram;
import org.meterkast.p1.TelegramWriter;

class SimulatedMeterTest {
    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    private static final HouseholdSettings EVERYTHING = HouseholdSettings.defaults(21).withEv(EvSettings.DEFAULT)
            .withBattery(BatterySettings.DEFAULT).withBoiler(BoilerSettings.DEFAULT);
    private static final MeterRegisters INSTALLED = new MeterRegisters(1_234_567, 2_000_001, 345_678, 98_765,
            4_321_000, 87_654);

    private static Instant local(String dateTime) {
        return LocalDateTime.parse(dateTime).atZone(BRUSSELS).toInstant();
    }

    @Test
    void theRegistersAreTheExactIntegralOfThePerSecondPowers() {
        HouseholdSettings settings = HouseholdSettings.defaults(21);
        // a Wednesday morning in May: night import before 07:00, day import and solar export after
        Instant start = local("2025-05-14T06:45:00");
        SimulatedMeter meter = new SimulatedMeter(new Household(settings), start, INSTALLED, MeterIdentity.FLUVIUS);
        Household independent = new Household(settings);
        long[] imported = new long[2];
        long[] exported = new long[2];
        long solar = 0;
        Telegram last = null;
        for (int s = 0; s < 9_000; s++) {
            Instant t = start.plusSeconds(s);
            HouseholdPower p = independent.powerAt(t);
            int tariff = TariffSchedule.at(t).ordinal();
            imported[tariff] += p.importWatts();        // × 1 s
            exported[tariff] += p.exportWatts();
            solar += p.solarWatts();
            last = meter.next(t.plusSeconds(1));
        }
        assertThat(imported[Tariff.DAY.ordinal()]).isPositive();
        assertThat(imported[Tariff.NIGHT.ordinal()]).isPositive();
        assertThat(exported[Tariff.DAY.ordinal()]).isPositive();
        assertThat(solar).isPositive();

        long dayIn = INSTALLED.importDayWh() * 3_600 + imported[Tariff.DAY.ordinal()];
        long nightIn = INSTALLED.importNightWh() * 3_600 + imported[Tariff.NIGHT.ordinal()];
        long dayOut = INSTALLED.exportDayWh() * 3_600 + exported[Tariff.DAY.ordinal()];
        long nightOut = INSTALLED.exportNightWh() * 3_600 + exported[Tariff.NIGHT.ordinal()];
        assertThat(meter.importedWattSeconds(Tariff.DAY)).isEqualTo(dayIn);
        assertThat(meter.importedWattSeconds(Tariff.NIGHT)).isEqualTo(nightIn);
        assertThat(meter.exportedWattSeconds(Tariff.DAY)).isEqualTo(dayOut);
        assertThat(meter.exportedWattSeconds(Tariff.NIGHT)).isEqualTo(nightOut);
        // the telegram shows the whole Wh; the remainder below a Wh is kept for the next second
        assertThat(last.energyImported(Tariff.DAY)).hasValue(dayIn / 3_600);
        assertThat(last.energyImported(Tariff.NIGHT)).hasValue(nightIn / 3_600);
        assertThat(last.energyExported(Tariff.DAY)).hasValue(dayOut / 3_600);
        assertThat(last.energyExported(Tariff.NIGHT)).hasValue(nightOut / 3_600);
    }

    @Test
    void oneSecondStepsOnTheFastPathGiveTheSameMeterAsTheTelegramPath() {
        Instant start = local("2025-08-02T17:50:00");
        SimulatedMeter slow = new SimulatedMeter(new Household(EVERYTHING), start);
        SimulatedMeter fast = new SimulatedMeter(new Household(EVERYTHING), start);
        for (int s = 1; s <= 1_800; s++) {
            slow.next(start.plusSeconds(s));
        }
        fast.advanceTo(start.plusSeconds(1_800), Duration.ofSeconds(1));
        assertThat(fast.registers()).isEqualTo(slow.registers());
        assertThat(fast.telegram()).isEqualTo(slow.telegram());
    }

    @Test
    void coarseStepsStayCloseToTheSecondBySecondIntegral() {
        Household household = new Household(EVERYTHING);
        Instant from = local("2025-04-07T00:00:00");
        Instant to = from.plus(Duration.ofDays(3));
        long exact = importedWh(household, from, to, 1);
        assertThat(importedWh(household, from, to, 10)).isCloseTo(exact, org.assertj.core.data.Percentage.withPercentage(3));
        assertThat(importedWh(household, from, to, 60)).isCloseTo(exact, org.assertj.core.data.Percentage.withPercentage(8));
    }

    private static long importedWh(Household household, Instant from, Instant to, int step) {
        SimulatedMeter meter = new SimulatedMeter(household, from);
        meter.advanceTo(to, Duration.ofSeconds(step));
        return meter.registers().importedWh();
    }

    @Test
    void theTariffSwitchesAt07And22OnAWeekdayInWinterAndSummer() {
        for (String day : List.of("2025-03-11", "2025-06-17")) {         // Tuesdays, CET and CEST
            SimulatedMeter meter = new SimulatedMeter(new Household(HouseholdSettings.defaults(1)),
                    local(day + "T06:59:30"));
            assertSwitch(meter, local(day + "T07:00:00"), Tariff.NIGHT, Tariff.DAY);
            meter.advanceTo(local(day + "T21:59:30"), Duration.ofSeconds(10));
            assertSwitch(meter, local(day + "T22:00:00"), Tariff.DAY, Tariff.NIGHT);
        }
    }

    /** Steps a second at a time across {@code at}: the indicator and the counting register change exactly there. */
    private static void assertSwitch(SimulatedMeter meter, Instant at, Tariff before, Tariff after) {
        while (meter.now().isBefore(at.plusSeconds(30))) {
            Instant t = meter.now().plusSeconds(1);
            long beforeWs = meter.importedWattSeconds(before);
            long afterWs = meter.importedWattSeconds(after);
            Telegram telegram = meter.next(t);
            boolean switched = !t.isBefore(at.plusSeconds(1));
            // the second that ends at t began at t − 1 s, and is counted in that second's tariff
            assertThat(meter.importedWattSeconds(switched ? before : after)).as("register at %s", t)
                    .isEqualTo(switched ? beforeWs : afterWs);
            assertThat(telegram.tariff()).as("indicator at %s", t).contains(t.isBefore(at) ? before : after);
        }
    }

    @Test
    void saturdayAndSundayAreNightAllDay() {
        SimulatedMeter meter = new SimulatedMeter(new Household(HouseholdSettings.defaults(1)),
                local("2025-03-15T00:00:00"), INSTALLED, MeterIdentity.FLUVIUS);
        for (int hour = 0; hour < 48; hour++) {
            meter.advanceTo(local("2025-03-15T00:00:00").plusSeconds(hour * 3_600L + 3_599), Duration.ofSeconds(60));
            Telegram t = meter.next(meter.now().plusSeconds(1));
            assertThat(t.tariff()).as("at %s", t.timestamp()).contains(Tariff.NIGHT);
        }
        assertThat(meter.registers().importDayWh()).isEqualTo(INSTALLED.importDayWh());
        assertThat(meter.registers().importNightWh()).isGreaterThan(INSTALLED.importNightWh() + 5_000);
        assertThat(TariffSchedule.at(local("2025-03-17T07:00:00"))).isEqualTo(Tariff.DAY);
    }

    @Test
    void theRunningQuarterAverageRestartsAtEachQuarter() {
        Instant start = local("2025-01-15T18:40:00");          // a Wednesday, dinner being cooked
        SimulatedMeter meter = new SimulatedMeter(new Household(HouseholdSettings.defaults(31)), start);
        Household independent = new Household(HouseholdSettings.defaults(31));
        long quarterImport = 0;
        long quarterStart = Math.floorDiv(start.getEpochSecond(), 900) * 900;
        for (int s = 1; s <= 1_200; s++) {
            Instant t = start.plusSeconds(s);
            long secondStart = t.getEpochSecond() - 1;
            if (secondStart % 900 == 0) {
                quarterStart = secondStart;
                quarterImport = 0;
            }
            quarterImport += independent.powerAt(Instant.ofEpochSecond(secondStart)).importWatts();
            long elapsed = t.getEpochSecond() - quarterStart;
            // the import so far over the whole quarter: it rises through the quarter, as a Fluvius meter's does
            long expected = elapsed == 900 ? 0 : quarterImport / 900;
            Telegram telegram = meter.next(t);
            assertThat(telegram.currentAverageDemand()).as("1.4.0 at %s", t).hasValue(expected);
            if (elapsed == 900) {
                quarterStart = t.getEpochSecond();
                quarterImport = 0;
            }
        }
        Telegram beforeQuarter = partOfQuarter(start, "18:59:59");
        Telegram atQuarter = partOfQuarter(start, "19:00:00");
        assertThat(beforeQuarter.currentAverageDemand().getAsLong()).isGreaterThan(500);
        assertThat(atQuarter.currentAverageDemand()).hasValue(0);
    }

    private static Telegram partOfQuarter(Instant start, String time) {
        SimulatedMeter meter = new SimulatedMeter(new Household(HouseholdSettings.defaults(31)), start);
        Instant at = local("2025-01-15T" + time);
        meter.advanceTo(at.minusSeconds(1), Duration.ofSeconds(1));
        return meter.next(at);
    }

    @Test
    void theMonthPeakIsTheHighestQuarterAverageOfTheMonthAndMovesToTheHistory() {
        Household household = new Household(HouseholdSettings.defaults(41).withEv(EvSettings.DEFAULT));
        Instant monthStart = local("2025-03-01T00:00:00");
        Instant monthEnd = local("2025-04-01T00:00:00");
        SimulatedMeter meter = new SimulatedMeter(household, monthStart);
        List<QuarterEnergy> quarters = meter.quarterEnergies(monthEnd.minusSeconds(900), Duration.ofSeconds(60));
        QuarterEnergy highest = quarters.stream()
                .max(Comparator.comparingLong(QuarterEnergy::averageImportWatts)
                        .thenComparing(QuarterEnergy::start, Comparator.reverseOrder()))
                .orElseThrow();
        assertThat(meter.monthPeak()).isEqualTo(new DemandPeak(highest.end(), highest.averageImportWatts()));
        assertThat(meter.telegram().monthPeak()).contains(meter.monthPeak());
        assertThat(highest.averageImportWatts()).isGreaterThan(7_000);      // the car charging, and then some

        // the average is the quarter's import in W·s over 900 s, integrated in the same 60 s steps
        Household independent = new Household(household.settings());
        long ws = 0;
        for (int i = 0; i < 15; i++) {
            ws += independent.powerAt(highest.start().plusSeconds(60L * i)).importWatts() * 60;
        }
        assertThat(highest.averageImportWatts()).isEqualTo(ws / 900);

        List<QuarterEnergy> last = meter.quarterEnergies(monthEnd, Duration.ofSeconds(60));
        assertThat(last).hasSize(1);
        quarters = new java.util.ArrayList<>(quarters);
        quarters.addAll(last);
        // March 2025 lost an hour to summer time
        assertThat(quarters).hasSize(31 * 96 - 4);
        assertThat(quarters.stream().mapToLong(QuarterEnergy::importedWh).sum()).isEqualTo(meter.registers().importedWh());
        assertThat(quarters.stream().mapToLong(QuarterEnergy::exportedWh).sum()).isEqualTo(meter.registers().exportedWh());
        assertThat(quarters.stream().mapToLong(QuarterEnergy::gasLitres).sum()).isEqualTo(meter.registers().gasLitres());

        long monthHighest = Math.max(highest.averageImportWatts(), last.get(0).averageImportWatts());
        MonthlyPeak march = meter.peakHistory().get(meter.peakHistory().size() - 1);
        assertThat(march.month()).isEqualTo(YearMonth.of(2025, 3));
        assertThat(march.monthEnd()).isEqualTo(monthEnd);
        assertThat(march.watts()).isEqualTo(monthHighest);
        assertThat(meter.monthPeak().watts()).isZero();
        assertThat(meter.monthPeak().occurredAt()).contains(monthEnd);
    }

    @Test
    void thePeakHistoryKeepsThirteenMonthsOldestFirst() {
        Instant now = Instant.parse("2025-06-10T12:00:00Z");
        SimulatedMeter meter = SimulatedMeter.withHistory(new Household(HouseholdSettings.defaults(5)), now,
                Duration.ofDays(500), Duration.ofSeconds(300));
        List<MonthlyPeak> history = meter.peakHistory();
        assertThat(history).hasSize(13);
        assertThat(history.get(0).month()).isEqualTo(YearMonth.of(2024, 5));
        assertThat(history.get(12).month()).isEqualTo(YearMonth.of(2025, 5));
        for (int i = 0; i < 13; i++) {
            MonthlyPeak p = history.get(i);
            assertThat(p.month()).isEqualTo(YearMonth.of(2024, 5).plusMonths(i));
            assertThat(p.monthEnd()).isEqualTo(p.month().plusMonths(1).atDay(1).atStartOfDay(BRUSSELS).toInstant());
            assertThat(YearMonth.from(p.occurredAt().orElseThrow().minusSeconds(1).atZone(BRUSSELS))).isEqualTo(p.month());
            assertThat(p.watts()).isBetween(2_000L, 15_000L);
        }
        assertThat(meter.now()).isEqualTo(now);
        assertThat(meter.telegram().peakHistory()).isEqualTo(history);
    }

    @Test
    void everyTelegramFramesWithAValidCrcAndParsesBackToTheSameValues() {
        Instant now = Instant.parse("2025-07-05T16:50:00Z");
        SimulatedMeter meter = SimulatedMeter.withHistory(new Household(EVERYTHING), now, Duration.ofDays(70),
                Duration.ofSeconds(300));
        Frames frames = new Frames();
        Random chunks = new Random(5);
        for (int s = 1; s <= 1_200; s++) {
            Telegram built = meter.next(now.plusSeconds(s));
            byte[] bytes = TelegramWriter.toBytes(built);
            List<Telegram> parsed = new java.util.ArrayList<>();
            // in chunks of any size, as a serial line or socket delivers them
            for (int p = 0; p < bytes.length; ) {
                int n = Math.min(bytes.length - p, 1 + chunks.nextInt(300));
                parsed.addAll(frames.accept(java.util.Arrays.copyOfRange(bytes, p, p + n)));
                p += n;
            }
            assertThat(parsed).as("telegram at %s", built.timestamp()).containsExactly(built);
            assertThat(parsed.get(0).warnings()).isEmpty();
            assertThat(parsed.get(0).dialect()).isEqualTo(Dialect.BELGIAN);
            assertPlausible(parsed.get(0));
        }
    }

    private static void assertPlausible(Telegram t) {
        assertThat(t.header()).isEqualTo("FLU5\\253769484_A");
        assertThat(t.version()).contains("50217");
        assertThat(t.equipmentId()).contains("1SAG3105209493");
        assertThat(t.powerLimit()).isEmpty();
        assertThat(t.breakerState()).contains(org.meterkast.p1.BreakerState.CONNECTED);
        assertThat(t.peakHistory()).hasSize(3);     // April (installed on the 26th), May, June
        assertThat(t.gasMeter().orElseThrow().medium()).isEqualTo(Medium.GAS);
        assertThat(t.gasMeter().orElseThrow().channel()).isEqualTo(1);
        assertThat(t.gasMeter().orElseThrow().equipmentId().orElseThrow()).startsWith("7FLO");
        assertThat(t.waterMeter().orElseThrow().channel()).isEqualTo(2);
        assertThat(t.waterMeter().orElseThrow().equipmentId().orElseThrow()).startsWith("8SET");
        long net = t.powerImported().getAsLong() - t.powerExported().getAsLong();
        long phases = 0;
        Measurement[][] perPhase = {
            {Measurement.POWER_IMPORTED_L1, Measurement.POWER_EXPORTED_L1, Measurement.VOLTAGE_L1, Measurement.CURRENT_L1},
            {Measurement.POWER_IMPORTED_L2, Measurement.POWER_EXPORTED_L2, Measurement.VOLTAGE_L2, Measurement.CURRENT_L2},
            {Measurement.POWER_IMPORTED_L3, Measurement.POWER_EXPORTED_L3, Measurement.VOLTAGE_L3, Measurement.CURRENT_L3}};
        for (Measurement[] m : perPhase) {
            long w = t.get(m[0]).getAsLong() - t.get(m[1]).getAsLong();
            long mv = t.get(m[2]).getAsLong();
            long ma = t.get(m[3]).getAsLong();
            phases += w;
            assertThat(mv).isBetween(222_000L, 240_000L);
            // P = U × I, to the 10 mA and 0.1 V shown
            assertThat(Math.abs(Math.abs(w) - mv * ma / 1_000_000)).isLessThanOrEqualTo(3 + Math.abs(w) / 1_000);
        }
        assertThat(phases).isEqualTo(net);
    }

    @Test
    void gasAndWaterReadingsAreTakenEveryFiveMinutes() {
        Instant start = local("2025-01-20T07:00:00");
        SimulatedMeter meter = new SimulatedMeter(new Household(HouseholdSettings.defaults(8)), start, INSTALLED,
                MeterIdentity.FLUVIUS);
        MbusReading previous = null;
        int changes = 0;
        for (int s = 1; s <= 1_800; s++) {
            Instant t = start.plusSeconds(s);
            Telegram telegram = meter.next(t);
            MbusReading gas = telegram.gasMeter().orElseThrow().reading().orElseThrow();
            assertThat(gas.capturedAt().getEpochSecond() % 300).isZero();
            assertThat(gas.capturedAt()).isBeforeOrEqualTo(t).isAfter(t.minusSeconds(301));
            assertThat(gas.unit()).contains("m3");
            if (t.getEpochSecond() % 300 == 0) {
                assertThat(gas.thousandths()).isEqualTo(meter.registers().gasLitres());
                assertThat(telegram.waterMeter().orElseThrow().reading().orElseThrow().thousandths())
                        .isEqualTo(meter.registers().waterLitres());
            }
            if (previous != null && !previous.equals(gas)) {
                changes++;
                assertThat(gas.capturedAt()).isEqualTo(previous.capturedAt().plusSeconds(300));
                assertThat(gas.thousandths()).isGreaterThanOrEqualTo(previous.thousandths());
            }
            previous = gas;
        }
        assertThat(changes).isEqualTo(6);
        // a January morning: the heating burns
        assertThat(meter.registers().gasLitres()).isGreaterThan(INSTALLED.gasLitres() + 50);
    }

    @Test
    void anAllElectricHouseWithoutWaterMeterSendsNoMbusDevices() {
        HouseholdSettings settings = HouseholdSettings.defaults(1).withGas(null).withWater(null);
        SimulatedMeter meter = new SimulatedMeter(new Household(settings), local("2025-01-20T07:00:00"));
        Telegram t = meter.next(local("2025-01-20T07:00:01"));
        assertThat(t.mbusDevices()).isEmpty();
        assertThat(new Frames().accept(TelegramWriter.toBytes(t))).containsExactly(t);
    }

    @Test
    void refusesInstantsAndStepsItCannotKeep() {
        Instant start = local("2025-01-20T07:00:00");
        SimulatedMeter meter = new SimulatedMeter(new Household(HouseholdSettings.defaults(1)), start);
        assertThatThrownBy(() -> meter.next(start)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not after the meter's time " + start);
        assertThatThrownBy(() -> meter.next(start.plusMillis(1_500))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("at must be a whole second, not " + start.plusMillis(1_500));
        assertThatThrownBy(() -> meter.advanceTo(start.minusSeconds(1), Duration.ofSeconds(10)))
                .hasMessageContaining("is before the meter's time");
        assertThatThrownBy(() -> meter.advanceTo(start.plusSeconds(60), Duration.ofMinutes(10)))
                .hasMessage("step must be 1 s to 5 min in whole seconds, not PT10M");
        assertThatThrownBy(() -> meter.advanceTo(start.plusSeconds(60), Duration.ofMillis(500)))
                .hasMessage("step must be 1 s to 5 min in whole seconds, not PT0.5S");
        assertThatThrownBy(() -> new SimulatedMeter(new Household(HouseholdSettings.defaults(1)), start.plusNanos(1)))
                .hasMessageStartingWith("start must be a whole second");
    }

    @Test
    void aChargePointsDrawTakesThePlaceOfTheHouseholdsOwnCar() {
        HouseholdSettings settings = HouseholdSettings.defaults(21).withEv(EvSettings.DEFAULT);
        Household household = new Household(settings);
        CarStay stay = java.util.stream.Stream.iterate(java.time.LocalDate.of(2025, 1, 6), d -> d.plusDays(1))
                .map(household::carStay).flatMap(java.util.Optional::stream).findFirst().orElseThrow();
        Instant start = stay.arrival().plusSeconds(60);
        SimulatedMeter own = new SimulatedMeter(household, start, INSTALLED, MeterIdentity.FLUVIUS);
        SimulatedMeter charged = new SimulatedMeter(household, start, INSTALLED, MeterIdentity.FLUVIUS);
        charged.chargeCarAt(new CarLoad() {
            @Override
            public long watts() {
                return 11_000;
            }

            @Override
            public int phases() {
                return 3;
            }
        });
        assertThat(own.power().evWatts()).as("the household's own car, on L1").isEqualTo(7_400);
        assertThat(charged.power().evWatts()).isEqualTo(11_000);
        // 11,000 W on three phases: 3,666 W on L2 and L3, the odd 3,668 W on L1, where the own car's 7,400 W was
        assertThat(charged.power().netL1Watts() - own.power().netL1Watts()).isEqualTo(3_668 - 7_400);
        assertThat(charged.power().netL2Watts() - own.power().netL2Watts()).isEqualTo(3_666);
        assertThat(charged.power().netL3Watts() - own.power().netL3Watts()).isEqualTo(3_666);
        for (int s = 1; s <= 900; s++) {
            own.next(start.plusSeconds(s));
            charged.next(start.plusSeconds(s));
        }
        // the evening's house imports throughout, so the car's 3,600 W more for 900 s is 900 Wh more, exactly
        assertThat(charged.registers().importedWh() - own.registers().importedWh()).isEqualTo(900);
        assertThat(charged.telegram().get(Measurement.POWER_IMPORTED).getAsLong()
                - own.telegram().get(Measurement.POWER_IMPORTED).getAsLong()).isEqualTo(3_600);
        charged.chargeCarAt(null);
        assertThat(charged.next(start.plusSeconds(901)).get(Measurement.POWER_IMPORTED))
                .isEqualTo(own.next(start.plusSeconds(901)).get(Measurement.POWER_IMPORTED));
    }

    @Test
    void aSteeredBatteryAndBoilerAreCountedOnTheirPhasesAndAnswerTheNetWithoutTheBattery() {
        Household household = new Household(HouseholdSettings.defaults(7));
        Instant start = Instant.parse("2025-01-08T19:00:00Z");      // a winter evening: the house imports
        SimulatedMeter own = new SimulatedMeter(household, start, INSTALLED, MeterIdentity.FLUVIUS);
        SimulatedMeter steered = new SimulatedMeter(household, start, INSTALLED, MeterIdentity.FLUVIUS);
        long[] seen = new long[1];
        steered.storeAt(new HomeStorage() {
            @Override
            public long boilerWatts() {
                return 2_400;
            }

            @Override
            public long batteryWatts(long netWithoutBatteryWatts) {
                seen[0] = netWithoutBatteryWatts;
                return -1_000;      // discharging 1 kW
            }
        });
        HouseholdPower before = own.power();
        HouseholdPower after = steered.power();
        // the default household has neither: the boiler's 2,400 W on L2, the battery's −1,000 W on L3
        assertThat(before.boilerWatts()).isZero();
        assertThat(after.boilerWatts()).isEqualTo(2_400);
        assertThat(after.batteryWatts()).isEqualTo(-1_000);
        assertThat(seen[0]).as("the battery sees the house and the boiler").isEqualTo(before.netWatts() + 2_400);
        assertThat(after.netWatts()).isEqualTo(before.netWatts() + 1_400);
        assertThat(after.netL1Watts()).isEqualTo(before.netL1Watts());
        assertThat(after.netL2Watts()).isEqualTo(before.netL2Watts() + 2_400);
        assertThat(after.netL3Watts()).isEqualTo(before.netL3Watts() - 1_000);
        for (int s = 1; s <= 900; s++) {
            own.next(start.plusSeconds(s));
            steered.next(start.plusSeconds(s));
        }
        // the evening house imports throughout, so 1,400 W more for 900 s is 350 Wh more
        assertThat(steered.registers().importedWh() - own.registers().importedWh()).isEqualTo(350);
        steered.storeAt(null);
        assertThat(steered.next(start.plusSeconds(901)).get(Measurement.POWER_IMPORTED))
                .isEqualTo(own.next(start.plusSeconds(901)).get(Measurement.POWER_IMPORTED));
    }
}
