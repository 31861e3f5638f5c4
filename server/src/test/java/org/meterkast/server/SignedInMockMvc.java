package org.meterkast.server;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;

/**
 * The auto-configured {@code MockMvc} of a test, signed in: every request it performs carries the API token of a
 * {@link TestHousehold} holding the named meters. A test declares it as a bean of a nested
 * {@code @TestConfiguration}; a request that sets its own {@code Authorization} header sends that one instead.
 */
public final class SignedInMockMvc {
    private SignedInMockMvc() {
    }

    /** Signs in every request as an account holding these meters. */
    public static MockMvcBuilderCustomizer holding(ApplicationContext context, String... meters) {
        return builder -> builder.defaultRequest(get("/").header(HttpHeaders.AUTHORIZATION,
                TestHousehold.bearer(context, meters)));
    }
}
