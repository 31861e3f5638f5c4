package org.meterkast.server.prepaid;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.meterkast.energy.prepaid.Appliances;
import org.meterkast.server.web.BadParameterException;
import org.springframework.context.MessageSource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The limited-power planner: the appliances of the budget-meter brochure with their names in the user's language,
 * and whether the ones ticked fit together under the limit (2,300 W unless another is given).
 */
@RestController
class ApplianceController {
    /** An appliance of the table, named. */
    record ApplianceView(String key, String name, long fromWatts, long toWatts) {
    }

    /**
     * One ticked appliance: a key of the table (its lower power is counted unless {@code watts} says what the
     * household's own draws), or just a name and its watts.
     */
    record Ticked(String key, String name, Long watts) {
    }

    /** The question: these appliances together, under this limit in W. */
    record PlanRequest(List<Ticked> appliances, Long limitWatts) {
    }

    private final MessageSource messages;

    ApplianceController(MessageSource messages) {
        this.messages = messages;
    }

    @GetMapping("/api/prepaid/appliances")
    List<ApplianceView> appliances(Locale locale) {
        return Appliances.table().stream().map(a -> new ApplianceView(a.key(),
                messages.getMessage("appliance." + a.key(), null, locale), a.fromWatts(), a.toWatts())).toList();
    }

    @PostMapping("/api/prepaid/appliances/plan")
    Appliances.Plan plan(@RequestBody PlanRequest request) {
        Map<String, Appliances.Appliance> table = Appliances.table().stream()
                .collect(Collectors.toMap(Appliances.Appliance::key, Function.identity()));
        var watts = new ArrayList<Long>();
        List<Ticked> ticked = request.appliances() == null ? List.of() : request.appliances();
        for (int i = 0; i < ticked.size(); i++) {
            Ticked t = ticked.get(i);
            if (t.watts() != null) {
                if (t.watts() < 0 || t.watts() > 50_000) {
                    throw new BadParameterException("appliances[" + i + "].watts", "error.appliance.watts",
                            Long.toString(t.watts()));
                }
                watts.add(t.watts());
            } else if (t.key() != null && table.containsKey(t.key())) {
                watts.add(table.get(t.key()).fromWatts());
            } else {
                throw new BadParameterException("appliances[" + i + "]", "error.appliance.unknown",
                        String.valueOf(t.key()));
            }
        }
        long limit = request.limitWatts() == null ? 2300 : request.limitWatts();
        return Appliances.plan(watts, limit);
    }
}
