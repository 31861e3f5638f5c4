package org.meterkast.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.server.SignedInMockMvc;
import org.meterkast.server.TestServer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Uploaded day-ahead prices lie within ENTSO-E's harmonised limits, −500 to +4,000 €/MWh: one price outside them
 * refuses the whole upload with 400 naming it and its time, and nothing is stored (a −1e9 price once made another
 * household's dynamic bill −€ 17,971,663.51).
 */
@SpringBootTest
@AutoConfigureMockMvc
class PriceRangeSecurityTest {
    static final String BODY = "{\"unix_seconds\":[1777888800,1777889700,1777890600],\"price\":[%s],\"unit\":\"EUR / MWh\"}";

    @TempDir
    static Path folder;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        TestServer.sqliteWithoutAMeterAtHome(registry, folder.resolve("price-range.db"));
    }

    /** Signed in as the first account of the install: the administrator, who may upload. */
    @TestConfiguration
    static class SignedIn {
        @Bean
        MockMvcBuilderCustomizer signedIn(ApplicationContext context) {
            return SignedInMockMvc.holding(context);
        }
    }

    @Autowired
    MockMvc mvc;

    private MockHttpServletResponse upload(String prices) throws Exception {
        return mvc.perform(post("/api/prices").contentType(MediaType.APPLICATION_JSON).header("Accept-Language", "en")
                .content(BODY.formatted(prices))).andReturn().getResponse();
    }

    private String stored() throws Exception {
        return mvc.perform(get("/api/prices").param("from", "2026-05-04T10:00:00Z").param("to", "2026-05-04T11:00:00Z"))
                .andReturn().getResponse().getContentAsString();
    }

    @Test
    void pricesOutsideTheDayAheadLimitsAreRefusedWhole() throws Exception {
        assertThat(upload("3000, -500, 4000").getStatus()).isEqualTo(200);
        String before = stored();
        assertThat(before).contains("3000").contains("-500").contains("4000");

        MockHttpServletResponse tooHigh = upload("12.5, 4000.01, 13");
        assertThat(tooHigh.getStatus()).isEqualTo(400);
        assertThat(tooHigh.getContentAsString()).contains("4000.01").contains("2026-05-04T10:15:00Z")
                .contains("-500").contains("4000");
        assertThat(stored()).isEqualTo(before);

        MockHttpServletResponse absurd = upload("-1e9, 12.5, 13");
        assertThat(absurd.getStatus()).isEqualTo(400);
        assertThat(absurd.getContentAsString()).contains("-1000000000").contains("2026-05-04T10:00:00Z");
        assertThat(stored()).isEqualTo(before).doesNotContain("12.5");

        assertThat(upload("12.5, -500.01, 13").getStatus()).isEqualTo(400);
        assertThat(stored()).isEqualTo(before);
    }
}
