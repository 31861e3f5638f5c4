package org.meterkast.sim.ev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonTest {
    @Test
    void readsAnOcppFrame() {
        Object frame = Json.parse("""
                [2, "19223201", "SetChargingProfile", {"connectorId": 1, "csChargingProfiles": {"stackLevel": 0,
                 "chargingSchedule": {"chargingRateUnit": "A", "chargingSchedulePeriod": [{"startPeriod": 0,
                 "limit": 16.5, "numberPhases": 3}]}}, "flag": true, "none": null, "text": "a\\"b\\u00e9\\n"}]
                """);
        assertThat(frame).isInstanceOf(List.class);
        List<?> f = (List<?>) frame;
        assertThat(f.get(0)).isEqualTo(new BigDecimal("2"));
        assertThat(f.get(2)).isEqualTo("SetChargingProfile");
        Map<?, ?> payload = (Map<?, ?>) f.get(3);
        assertThat(payload.get("flag")).isEqualTo(true);
        assertThat(payload.containsKey("none")).isTrue();
        assertThat(payload.get("text")).isEqualTo("a\"bé\n");
        Map<?, ?> period = (Map<?, ?>) ((List<?>) ((Map<?, ?>) ((Map<?, ?>) payload.get("csChargingProfiles"))
                .get("chargingSchedule")).get("chargingSchedulePeriod")).get(0);
        assertThat(period.get("limit")).isEqualTo(new BigDecimal("16.5"));
    }

    @Test
    void writesWhatItReadsAndLeavesNullMembersOut() {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("connectorId", 1);
        payload.put("transactionId", null);
        payload.put("meterValue", List.of(Map.of("value", "6900")));
        payload.put("quote", "say \"hi\"\t");
        String text = Json.write(List.of(2, "7", "MeterValues", payload));
        assertThat(text).isEqualTo("[2,\"7\",\"MeterValues\",{\"connectorId\":1,\"meterValue\":[{\"value\":\"6900\"}],"
                + "\"quote\":\"say \\\"hi\\\"\\t\"}]");
        assertThat(Json.write(Json.parse(text))).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        [2, "1"             | expected ',' or ']' at character 7, found the end
        [2, "1"] x          | expected end of text at character 9, found 'x'
        {1: 2}              | expected a member name in quotes at character 1, found '1'
        [2, "1", tru]       | expected a value at character 9, found 't'
        ["a\\q"]            | expected an escape such as \\n or \\u0041 at character 4, found 'q'
        """)
    void badTextSaysWhereAndWhat(String text, String message) {
        assertThatThrownBy(() -> Json.parse(text)).isInstanceOf(Json.SyntaxException.class).hasMessage(message);
    }
}
