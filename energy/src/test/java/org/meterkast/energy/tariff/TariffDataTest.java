package org.meterkast.energy.tariff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TariffDataTest {
    private static final BigDecimal VAT = new BigDecimal("1.06");

    @Test
    void everyAreaHasTariffsFor2025And2026() {
        NetworkTariffs tariffs = NetworkTariffs.shipped();
        for (DistributionArea area : DistributionArea.values()) {
            assertThat(tariffs.inForce(area, LocalDate.of(2025, 6, 1)).validFrom()).isEqualTo(LocalDate.of(2025, 1, 1));
            assertThat(tariffs.inForce(area, LocalDate.of(2026, 12, 31)).validFrom())
                    .isEqualTo(LocalDate.of(2026, 1, 1));
        }
        assertThat(tariffs.all()).hasSize(16);
    }

    @Test
    void the2026FiguresMatchTheCardsIncludingVat() {
        NetworkTariff imewo = NetworkTariffs.shipped().inForce(DistributionArea.IMEWO, LocalDate.of(2026, 3, 1));
        // ENGIE April-2026 card: 57.4530 €/kW/yr and 5.54236 c€/kWh incl. VAT; data management 18.92 €/yr
        assertThat(imewo.capacityPerKwYear().multiply(VAT).setScale(4, RoundingMode.HALF_UP))
                .isEqualByComparingTo("57.4530");
        assertThat(imewo.perKwh().multiply(VAT).movePointRight(2).setScale(5, RoundingMode.HALF_UP))
                .isEqualByComparingTo("5.54236");
        assertThat(imewo.dataManagementPerYear().multiply(VAT).setScale(2, RoundingMode.HALF_UP))
                .isEqualByComparingTo("18.92");
        assertThat(imewo.maximumPerKwh().multiply(VAT).movePointRight(2).setScale(5, RoundingMode.HALF_UP))
                .isEqualByComparingTo("34.72738");
    }

    @Test
    void the2025FiguresGiveTheEnecoCardBackToTheCent() {
        NetworkTariff west = NetworkTariffs.shipped().inForce(DistributionArea.WEST, LocalDate.of(2025, 12, 1));
        assertThat(west.capacityPerKwYear().multiply(VAT).setScale(2, RoundingMode.HALF_UP))
                .isEqualByComparingTo("60.35");
        assertThat(west.perKwh().multiply(VAT).movePointRight(2).setScale(2, RoundingMode.HALF_UP))
                .isEqualByComparingTo("7.47");
        assertThat(west.maximumPerKwh()).isNull();
    }

    @Test
    void leviesChangeOnTheFirstOfAugust2026() {
        Levies levies = Levies.shipped();
        Levies.LevySet july = levies.inForce(LocalDate.of(2026, 7, 31));
        Levies.LevySet august = levies.inForce(LocalDate.of(2026, 8, 1));

        assertThat(july.excise().get(0).perKwh()).isEqualByComparingTo("0.04748");
        assertThat(july.excise()).hasSize(4);
        assertThat(july.energyContributionPerKwh()).isEqualByComparingTo("0.0019261");
        assertThat(august.excise()).extracting(Levies.ExciseBracket::perKwh).containsExactly(new BigDecimal("0.04600"));
        assertThat(august.energyContributionPerKwh()).isEqualByComparingTo("0");
        assertThat(levies.inForce(LocalDate.of(2025, 3, 1)).energiefondsPerMonth()).isEqualByComparingTo("9.88");
        assertThat(july.energiefondsPerMonth()).isEqualByComparingTo("10.07");
    }

    @Test
    void aBrokenDataFileNamesItsLine() {
        byte[] file = "# comment\n2026-01-01;IMEWO;54.2\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> NetworkTariffs.read(new ByteArrayInputStream(file), "mine.csv"))
                .hasMessage("mine.csv line 2: 3 columns, expected 9");
        assertThat(Arrays.stream(DistributionArea.values()).map(DistributionArea::displayName))
                .contains("Fluvius Imewo");
    }
}
