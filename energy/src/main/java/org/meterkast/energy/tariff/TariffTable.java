package org.meterkast.energy.tariff;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Reads the tariff data files: {@code ;}-separated rows, {@code #} comments, a line number in every error. */
final class TariffTable {
    private TariffTable() {
    }

    static List<String[]> rows(InputStream in, String name, int columns) {
        Objects.requireNonNull(in, () -> name + " is missing");
        var rows = new ArrayList<String[]>();
        try (var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cells = line.split(";", -1);
                if (cells.length != columns) {
                    throw new IllegalArgumentException(name + " line " + number + ": " + cells.length
                            + " columns, expected " + columns);
                }
                for (int i = 0; i < cells.length; i++) {
                    cells[i] = cells[i].strip();
                }
                rows.add(cells);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(name, e);
        }
        return rows;
    }
}
