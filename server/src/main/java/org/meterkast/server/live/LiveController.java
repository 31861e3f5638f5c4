package org.meterkast.server.live;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.meterkast.server.account.CredentialCheck;
import org.meterkast.server.account.SignedIn;
import org.meterkast.server.store.MeterRepository;
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

    LiveController(LiveState state, LiveBroadcast broadcast, MeterRepository meters, CredentialCheck credentials) {
        this.state = state;
        this.broadcast = broadcast;
        this.meters = meters;
        this.credentials = credentials;
    }

    @GetMapping(path = "/api/meters/{id}/live", produces = "text/event-stream")
    SseEmitter live(@PathVariable("id") String id, HttpServletRequest request) {
        meters.require(id);
        return broadcast.watch(id, SignedIn.require().accountId(), credentials.of(request));
    }

    @GetMapping("/api/meters/{id}/power")
    List<PowerRing.Sample> lastHour(@PathVariable("id") String id) {
        meters.require(id);
        return state.lastHour(id);
    }
}
