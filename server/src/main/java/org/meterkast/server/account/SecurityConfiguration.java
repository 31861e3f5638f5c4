package org.meterkast.server.account;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.session.autoconfigure.DefaultCookieSerializerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.logout.HttpStatusReturningLogoutSuccessHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may call what. The app shell (page, scripts, texts) is public; the API needs a signed-in account, by the
 * browser's session or an API token, except registering, logging in, password resets, the EAN check and the Prepaid
 * reference texts. A meter's own push endpoint judges its own bearer token. Which meters an account may see is
 * decided by {@code location.MeterAccess}, per request.
 */
@Configuration
class SecurityConfiguration {
    /** bcrypt through the delegating encoder, whose "{bcrypt}" prefix lets a later algorithm take over on login. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /**
     * What the browser may load and do on the app's pages: only the app's own scripts (no inline script, no eval),
     * styles and connections; images also as data: URIs (ECharts makes its pictures so); inline style attributes,
     * which ECharts writes into its tooltips (an inline {@code <style>} element stays refused); no plugins, no
     * framing by another site, no {@code <base>}, forms only to the app.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "style-src-attr 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; "
            + "object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    /** Powerful browser features the app never uses, refused to it and to anything injected into it. */
    static final String PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

    /** When the SESSION and XSRF-TOKEN cookies carry the Secure attribute ({@code meterkast.cookies.secure}). */
    enum SecureCookies {
        /** When the request came over https: directly, or from a trusted proxy (server.forward-headers-strategy). */
        AUTO,
        /** Always, for a proxy that ends TLS without saying so in X-Forwarded-Proto. */
        ALWAYS,
        /** Never. */
        NEVER;

        static SecureCookies of(String setting) {
            try {
                return valueOf(setting.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "meterkast.cookies.secure is auto, always or never, not '" + setting + "'", e);
            }
        }
    }

    /**
     * The CSRF token in a cookie the app's script reads and sends back as the X-XSRF-TOKEN header; SameSite=Lax like
     * the session's, Secure as {@code meterkast.cookies.secure} says.
     */
    @Bean
    CsrfTokenRepository csrfTokenRepository(@Value("${meterkast.cookies.secure:auto}") String secure) {
        SecureCookies cookies = SecureCookies.of(secure);
        CookieCsrfTokenRepository repository = CookieCsrfTokenRepository.withHttpOnlyFalse();
        repository.setCookieCustomizer(cookie -> {
            cookie.sameSite("Lax");
            if (cookies != SecureCookies.AUTO) {
                cookie.secure(cookies == SecureCookies.ALWAYS);
            }
        });
        return repository;
    }

    /**
     * The session cookie (Spring Session's): HttpOnly and SameSite come from server.servlet.session.cookie.*,
     * Secure follows the request unless {@code meterkast.cookies.secure} says always or never.
     */
    @Bean
    DefaultCookieSerializerCustomizer secureSessionCookie(@Value("${meterkast.cookies.secure:auto}") String secure) {
        SecureCookies cookies = SecureCookies.of(secure);
        return serializer -> {
            if (cookies != SecureCookies.AUTO) {
                serializer.setUseSecureCookie(cookies == SecureCookies.ALWAYS);
            }
        };
    }

    /** Only a web server has requests to guard: the {@code import} command starts without one. */
    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    SecurityFilterChain security(HttpSecurity http, AccountService accounts, SecurityErrors errors,
                                 CsrfTokenRepository csrfTokens, SocialLogin social,
                                 ObjectProvider<ClientRegistrationRepository> registrations,
                                 Administrators administrators) throws Exception {
        http.csrf(csrf -> csrf.spa()
                        .csrfTokenRepository(csrfTokens)
                        .ignoringRequestMatchers(ApiTokenFilter::carriesToken)
                        .ignoringRequestMatchers("/api/meters/*/telegrams")
                        // Apple answers with a cross-site POST of the code (response_mode=form_post)
                        .ignoringRequestMatchers("/login/oauth2/code/*"))
                .authorizeHttpRequests(rules -> rules
                        .requestMatchers(HttpMethod.POST, "/api/meters/*/telegrams").permitAll()
                        .requestMatchers("/api/session", "/api/start", "/api/account/register", "/api/account/login",
                                "/api/account/password-reset", "/api/account/password-reset/confirm", "/api/demo").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/account/email-verification/confirm").permitAll()
                        .requestMatchers("/api/ean/**", "/api/prepaid/help", "/api/prepaid/appliances/**").permitAll()
                        // the day-ahead prices are every household's: only an administrator uploads them
                        .requestMatchers(HttpMethod.POST, "/api/prices").access(administrators)
                        // a fleet's meters and their accounts: the provider's operators only
                        .requestMatchers("/api/fleet/**").access(administrators)
                        // a backup holds every household's data: the server's administrators only
                        .requestMatchers("/api/admin/**").access(administrators)
                        .requestMatchers("/api/**").authenticated()
                        .anyRequest().permitAll())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, cause) ->
                                errors.write(request, response, HttpStatus.UNAUTHORIZED, "account.sign-in-first"))
                        .accessDeniedHandler((request, response, cause) ->
                                errors.write(request, response, HttpStatus.FORBIDDEN, "account.forbidden")))
                .logout(logout -> logout.logoutUrl("/api/account/logout")
                        .logoutSuccessHandler(new HttpStatusReturningLogoutSuccessHandler(HttpStatus.NO_CONTENT)))
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .requestCache(cache -> cache.disable())
                // besides Spring Security's defaults (nosniff, X-Frame-Options DENY, no caching, HSTS over https)
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
                        .permissionsPolicyHeader(permissions -> permissions.policy(PERMISSIONS_POLICY)))
                .addFilterBefore(new ApiTokenFilter(accounts, errors), BasicAuthenticationFilter.class)
                .addFilterAfter(new CsrfCookie(), CsrfFilter.class);
        if (registrations.getIfAvailable() != null) {
            social.configure(http);
        }
        return http.build();
    }

    /** Reads the deferred CSRF token on every request, so its cookie is set before the app's first POST. */
    private static final class CsrfCookie extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
            if (token != null) {
                token.getToken();
            }
            chain.doFilter(request, response);
        }
    }
}
