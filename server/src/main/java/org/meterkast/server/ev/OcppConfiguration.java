package org.meterkast.server.ev;

import jakarta.websocket.server.ServerContainer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.context.ServletContextAware;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/**
 * Chargers connect to {@code /ocpp/{chargePointId}} on the application's own port. The browsers' security chain
 * (sessions, CSRF, the API's sign-in) is not theirs: a chain of its own lets the handshake through to
 * {@link OcppHandshake}, which checks the charger's Basic authentication, and keeps no session.
 */
@Configuration
@EnableWebSocket
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class OcppConfiguration implements WebSocketConfigurer {
    private final CentralSystem central;
    private final OcppHandshake handshake;

    OcppConfiguration(CentralSystem central, OcppHandshake handshake) {
        this.central = central;
        this.handshake = handshake;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(central, "/ocpp/*").addInterceptors(handshake);
    }

    /**
     * Each connection's buffers are allocated when it opens: a text frame up to 8 K characters (a MeterValues is
     * well under 2 K, the GetConfiguration answers asked for a few hundred), no binary frames; a connection silent for three
     * heartbeat intervals is closed, as the charger is gone.
     */
    @Bean
    ServletContextAware webSocketContainerLimits(OcppSettings settings) {
        // the container is there when a real server runs (not under MockMvc): set on it, not made by a factory bean
        return servletContext -> {
            if (servletContext.getAttribute(ServerContainer.class.getName()) instanceof ServerContainer container) {
                container.setDefaultMaxTextMessageBufferSize(CentralSystem.MAX_FRAME_CHARS);
                container.setDefaultMaxBinaryMessageBufferSize(256);
                container.setDefaultMaxSessionIdleTimeout(settings.heartbeatInterval().multipliedBy(3).toMillis());
            }
        };
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain ocppSecurity(HttpSecurity http) throws Exception {
        return http.securityMatcher("/ocpp/**")
                .csrf(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .anonymous(AbstractHttpConfigurer::disable)
                .authorizeHttpRequests(rules -> rules.anyRequest().permitAll())
                .build();
    }
}
