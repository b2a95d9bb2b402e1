package io.rcsgw.rules.rating;

import java.util.Map;

/** Which tariff plan each bot is rated with; bots without one of their own get the default. */
public final class TariffTable {

    private final Map<String, TariffPlan> byBot;
    private final TariffPlan fallback;

    public TariffTable(Map<String, TariffPlan> byBot, TariffPlan fallback) {
        this.byBot = Map.copyOf(byBot);
        this.fallback = fallback;
    }

    /** No tariffs configured: outcomes are recorded, unpriced. */
    public static TariffTable unpriced() {
        return new TariffTable(Map.of(), TariffPlan.UNPRICED);
    }

    public TariffPlan forBot(String botId) {
        return byBot.getOrDefault(botId, fallback);
    }
}
