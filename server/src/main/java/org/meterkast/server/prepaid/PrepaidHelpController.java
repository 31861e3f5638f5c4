package org.meterkast.server.prepaid;

import java.util.List;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The help page's content: what the card budget meter's display codes and the digital meter's Prepaid symbols mean,
 * and what to do, in the user's language (from the budget-meter brochure and the Fluvius meter manual).
 */
@RestController
class PrepaidHelpController {
    /** One code or symbol as the meter shows it, and its explanation. */
    record HelpEntry(String meter, String shown, String explanation) {
    }

    /** The card meter's codes, as its display shows them, with their message keys. */
    private static final List<String[]> CARD_METER = List.of(
            new String[] {"[0]", "0"}, new String[] {"[1]", "1"}, new String[] {"[6]", "6"},
            new String[] {"[7]", "7"}, new String[] {"[8]", "8"}, new String[] {"[9]", "9"},
            new String[] {"[10]", "10"}, new String[] {"[A]", "a"}, new String[] {"OFF", "off"});
    /** The digital meter's two Prepaid symbols. */
    private static final List<String[]> DIGITAL_METER = List.of(
            new String[] {"A", "breaker-disconnect"}, new String[] {"B", "disconnector-open"});

    private final MessageSource messages;

    PrepaidHelpController(MessageSource messages) {
        this.messages = messages;
    }

    @GetMapping("/api/prepaid/help")
    List<HelpEntry> help(Locale locale) {
        var out = new java.util.ArrayList<HelpEntry>();
        for (String[] c : CARD_METER) {
            out.add(new HelpEntry("card", c[0], messages.getMessage("prepaid.help.card." + c[1], null, locale)));
        }
        for (String[] c : DIGITAL_METER) {
            out.add(new HelpEntry("digital", c[0], messages.getMessage("prepaid.help.digital." + c[1], null, locale)));
        }
        return out;
    }
}
