package org.meterkast.server.advice;

import org.meterkast.server.account.SignedIn;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Personal advice from an address's own quarters, {@code /api/locations/{id}/advice?month=YYYY-MM} (the month in
 * progress without {@code month}), for the address's own account only: another account's address is answered 404,
 * as one that does not exist.
 */
@RestController
class AdviceController {
    private final AdviceService advice;

    AdviceController(AdviceService advice) {
        this.advice = advice;
    }

    @GetMapping("/api/locations/{id}/advice")
    AdviceService.AdviceView advice(@PathVariable("id") long id,
                                    @RequestParam(name = "month", required = false) String month) {
        return advice.advice(SignedIn.require().accountId(), id, month);
    }
}
