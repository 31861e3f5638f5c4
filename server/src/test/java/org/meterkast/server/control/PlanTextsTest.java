package org.meterkast.server.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.meterkast.energy.ev.PlanPrices;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every name the plan's API answers with (its states, the goal's missing fields, where the car's charge and a
 * quarter's price come from) has its text in the web app, in each language, under {@code plan.}.
 */
class PlanTextsTest {
    static List<String> keys() {
        List<String> keys = new ArrayList<>();
        for (ChargePlanning.PlanState state : ChargePlanning.PlanState.values()) {
            keys.add("plan.state." + ChargePlanning.camel(state));
        }
        ChargePlanning.GOAL.forEach(field -> keys.add("plan.missing." + field));
        for (ChargePlanning.SocSource source : ChargePlanning.SocSource.values()) {
            keys.add("plan.soc." + ChargePlanning.camel(source));
        }
        for (PlanPrices.Source source : PlanPrices.Source.values()) {
            keys.add("plan.price." + ChargePlanning.camel(source));
        }
        keys.add("plan.price." + ChargePlanning.NO_TARIFF);
        return keys;
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "nl", "fr"})
    void everyNameThePlanAnswersHasItsText(String language) throws IOException {
        Set<String> texts = new TreeSet<>();
        try (InputStream in = getClass().getResourceAsStream("/static/i18n/" + language + ".json")) {
            JsonNode json = JsonMapper.builder().build().readTree(in.readAllBytes());
            json.propertyNames().forEach(texts::add);
        }
        assertThat(keys()).hasSize(16).contains("plan.state.noGoal", "plan.missing.batteryKwh",
                "plan.price.dayAhead", "plan.price.noTariff");
        assertThat(texts).containsAll(keys());
    }
}
