package org.meterkast.energy.fluvius;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.QuarterEnergy;

class FluviusCsvParserTest {
    static final String ELECTRICITY_2021 =
            "Verbruikshistoriek_elektriciteit_123456789123456789_20211012_20240929_kwartiertotalen.csv";
    static final String GAS_2022 = "Verbruikshistoriek_gas_123456789123456789_20220110_20240929_uurtotalen.csv";
    static final String GAS_2023_ENGLISH =
            "Consumption_history_gas_541448860018322037_20231022_20250426_hourly totals.csv";
    static final String MARCH_2025 =
            "Verbruikshistoriek_elektriciteit_541448820050357909_20250329_20250331_kwartiertotalen.csv";

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = FluviusCsvParserTest.class.getResourceAsStream("/fluvius/" + name)) {
            return Objects.requireNonNull(in, name).readAllBytes();
        }
    }

    private static List<ClosedQuarter> on(FluviusExport export, LocalDate day) {
        Instant from = day.atStartOfDay(FluviusCsvParser.BRUSSELS).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(FluviusCsvParser.BRUSSELS).toInstant();
        return export.quarters().stream()
                .filter(q -> !q.quarter().start().isBefore(from) && q.quarter().start().isBefore(to)).toList();
    }

    @Test
    void electricity2021TotalsAndCounts() throws IOException {
        FluviusExport export = FluviusCsvParser.parse(fixture(ELECTRICITY_2021));

        // figures made with awk on the file: 3,848 rows; Afname Dag 18,142 Wh, Afname Nacht 50 Wh, no injection;
        // 354 rows Geschat, each in a different quarter
        assertThat(export.kind()).isEqualTo(FluviusExport.Kind.ELECTRICITY);
        assertThat(export.ean()).isEqualTo("123456879123456789");
        assertThat(export.meterSerial()).isEqualTo("1SAG12345678");
        assertThat(export.rows()).isEqualTo(3848);
        assertThat(export.quarters()).hasSize(1924);
        assertThat(export.intervals()).isEqualTo(1924);
        assertThat(export.estimates()).isEqualTo(354);
        assertThat(export.missing()).isZero();
        assertThat(export.gaps()).isEmpty();
        QuarterEnergy total = export.quarters().stream().map(ClosedQuarter::energy)
                .reduce(QuarterEnergy.ZERO, QuarterEnergy::plus);
        assertThat(total).isEqualTo(new QuarterEnergy(18142, 50, 0, 0));
        assertThat(export.from()).isEqualTo(Instant.parse("2021-10-11T22:00:00Z"));
        assertThat(export.to()).isEqualTo(Instant.parse("2021-10-31T23:00:00Z"));
        // 13-10-2021: 3,072 Wh of import, by awk; its 07:00 quarter is Afname Dag 0,005 Geschat
        assertThat(on(export, LocalDate.of(2021, 10, 13)).stream().mapToLong(q -> q.energy().imported()).sum())
                .isEqualTo(3072);
        ClosedQuarter seven = on(export, LocalDate.of(2021, 10, 13)).get(28);
        assertThat(seven.quarter().start()).isEqualTo(Instant.parse("2021-10-13T05:00:00Z"));
        assertThat(seven.energy()).isEqualTo(new QuarterEnergy(5, 0, 0, 0));
        assertThat(seven.estimated()).isTrue();
    }

    @Test
    void theOctoberDayHas100QuartersOneEveryFifteenMinutesInUtc() throws IOException {
        FluviusExport export = FluviusCsvParser.parse(fixture(ELECTRICITY_2021));

        List<ClosedQuarter> day = on(export, LocalDate.of(2021, 10, 31));
        assertThat(day).hasSize(100);
        assertThat(day.get(0).quarter().start()).isEqualTo(Instant.parse("2021-10-30T22:00:00Z"));
        // 02:00 summer time (00:00Z) comes first, then 02:00 winter time (01:00Z): no quarter is lost or doubled
        assertThat(day.get(8).quarter().start()).isEqualTo(Instant.parse("2021-10-31T00:00:00Z"));
        assertThat(day.get(12).quarter().start()).isEqualTo(Instant.parse("2021-10-31T01:00:00Z"));
        assertThat(day.get(99).quarter().start()).isEqualTo(Instant.parse("2021-10-31T22:45:00Z"));
        for (int i = 1; i < day.size(); i++) {
            assertThat(day.get(i).quarter().start()).isEqualTo(day.get(i - 1).quarter().end());
        }
        // Geen verbruik with an empty volume is zero, not a gap
        assertThat(day).allMatch(q -> q.energy().equals(QuarterEnergy.ZERO) && !q.estimated());
    }

    @Test
    void theMarchDayHas92Quarters() throws IOException {
        FluviusExport export = FluviusCsvParser.parse(fixture(MARCH_2025));

        assertThat(export.ean()).isEqualTo("541448820050357909");
        assertThat(export.rows()).isEqualTo(2 * (96 + 92 + 96));
        List<ClosedQuarter> day = on(export, LocalDate.of(2025, 3, 30));
        assertThat(day).hasSize(92);
        // 01:45 winter time (00:45Z) is followed by 03:00 summer time (01:00Z)
        assertThat(day.get(7).quarter().start()).isEqualTo(Instant.parse("2025-03-30T00:45:00Z"));
        assertThat(day.get(8).quarter().start()).isEqualTo(Instant.parse("2025-03-30T01:00:00Z"));
        assertThat(export.gaps()).isEmpty();
        assertThat(export.to()).isEqualTo(Instant.parse("2025-03-31T22:00:00Z"));
        // Monday 31-03 07:00 is the first Dag quarter of the file: import in the day field
        ClosedQuarter monday7 = on(export, LocalDate.of(2025, 3, 31)).get(28);
        assertThat(monday7.energy().importNight()).isZero();
        assertThat(on(export, LocalDate.of(2025, 3, 31)).get(27).energy().importDay()).isZero();
    }

    @Test
    void dutchGasIsPivotedPerHourWithItsCalorificStatus() throws IOException {
        FluviusExport export = FluviusCsvParser.parse(fixture(GAS_2022));

        // by awk: 116 rows, 16,045 litres and 182,085 Wh; 20 rows Geschat (10 hours)
        assertThat(export.kind()).isEqualTo(FluviusExport.Kind.GAS);
        assertThat(export.meterSerial()).isEqualTo("7FLO12345678");
        assertThat(export.rows()).isEqualTo(116);
        assertThat(export.gasHours()).hasSize(58);
        assertThat(export.quarters()).isEmpty();
        assertThat(export.gasHours().stream().mapToLong(FluviusGasHour::litres).sum()).isEqualTo(16045);
        assertThat(export.gasHours().stream().mapToLong(FluviusGasHour::wattHours).sum()).isEqualTo(182085);
        assertThat(export.estimates()).isEqualTo(10);
        assertThat(export.from()).isEqualTo(Instant.parse("2022-01-10T05:00:00Z"));
        assertThat(export.to()).isEqualTo(Instant.parse("2022-01-12T15:00:00Z"));
        // 10-01-2022 07:00: 5,445 kWh (Voorlopig) and 0,495 m³, kWh row first
        assertThat(export.gasHours().get(1)).isEqualTo(new FluviusGasHour(Instant.parse("2022-01-10T06:00:00Z"),
                495, 5445, false, CalorificValue.PROVISIONAL));
        // 12-01-2022 06:00: 3,664 kWh Geschat Definitief, 0,321 m³
        assertThat(export.gasHours().get(48)).isEqualTo(new FluviusGasHour(Instant.parse("2022-01-12T05:00:00Z"),
                321, 3664, true, CalorificValue.FINAL));
        // the first hour: Geen verbruik, empty volumes: zero
        assertThat(export.gasHours().get(0).litres()).isZero();
    }

    @Test
    void englishGasWithItsOctoberDayOf25Hours() throws IOException {
        FluviusExport export = FluviusCsvParser.parse(fixture(GAS_2023_ENGLISH));

        // by awk: 3,398 rows, 628,173 litres, 7,095,984 Wh, all Read; 50 rows on 29/10/2023
        assertThat(export.ean()).isEqualTo("123456879123456789");
        assertThat(export.rows()).isEqualTo(3398);
        assertThat(export.gasHours()).hasSize(1699);
        assertThat(export.gasHours().stream().mapToLong(FluviusGasHour::litres).sum()).isEqualTo(628173);
        assertThat(export.gasHours().stream().mapToLong(FluviusGasHour::wattHours).sum()).isEqualTo(7095984);
        assertThat(export.estimates()).isZero();
        assertThat(export.gaps()).isEmpty();
        Instant from = Instant.parse("2023-10-28T22:00:00Z");
        Instant to = Instant.parse("2023-10-29T23:00:00Z");
        List<FluviusGasHour> day = export.gasHours().stream()
                .filter(h -> !h.start().isBefore(from) && h.start().isBefore(to)).toList();
        assertThat(day).hasSize(25);
        assertThat(day.get(2).start()).isEqualTo(Instant.parse("2023-10-29T00:00:00Z"));
        assertThat(day.get(3).start()).isEqualTo(Instant.parse("2023-10-29T01:00:00Z"));
        // 22/10/2023 08:00: 0,364 m³ (m³ row first), 4,125 kWh
        assertThat(export.gasHours().get(2)).isEqualTo(new FluviusGasHour(Instant.parse("2023-10-22T06:00:00Z"),
                364, 4125, false, CalorificValue.UNKNOWN));
    }

    @Test
    void theNewDutchHeaderWithUitgelezenAndAnEmptyOmschrijving() {
        String file = "Van (datum);Van (tijdstip);Tot (datum);Tot (tijdstip);EAN-code;Meter;Metertype;Register;"
                + "Volume;Eenheid;Validatiestatus;Omschrijving\n"
                + "02-09-2025;00:00:00;02-09-2025;00:15:00;=\"541448820050357909\";1SAG3200193141;Digitale meter;"
                + "Afname Nacht;0,065;kWh;Uitgelezen;\n"
                + "02-09-2025;00:00:00;02-09-2025;00:15:00;=\"541448820050357909\";1SAG3200193141;Digitale meter;"
                + "Injectie Nacht;0,000;kWh;Uitgelezen;";
        FluviusExport export = FluviusCsvParser.parse(file.getBytes(StandardCharsets.UTF_8));

        assertThat(export.quarters()).containsExactly(new ClosedQuarter(
                new org.meterkast.energy.quarter.Quarter(Instant.parse("2025-09-01T22:00:00Z")), 0,
                new QuarterEnergy(0, 65, 0, 0), false));
        assertThat(export.meterSerial()).isEqualTo("1SAG3200193141");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # header                                                                                         | separator
          Van datum;Van tijdstip;Tot datum;Tot tijdstip;EAN-code;Meter;Metertype;Register;Volume;Eenheid;Validatiestatus;Omschrijving | ;
          From (date);From (time);Until (date);Until (time);EAN code;Meter;Meter type;Register;Volume;Unit;Validation status;Description | ;
          Validatiestatus;Volume;Register;Eenheid;EAN;Van Tijdstip;Van Datum                           | ;
          Van Datum	Van Tijdstip	EAN	Register	Volume	Eenheid	Validatiestatus                                | TAB
        """)
    void columnsAreFoundByNameInEveryHeaderSpelling(String header, String separator) {
        String sep = separator.equals("TAB") ? "\t" : ";";
        String[] names = header.split(sep);
        StringBuilder file = new StringBuilder("\uFEFF").append(header);
        for (String register : List.of("Afname Dag", "Injectie Dag")) {
            file.append("\r\n");
            List<String> fields = new ArrayList<>();
            for (String name : names) {
                String n = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[ ()-]", "");
                fields.add(switch (n) {
                    case "vandatum", "fromdate", "totdatum", "untildate" -> "03-09-2025";
                    case "vantijdstip", "fromtime" -> "12:00:00";
                    case "tottijdstip", "untiltime" -> "12:15:00";
                    case "eancode", "ean" -> "=\"541448820050357909\"";
                    case "register" -> register;
                    case "volume" -> register.startsWith("Afname") ? "1,25" : "0,5";
                    case "eenheid", "unit" -> "kWh";
                    case "validatiestatus", "validationstatus" -> "Uitgelezen";
                    default -> "";
                });
            }
            file.append(String.join(sep, fields));
        }
        FluviusExport export = FluviusCsvParser.parse(file.toString().getBytes(StandardCharsets.UTF_8));

        assertThat(export.quarters()).hasSize(1);
        assertThat(export.quarters().get(0).energy()).isEqualTo(new QuarterEnergy(1250, 0, 500, 0));
        assertThat(export.quarters().get(0).quarter().start()).isEqualTo(Instant.parse("2025-09-03T10:00:00Z"));
    }

    private static final String HEADER = "Van Datum;Van Tijdstip;Tot Datum;Tot Tijdstip;EAN;Meter;Metertype;Register;"
            + "Volume;Eenheid;Validatiestatus\n";

    private static String row(String date, String time, String register, String volume, String status) {
        return date + ";" + time + ";" + date + ";" + time + ";=\"123456879123456789\";1SAG1;Digitale Meter;"
                + register + ";" + volume + ";kWh;" + status + "\n";
    }

    @Test
    void anEmptyVolumeIsZeroOnlyWithGeenVerbruikOtherwiseAGap() {
        String file = HEADER
                + row("01-12-2025", "10:00:00", "Afname Dag", "0,100", "Gevalideerd")
                + row("01-12-2025", "10:00:00", "Injectie Dag", "", "Geen verbruik")
                + row("01-12-2025", "10:15:00", "Afname Dag", "", "Geen gegevens")
                + row("01-12-2025", "10:15:00", "Injectie Dag", "", "Geen verbruik")
                // 10:30 is not in the file at all
                + row("01-12-2025", "10:45:00", "Afname Dag", "0,2", "Geschat")
                + row("01-12-2025", "10:45:00", "Injectie Dag", "0", "Geschat");
        FluviusExport export = FluviusCsvParser.parse(file.getBytes(StandardCharsets.UTF_8));

        assertThat(export.quarters()).extracting(q -> q.energy().importDay()).containsExactly(100L, 200L);
        assertThat(export.quarters().get(1).estimated()).isTrue();
        assertThat(export.missing()).isEqualTo(2);
        assertThat(export.estimates()).isEqualTo(1);
        assertThat(export.gaps()).containsExactly(new FluviusGap(Instant.parse("2025-12-01T09:15:00Z"),
                Instant.parse("2025-12-01T09:45:00Z")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # case              | second row                                                                              | line | problem
          bad date          | 32-12-2025;10:15:00;x;x;="123456879123456789";1SAG1;D;Afname Dag;0,1;kWh;Gevalideerd   | 3 | does not exist
          bad time          | 01-12-2025;10h15;x;x;="123456879123456789";1SAG1;D;Afname Dag;0,1;kWh;Gevalideerd      | 3 | is not HH:mm:ss
          unknown register  | 01-12-2025;10:15:00;x;x;="123456879123456789";1SAG1;D;Piekvermogen;0,1;kW;Voorlopig    | 3 | unknown register 'Piekvermogen'
          unknown unit      | 01-12-2025;10:15:00;x;x;="123456879123456789";1SAG1;D;Afname Dag;0,1;MWh;Gevalideerd   | 3 | unknown unit 'MWh'
          unknown status    | 01-12-2025;10:15:00;x;x;="123456879123456789";1SAG1;D;Afname Dag;0,1;kWh;Gemeten       | 3 | unknown validation status 'Gemeten'
          bad volume        | 01-12-2025;10:15:00;x;x;="123456879123456789";1SAG1;D;Afname Dag;1.234,5;kWh;Gevalideerd | 3 | is not a number
          too fine          | 01-12-2025;10:15:00;x;x;="123456879123456789";1SAG1;D;Afname Dag;0,1234;kWh;Gevalideerd | 3 | more than 3 decimals
          mixed EANs        | 01-12-2025;10:15:00;x;x;="541448820050357909";1SAG1;D;Afname Dag;0,1;kWh;Gevalideerd   | 3 | a second EAN
          duplicate quarter | 01-12-2025;10:00:00;x;x;="123456879123456789";1SAG1;D;Afname Dag;0,1;kWh;Gevalideerd   | 3 | a second Afname Dag row
          off the quarter   | 01-12-2025;10:05:00;x;x;="123456879123456789";1SAG1;D;Afname Dag;0,1;kWh;Gevalideerd   | 3 | does not start on a quarter hour
          gas in electricity| 01-12-2025;10:15:00;x;x;="123456879123456789";7FLO1;D;Afname;0,1;m³;Gevalideerd        | 3 | a gas row in an export of electricity
          too few fields    | 01-12-2025;10:15:00;x;x;="123456879123456789"                                          | 3 | fields
          no such hour      | 30-03-2025;02:15:00;x;x;="123456879123456789";1SAG1;D;Afname Nacht;0,1;kWh;Gevalideerd | 3 | does not exist in Brussels
        """)
    void aBadRowIsNamedByItsLineNumber(String name, String second, int line, String problem) {
        String file = HEADER + row("01-12-2025", "10:00:00", "Afname Dag", "0,100", "Gevalideerd") + second;

        assertThatThrownBy(() -> FluviusCsvParser.parse(file.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FluviusFormatException.class)
                .hasMessageStartingWith("line " + line + " '")
                .hasMessageContaining(problem)
                .satisfies(e -> assertThat(((FluviusFormatException) e).lineNumber()).isEqualTo(line));
    }

    @Test
    void aMissingColumnOrAnEmptyFileIsNamed() {
        assertThatThrownBy(() -> FluviusCsvParser.parse("Van Datum;Van Tijdstip;EAN;Register;Eenheid\n"
                .getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("line 1").hasMessageContaining("the column Volume is missing");
        assertThatThrownBy(() -> FluviusCsvParser.parse(new byte[0])).hasMessageContaining("empty");
        assertThatThrownBy(() -> FluviusCsvParser.parse(HEADER.getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("no data rows");
    }

    @Test
    void theOctoberHourIsGivenTwiceButNotThreeTimes() {
        String twice = HEADER
                + row("31-10-2021", "02:00:00", "Afname Nacht", "0,001", "Gevalideerd")
                + row("31-10-2021", "02:00:00", "Afname Nacht", "0,002", "Gevalideerd");
        FluviusExport export = FluviusCsvParser.parse(twice.getBytes(StandardCharsets.UTF_8));
        assertThat(export.quarters()).extracting(q -> q.quarter().start()).containsExactly(
                Instant.parse("2021-10-31T00:00:00Z"), Instant.parse("2021-10-31T01:00:00Z"));
        assertThat(export.quarters()).extracting(q -> q.energy().importNight()).containsExactly(1L, 2L);
        // the quarters in between (00:15Z to 00:45Z) are not in this small file: a gap, reported
        assertThat(export.missing()).isEqualTo(3);

        String thrice = twice + row("31-10-2021", "02:00:00", "Afname Nacht", "0,003", "Gevalideerd");
        assertThatThrownBy(() -> FluviusCsvParser.parse(thrice.getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("line 4").hasMessageContaining("a second Afname Nacht row");
    }

    @Test
    void progressIsToldUpToTheWholeFile() throws IOException {
        byte[] file = fixture(GAS_2023_ENGLISH);
        List<long[]> told = new ArrayList<>();
        FluviusCsvParser.parse(file, (bytes, total, rows) -> told.add(new long[] {bytes, total, rows}));
        assertThat(told.get(told.size() - 1)).containsExactly(file.length, file.length, 3398);
    }
}
