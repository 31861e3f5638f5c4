package org.meterkast.server.location;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Checking an EAN as a user types it, in the user's language. The controller alone: neither the meter access check
 * nor the security filters (which let anyone check an EAN) are part of this slice.
 */
@WebMvcTest(controllers = EanController.class,
        excludeFilters = @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE, classes = MeterAccess.class))
@AutoConfigureMockMvc(addFilters = false)
class EanApiTest {
    @Autowired
    MockMvc mvc;

    @Test
    void aValidEanAndWhatItSupplies() throws Exception {
        mvc.perform(get("/api/ean/{text}", "5414 4886 0018 3220 37"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.ean").value("541448860018322037"))
                .andExpect(jsonPath("$.kind").value("GAS"));
    }

    @Test
    void aTypoIsCaughtWithAClearMessage() throws Exception {
        mvc.perform(get("/api/ean/{text}", "541448820052377135").header("Accept-Language", "nl"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("ean"))
                .andExpect(jsonPath("$.error").value(containsString("het laatste cijfer klopt niet")));
        mvc.perform(get("/api/ean/{text}", "54144882005237713").header("Accept-Language", "fr"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value(containsString("18 chiffres")));
        mvc.perform(get("/api/ean/{text}", "123456789123456789"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value(containsString("starts with 54")));
    }
}
