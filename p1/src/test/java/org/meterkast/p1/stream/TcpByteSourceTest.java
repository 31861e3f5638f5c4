package org.meterkast.p1.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.UnknownHostException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TcpByteSourceTest {
    @Test
    void parsesHostAndPort() {
        TcpByteSource source = TcpByteSource.parse("192.168.1.50:2000");

        assertThat(source.host()).isEqualTo("192.168.1.50");
        assertThat(source.port()).isEqualTo(2000);
        assertThat(source.connectTimeout()).isEqualTo(TcpByteSource.DEFAULT_CONNECT_TIMEOUT);
        assertThat(source.readTimeout()).isEqualTo(TcpByteSource.DEFAULT_READ_TIMEOUT);
        assertThat(source.describe()).isEqualTo("192.168.1.50:2000");
        assertThat(source.isFinite()).isFalse();
    }

    @Test
    void parsesAHostNameAndABracketedIpv6Address() {
        assertThat(TcpByteSource.parse(" p1-dongle.local:23 ")).extracting(TcpByteSource::host, TcpByteSource::port)
                .containsExactly("p1-dongle.local", 23);
        TcpByteSource v6 = TcpByteSource.parse("[fd00::50]:2000");
        assertThat(v6.host()).isEqualTo("fd00::50");
        assertThat(v6.port()).isEqualTo(2000);
        assertThat(v6.describe()).isEqualTo("[fd00::50]:2000");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "192.168.1.50      | '192.168.1.50' has no port: expected HOST:PORT, e.g. 192.168.1.50:2000",
        ":2000             | ':2000' has no host: expected HOST:PORT, e.g. 192.168.1.50:2000",
        "dongle:telnet     | 'dongle:telnet': the port 'telnet' is not a number",
        "dongle:           | 'dongle:': the port '' is not a number",
        "dongle:0          | 'dongle:0': the port must be 1 to 65535, not 0",
        "dongle:70000      | 'dongle:70000': the port must be 1 to 65535, not 70000",
        "fd00::50:2000     | 'fd00::50:2000' has more than one ':': write an IPv6 address in brackets, e.g. [fd00::50]:2000",
        "[fd00::50]2000    | '[fd00::50]2000' is not [IPv6-ADDRESS]:PORT, e.g. [fd00::50]:2000",
    })
    void badAddressesAreRefusedSayingWhatIsWrong(String text, String message) {
        assertThatThrownBy(() -> TcpByteSource.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void theConstructorChecksItsValues() {
        Duration s = Duration.ofSeconds(1);
        assertThatThrownBy(() -> new TcpByteSource(" ", 2000, s, s)).hasMessage("host must not be blank");
        assertThatThrownBy(() -> new TcpByteSource("dongle", 65_536, s, s))
                .hasMessage("port must be 1 to 65535, not 65536");
        assertThatThrownBy(() -> new TcpByteSource("dongle", 2000, s, Duration.ZERO))
                .hasMessage("readTimeout must be from 1 ms to 24 days, not PT0S");
    }

    @Test
    void anUnknownHostIsNamed() {
        TcpByteSource source = new TcpByteSource("no-such-dongle.invalid", 2000);

        assertThatThrownBy(source::open).isInstanceOf(UnknownHostException.class)
                .hasMessage("cannot connect to no-such-dongle.invalid:2000: unknown host 'no-such-dongle.invalid'");
    }

    @Test
    void readsTheDonglesBytesAsSent() throws Exception {
        byte[] telegram = Fixtures.bytes(Fixtures.FLUVIUS_171);
        try (ScriptedDongle dongle = new ScriptedDongle(socket -> socket.getOutputStream().write(telegram))) {
            try (InputStream in = dongle.source(Duration.ofSeconds(5)).open()) {
                assertThat(in.readAllBytes()).isEqualTo(telegram);
            }
        }
    }

    @Test
    void closingTheStreamClosesTheConnection() throws Exception {
        try (ScriptedDongle dongle = new ScriptedDongle(socket -> ScriptedDongle.idle())) {
            InputStream in = dongle.source(Duration.ofSeconds(5)).open();
            in.close();

            assertThatThrownBy(in::read).isInstanceOf(IOException.class);
        }
    }
}
