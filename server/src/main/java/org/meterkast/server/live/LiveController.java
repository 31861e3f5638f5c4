package org.meterkast.server.live;

import java.util.List;
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

    LiveController(LiveState state, LiveBroadcast broadcast, MeterRepository meters) {
        this.state = state;
        this.broadcast = broadcast;
        this.meters = meters;
    }

    @GetMapping(path = "/api/meters/{id}/live", produces = "text/event-stream")
    SseEmitter live(@PathVariable("id") String id) {
        meters.require(id);
        return broadcast.watch(id);
    }

    @GetMapping("/api/meters/{id}/power")
    List<PowerRing.Sample> lastHour(@PathVariable("id") String id) {
        meters.require(id);
        return state.lastHour(id);
    }
}
