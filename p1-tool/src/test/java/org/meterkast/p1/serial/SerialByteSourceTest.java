package org.meterkast.p1.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SerialByteSourceTest {
    @TempDir
    Path dir;

    @Test
    void describesThePortAndItsSettings() {
        SerialByteSource source = new SerialByteSource("/dev/ttyUSB0");

        assertThat(source.describe()).isEqualTo("serial port /dev/ttyUSB0 (115200 8N1)");
        assertThat(source.settings()).isEqualTo(SerialSettings.DEFAULT);
        assertThat(source.isFinite()).isFalse();
    }

    @Test
    void aMissingPortIsNamedWithThePortsThatDoExist() {
        String missing = dir.resolve("ttyUSB9").toString();

        assertThatThrownBy(() -> new SerialByteSource(missing).open()).isInstanceOf(IOException.class)
                .hasMessage("cannot open serial port " + missing + ": no such device; available ports: "
                        + SerialByteSource.availablePorts());
    }

    @Test
    void aPathIsNeverSwappedForTheDeviceOfTheSameNameInDev() throws IOException {
        // jSerialComm alone would open /dev/ttyS0 for a missing <dir>/ttyS0
        Path decoy = dir.resolve("ttyS0");

        assertThatThrownBy(() -> new SerialByteSource(decoy.toString()).open())
                .hasMessageStartingWith("cannot open serial port " + decoy + ": no such device");
    }

    @Test
    void aDanglingLinkSaysWhereItPoints() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("meter"), dir.resolve("gone"));

        assertThatThrownBy(() -> new SerialByteSource(link.toString()).open())
                .hasMessageStartingWith("cannot open serial port " + link + ": it is a link to " + dir.resolve("gone")
                        + ", which does not exist; available ports: ");
    }

    @Test
    void aBlankPortIsRefused() {
        assertThatThrownBy(() -> new SerialByteSource(" ", SerialSettings.DEFAULT))
                .hasMessage("portPath must not be blank");
    }
}
