package org.meterkast.server.live;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Locale;
import org.meterkast.server.account.CredentialCheck;
import org.meterkast.server.account.SignedIn;
import org.meterkast.server.web.ApiError;
import org.springframework.context.MessageSource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.meterkast.server.store.MeterRepository;
import org.meterkast.server.store.UnknownMeterException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The live view: a stream of each telegram's summary, and the last hour of net power. */
@RestController
class LiveController {
    private final LiveState state;
    private final LiveBroadcast broadcast;
    private final MeterRepository meters;
    private final CredentialCheck credentials;
    private final MessageSource messages;
    private final RequestAttributeSecurityContextRepository requestContext = new RequestAttributeSecurityContextRepository();

    LiveController(LiveState state, LiveBroadcast broadcast, MeterRepository meters, CredentialCheck credentials,
                   MessageSource messages) {
        this.state = state;
        this.broadcast = broadcast;
        this.meters = meters;
        this.credentials = credentials;
        this.messages = messages;
    }

    @GetMapping(path = "/api/meters/{id}/live", produces = "text/event-stream")
    SseEmitter live(@PathVariable("id") String id, HttpServletRequest request, HttpServletResponse response) {
        meters.require(id);
        SseEmitter emitter = broadcast.watch(id, SignedIn.require().accountId(), credentials.of(request));
        // the stream's end is a second (async) dispatch of this request, which a token does not sign in again and a
        // session ended by a logout no longer can: it goes on as the account the stream was opened for
        requestContext.saveContext(SecurityContextHolder.getContext(), request, response);
        return emitter;
    }

    /**
     * A refused stream is answered in JSON, though a browser's EventSource asks for text/event-stream only: the
     * content type is set, so the answer is not refused in turn as not acceptable (a 500).
     */
    @ExceptionHandler
    ResponseEntity<ApiError> refused(LiveBroadcast.Refused e, Locale locale) {
        return ResponseEntity.status(e.status).contentType(MediaType.APPLICATION_JSON).body(new ApiError(
                e.status.value(), messages.getMessage(e.code, new Object[] {String.valueOf(e.limit)}, locale), null,
                null));
    }

    /** An unknown meter's stream: 404 in JSON, for the same reason. */
    @ExceptionHandler
    ResponseEntity<ApiError> unknownMeter(UnknownMeterException e, Locale locale) {
        return ResponseEntity.status(404).contentType(MediaType.APPLICATION_JSON).body(ApiError.ofMeter(404,
                messages.getMessage("error.meter.unknown", new Object[] {e.meter()}, locale), e.meter()));
    }

    @GetMapping("/api/meters/{id}/power")
    List<PowerRing.Sample> lastHour(@PathVariable("id") String id) {
        meters.require(id);
        return state.lastHour(id);
    }
}
