package io.rcsgw.rules.rating;

import java.util.Map;

/** Which tariff each bot is rated with; bots without one of their own get the default. */
public final class TariffTable {

    private final Map<String, Tariff> byBot;
    private final Tariff fallback;

    public TariffTable(Map<String, Tariff> byBot, Tariff fallback) {
        this.byBot = Map.copyOf(byBot);
        this.fallback = fallback;
    }

    /** No tariffs configured: outcomes are recorded, unpriced. */
    public static TariffTable unpriced() {
        return new TariffTable(Map.of(), Tariff.UNPRICED);
    }

    public Tariff forBot(String botId) {
        return byBot.getOrDefault(botId, fallback);
    }
}
