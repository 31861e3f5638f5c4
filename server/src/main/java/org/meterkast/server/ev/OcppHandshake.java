package org.meterkast.server.ev;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * The door of {@code /ocpp/{chargePointId}}: OCPP 1.6J security profile 1, HTTP Basic authentication with the charge
 * point id as the user and its own password. An id no address registered is refused with 404 (as OCPP-J says), a
 * missing or wrong password with 401; each refusal is counted, and neither says which of the two it was beyond the
 * status the standard asks for.
 */
@Component
class OcppHandshake implements HandshakeInterceptor {
    private static final Logger log = LoggerFactory.getLogger(OcppHandshake.class);
    /** printable ASCII without '/', up to the 48 characters the security whitepaper allows an identity */
    private static final Pattern ID = Pattern.compile("[\\x21-\\x2E\\x30-\\x7E]{1,48}");

    private final CentralSystem central;

    OcppHandshake(CentralSystem central) {
        this.central = central;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                   Map<String, Object> attributes) {
        String path = request.getURI().getRawPath();
        String id = URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
        if (!ID.matcher(id).matches()) {
            response.setStatusCode(HttpStatus.NOT_FOUND);
            central.countUnknownId();
            return false;
        }
        String password = basicPassword(request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION), id);
        CentralSystem.Admission admission = central.admit(id, password);
        switch (admission) {
            case ADMITTED -> {
                attributes.put(CentralSystem.CHARGE_POINT, id);
                return true;
            }
            case UNKNOWN_ID -> {
                log.info("OCPP connection from {} refused: no address registered charge point id '{}'",
                        request.getRemoteAddress(), id);
                response.setStatusCode(HttpStatus.NOT_FOUND);
                return false;
            }
            case WRONG_PASSWORD -> {
                log.info("OCPP connection from {} refused: {} password for charge point '{}'",
                        request.getRemoteAddress(), password == null ? "no" : "a wrong", id);
                response.setStatusCode(HttpStatus.UNAUTHORIZED);
                response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"OCPP\"");
                return false;
            }
        }
        return false;
    }

    /** The password of a Basic authorization whose user is the charge point id; null when there is none. */
    static String basicPassword(String authorization, String chargePointId) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0 || !decoded.substring(0, colon).equals(chargePointId)) {
            return null;
        }
        return decoded.substring(colon + 1);
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                               Exception exception) {
    }
}
