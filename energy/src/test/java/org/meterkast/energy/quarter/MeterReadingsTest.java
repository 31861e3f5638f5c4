package org.meterkast.energy.quarter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.meterkast.p1.Dialect;
import org.meterkast.p1.MbusDevice;
import org.meterkast.p1.MbusReading;
import org.meterkast.p1.Tariff;
import org.meterkast.p1.Telegram;
import org.meterkast.p1.TelegramParser;
import org.meterkast.p1.TelegramWriter;

class MeterReadingsTest {

    private static Telegram.Builder meter(Dialect dialect) {
        return Telegram.builder(dialect).header("FLU5\\253769484_A").version(dialect == Dialect.BELGIAN ? "50217" : "50")
                .timestamp(Instant.parse("2026-11-24T10:00:05Z"))
                .energyImported(Tariff.DAY, 1_234_567).energyImported(Tariff.NIGHT, 2_000_001)
                .energyExported(Tariff.DAY, 345).energyExported(Tariff.NIGHT, 12);
    }

    @Test
    void registersComeByTariffPeriodWhateverTheDialectNumbersThem() {
        for (Dialect dialect : Dialect.values()) {
            // written and parsed again, so the registers travel through their dialect's numbering
            Telegram t = new TelegramParser().parse(TelegramWriter.toBytes(meter(dialect).build()));
            assertThat(MeterReadings.registers(t)).as(dialect.name()).hasValue(new RegisterSnapshot(
                    Instant.parse("2026-11-24T10:00:05Z"), new Registers(1_234_567, 2_000_001, 345, 12)));
        }
    }

    @Test
    void aTelegramWithoutTimeOrWithoutARegisterGivesNoReading() {
        assertThat(MeterReadings.registers(meter(Dialect.BELGIAN).timestamp(null).build())).isEmpty();
        assertThat(MeterReadings.registers(meter(Dialect.BELGIAN)
                .clear(org.meterkast.p1.Measurement.ENERGY_EXPORTED_TARIFF_2).build())).isEmpty();
    }

    @Test
    void gasAndWaterByDeviceTypeInLitres() {
        Telegram t = meter(Dialect.BELGIAN)
                .addMbusDevice(new MbusDevice(1, 7, "8SET0000837964", null,
                        new MbusReading(Instant.parse("2026-11-24T09:58:00Z"), 3_830, "m3"), -1, -1))
                .addMbusDevice(new MbusDevice(2, 3, "7FLO2123015189", null,
                        new MbusReading(Instant.parse("2026-11-24T09:55:00Z"), 107_812, "m3"), 1, -1))
                .build();
        assertThat(MeterReadings.gas(t)).hasValueSatisfying(g -> assertThat(g.thousandths()).isEqualTo(107_812));
        assertThat(MeterReadings.water(t)).hasValueSatisfying(w -> assertThat(w.thousandths()).isEqualTo(3_830));
        Telegram heat = meter(Dialect.BELGIAN).addMbusDevice(new MbusDevice(1, 3, null, null,
                new MbusReading(Instant.parse("2026-11-24T09:55:00Z"), 5_000, "GJ"), -1, -1)).build();
        assertThat(MeterReadings.gas(heat)).isEmpty();
    }
}
