package org.meterkast.server.location;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.meterkast.server.account.SignedIn;
import org.meterkast.server.store.UnknownMeterException;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every {@code /api/meters/{id}/…} call is answered only for a meter one of the account's addresses shows. Any
 * other meter, existing or not, is answered 404 "unknown meter", so guessing ids tells nothing. The one exception
 * is a push meter's telegram endpoint, which its own bearer token guards.
 */
@Configuration
class MeterAccess implements WebMvcConfigurer, HandlerInterceptor {
    private static final String PREFIX = "/api/meters/";

    private final LocationRepository locations;

    MeterAccess(LocationRepository locations) {
        this.locations = locations;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/meters/*/**").excludePathPatterns("/api/meters/*/telegrams");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!path.startsWith(PREFIX)) {
            return true;
        }
        int end = path.indexOf('/', PREFIX.length());
        String meter = URLDecoder.decode(path.substring(PREFIX.length(), end < 0 ? path.length() : end),
                StandardCharsets.UTF_8);
        SignedIn account = SignedIn.current().orElseThrow(() -> new UnknownMeterException(meter));
        if (!locations.holdsMeter(account.accountId(), meter)) {
            throw new UnknownMeterException(meter);
        }
        return true;
    }
}
