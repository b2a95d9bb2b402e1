package io.rcsgw.gateway.config;

import io.rcsgw.rules.rating.BillingModel;
import io.rcsgw.rules.rating.ChargeCategory;
import io.rcsgw.rules.rating.PrefixPrices;
import io.rcsgw.rules.rating.PriceVersion;
import io.rcsgw.rules.rating.Rounding;
import io.rcsgw.rules.rating.SmsCharging;
import io.rcsgw.rules.rating.TariffPlan;
import io.rcsgw.rules.rating.TariffTable;
import io.rcsgw.rules.rating.TextLimit;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** {@code rating.tariffs}: checked with an error naming the key, and turned into tariff plans. */
final class TariffPlans {

    private TariffPlans() {
    }

    /** Checks rating.tariffs and returns their names. */
    static Set<String> validate(GatewayConfig.Rating rating) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < rating.tariffs().size(); i++) {
            GatewayConfig.Tariff t = rating.tariffs().get(i);
            String k = "rating.tariffs[" + i + "]";
            if (t == null) {
                throw new ConfigException(k + ": a tariff is required");
            }
            ConfigValidator.required(k + ".name", t.name());
            if (!t.name().matches("[A-Za-z0-9._-]{1,64}")) {
                throw new ConfigException(k + ".name: 1-64 characters of A-Z a-z 0-9 . _ -");
            }
            if (!names.add(t.name())) {
                throw new ConfigException(k + ".name: duplicate tariff name " + t.name());
            }
            if (t.currency() == null || !t.currency().matches("[A-Z]{3}")) {
                throw new ConfigException(k + ".currency: an ISO 4217 code such as EUR");
            }
            try {
                plan(t, k);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(k + ": " + e.getMessage());
            }
        }
        if (rating.defaultTariff() != null && !names.contains(rating.defaultTariff())) {
            throw new ConfigException("rating.defaultTariff: no tariff named " + rating.defaultTariff() + " under rating.tariffs");
        }
        return names;
    }

    /** The tariff plans of a validated config, by bot. */
    static TariffTable table(GatewayConfig c) {
        if (c.rating().tariffs().isEmpty()) {
            return TariffTable.unpriced();
        }
        Map<String, TariffPlan> byName = new HashMap<>();
        for (GatewayConfig.Tariff t : c.rating().tariffs()) {
            byName.put(t.name(), plan(t, t.name()));
        }
        Map<String, TariffPlan> byBot = new HashMap<>();
        for (GatewayConfig.Bot b : c.bots()) {
            if (b.tariff() != null) {
                byBot.put(b.id(), byName.get(b.tariff()));
            }
        }
        return new TariffTable(byBot, byName.get(c.rating().defaultTariff()));
    }

    private static TariffPlan plan(GatewayConfig.Tariff t, String k) {
        BillingModel model = choice(k + ".model", t.model(), BillingModel.BUSINESS_MESSAGING, BillingModel::valueOf);
        TextLimit limit = choice(k + ".basicLimit", t.basicLimit(), TextLimit.CHARACTERS, TextLimit::valueOf);
        SmsCharging sms = choice(k + ".smsCharged", t.smsCharged(), SmsCharging.ACCEPTED, SmsCharging::valueOf);
        Rounding rounding = Rounding.DEFAULT;
        if (t.rounding() != null) {
            int scale = t.rounding().scale() == null ? Rounding.DEFAULT.scale() : t.rounding().scale();
            if (scale < 0 || scale > 12) {
                throw new ConfigException(k + ".rounding.scale: 0 to 12 decimal places");
            }
            RoundingMode mode = choice(k + ".rounding.mode", t.rounding().mode(), Rounding.DEFAULT.mode(), RoundingMode::valueOf);
            if (mode == RoundingMode.UNNECESSARY) {
                throw new ConfigException(k + ".rounding.mode: half-up, half-even, half-down, up, down, ceiling or floor");
            }
            rounding = new Rounding(scale, mode);
        }
        List<PriceVersion> versions = new ArrayList<>();
        versions.add(version(k, t, t.version() == null ? "initial" : t.version(), Instant.EPOCH));
        List<GatewayConfig.PriceVersion> later = t.versions() == null ? List.of() : t.versions();
        for (int i = 0; i < later.size(); i++) {
            GatewayConfig.PriceVersion v = later.get(i);
            String vk = k + ".versions[" + i + "]";
            if (v == null) {
                throw new ConfigException(vk + ": a version is required");
            }
            Instant from;
            try {
                from = Instant.parse(v.from() == null ? "" : v.from());
            } catch (DateTimeParseException e) {
                throw new ConfigException(vk + ".from: an ISO 8601 instant such as 2027-01-01T00:00:00Z");
            }
            if (!from.isAfter(versions.get(versions.size() - 1).effectiveFrom())) {
                throw new ConfigException(vk + ".from: must be after the version before it");
            }
            versions.add(version(vk, v, v.version() == null ? v.from() : v.version(), from));
        }
        return new TariffPlan(t.name(), t.currency(), model, limit, rounding, sms, versions);
    }

    private static PriceVersion version(String k, GatewayConfig.Prices p, String id, Instant from) {
        if (p.rcsConversation() != null && p.rcsP2aConversation() != null) {
            throw new ConfigException(k + ".rcsConversation: set rcsP2aConversation only (rcsConversation is its older name)");
        }
        Map<ChargeCategory, BigDecimal> prices = new EnumMap<>(ChargeCategory.class);
        put(k, prices, ChargeCategory.RCS_BASIC, p.rcsBasic());
        put(k, prices, ChargeCategory.RCS_SINGLE, p.rcsSingle());
        put(k, prices, ChargeCategory.RCS_A2P_CONVERSATION, p.rcsA2pConversation());
        put(k, prices, ChargeCategory.RCS_P2A_CONVERSATION, p.rcsP2aConversation() != null ? p.rcsP2aConversation()
                : p.rcsConversation());
        put(k, prices, ChargeCategory.RCS_TEXT_SEGMENT, p.rcsTextSegment());
        put(k, prices, ChargeCategory.RCS_MEDIA, p.rcsMedia());
        put(k, prices, ChargeCategory.SMS_SEGMENT, p.smsSegment());
        put(k, prices, ChargeCategory.SMS_MO, p.smsMo());
        put(k, prices, ChargeCategory.SMS_UPGRADED, p.smsUpgraded());
        Map<String, BigDecimal> byPrefix = p.smsByPrefix() == null ? Map.of() : p.smsByPrefix();
        for (Map.Entry<String, BigDecimal> e : byPrefix.entrySet()) {
            String pk = k + ".smsByPrefix." + e.getKey();
            if (!e.getKey().matches("[0-9]{1,15}")) {
                throw new ConfigException(pk + ": a prefix is 1-15 digits of an international number, without +");
            }
            if (e.getValue() == null || e.getValue().signum() < 0) {
                throw new ConfigException(pk + ": a price, not negative");
            }
        }
        return new PriceVersion(id, from, prices, new PrefixPrices(byPrefix));
    }

    private static void put(String k, Map<ChargeCategory, BigDecimal> prices, ChargeCategory c, BigDecimal price) {
        if (price == null) {
            return;
        }
        if (price.signum() < 0) {
            throw new ConfigException(k + "." + c.key() + ": must not be negative");
        }
        prices.put(c, price);
    }

    /** A config word (half-up, per-segment) as its enum constant, or the default when unset. */
    private static <E extends Enum<E>> E choice(String key, String value, E otherwise, Function<String, E> parse) {
        if (value == null) {
            return otherwise;
        }
        try {
            return parse.apply(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + ": unknown value " + value);
        }
    }
}
