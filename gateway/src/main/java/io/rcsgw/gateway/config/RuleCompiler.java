package io.rcsgw.gateway.config;

import io.rcsgw.rules.content.SmsTemplate;
import io.rcsgw.rules.model.Durations;
import io.rcsgw.rules.model.MessageState;
import io.rcsgw.rules.routing.ChannelPolicy;
import io.rcsgw.rules.routing.ContentKind;
import io.rcsgw.rules.routing.FallbackPolicy;
import io.rcsgw.rules.routing.MissingFeature;
import io.rcsgw.rules.routing.OutsideWindow;
import io.rcsgw.rules.routing.Overflow;
import io.rcsgw.rules.routing.ReceiptPolicy;
import io.rcsgw.rules.routing.Rule;
import io.rcsgw.rules.routing.RuleAction;
import io.rcsgw.rules.routing.RuleMatch;
import io.rcsgw.rules.routing.RuleSet;
import io.rcsgw.rules.routing.SmsOptions;
import io.rcsgw.rules.routing.TimeWindow;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns the {@code rules:} of a configuration (or a rules file) into the rules the gateway runs,
 * checking every value; an error names its key ({@code rules[2].fallback.missingFeature: ...}).
 * The version of a rule set is a hash of what it says, so the same rules have the same version
 * on every node and after every restart.
 */
public final class RuleCompiler {

    /** How long a message waits on RCS under a rule that would otherwise wait for ever. */
    static final Duration WAIT_AT_MOST = Duration.ofDays(7);

    private RuleCompiler() {
    }

    /**
     * @param defaultUndelivered when the implicit last rule (and any rule that does not say) gives
     *                           up waiting for an RCS delivery (rcs.deliveryTimeout)
     * @param webViews           whether web views are configured (a web-view overflow needs them)
     */
    public static RuleSet compile(List<GatewayConfig.Rule> rules, Duration defaultUndelivered, boolean webViews,
                                  String source, java.util.Set<String> bots) {
        List<Rule> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            String k = "rules[" + i + "]";
            GatewayConfig.Rule r = rules.get(i);
            if (r == null) {
                throw new ConfigException(k + ": a rule is required");
            }
            if (r.name() == null || !r.name().matches("[A-Za-z0-9._-]{1,64}")) {
                throw new ConfigException(k + ".name: 1-64 characters of A-Z a-z 0-9 . _ -");
            }
            if (r.name().equals(RuleSet.DEFAULT_RULE) || !names.add(r.name())) {
                throw new ConfigException(k + ".name: " + r.name() + " is used twice (or is the implicit last rule's)");
            }
            out.add(new Rule(r.name(), match(k + ".match", r.match(), bots), action(k, r, defaultUndelivered, webViews)));
        }
        return RuleSet.of(version(source), out, RuleAction.rcsFirst(defaultUndelivered));
    }

    /** A short, stable version of a rule set: the first 12 hex digits of the SHA-256 of its text. */
    static String version(String source) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RuleMatch match(String k, GatewayConfig.Match m, java.util.Set<String> bots) {
        if (m == null) {
            return RuleMatch.ANY;
        }
        List<String> botIds = list(m.bots());
        for (int i = 0; i < botIds.size(); i++) {
            if (!bots.contains(botIds.get(i))) {
                throw new ConfigException(k + ".bots[" + i + "]: no bot " + botIds.get(i) + " under bots");
            }
        }
        List<String> traffic = list(m.trafficTypes());
        for (int i = 0; i < traffic.size(); i++) {
            if (!io.rcsgw.rules.routing.TrafficTypes.KNOWN.contains(traffic.get(i))) {
                throw new ConfigException(k + ".trafficTypes[" + i + "]: one of "
                        + new java.util.TreeSet<>(io.rcsgw.rules.routing.TrafficTypes.KNOWN));
            }
        }
        List<String> prefixes = list(m.prefixes());
        for (int i = 0; i < prefixes.size(); i++) {
            if (prefixes.get(i) == null || !prefixes.get(i).matches("\\+?\\d{1,15}")) {
                throw new ConfigException(k + ".prefixes[" + i + "]: E.164 digits such as 44 or 4477");
            }
        }
        Set<ContentKind> content = new LinkedHashSet<>();
        List<String> kinds = list(m.content());
        for (int i = 0; i < kinds.size(); i++) {
            ContentKind c = ContentKind.parse(kinds.get(i));
            if (c == null) {
                throw new ConfigException(k + ".content[" + i + "]: one of text, file, card, carousel, suggestions");
            }
            content.add(c);
        }
        TimeWindow window = null;
        OutsideWindow outside = OutsideWindow.SKIP;
        if (m.window() != null) {
            String w = k + ".window";
            GatewayConfig.Window cw = m.window();
            ZoneId zone;
            try {
                zone = ZoneId.of(required(w + ".zone", cw.zone()));
            } catch (DateTimeException e) {
                throw new ConfigException(w + ".zone: a time zone such as Europe/London");
            }
            LocalTime from = time(w + ".from", cw.from());
            LocalTime to = time(w + ".to", cw.to());
            if (from.equals(to)) {
                throw new ConfigException(w + ".to: must differ from from");
            }
            window = new TimeWindow(from, to, zone);
            if (cw.outside() != null) {
                outside = OutsideWindow.parse(cw.outside());
                if (outside == null) {
                    throw new ConfigException(w + ".outside: skip, defer or refuse");
                }
            }
        }
        return new RuleMatch(Set.copyOf(list(m.bots())), prefixes.stream().map(p -> p.startsWith("+") ? p.substring(1) : p)
                .toList(), content, Set.copyOf(list(m.trafficTypes())), Set.copyOf(list(m.tags())), window, outside);
    }

    private static RuleAction action(String k, GatewayConfig.Rule r, Duration defaultUndelivered, boolean webViews) {
        ChannelPolicy channel = ChannelPolicy.RCS_FIRST;
        if (r.channel() != null) {
            channel = ChannelPolicy.parse(r.channel());
            if (channel == null) {
                throw new ConfigException(k + ".channel: rcs-first, sms-only or rcs-only");
            }
        }
        FallbackPolicy fallback = fallback(k + ".fallback", r.fallback(), defaultUndelivered);
        SmsOptions sms = sms(k + ".sms", r.sms(), webViews);
        if (r.maxTtl() != null) {
            positive(k + ".maxTtl", r.maxTtl());
        }
        ReceiptPolicy receipts = ReceiptPolicy.DEFAULT;
        if (r.receipts() != null) {
            Duration t = r.receipts().timeout();
            if (t != null) {
                positive(k + ".receipts.timeout", t);
            }
            MessageState end = MessageState.UNDELIVERABLE;
            if (r.receipts().finalState() != null) {
                try {
                    end = MessageState.valueOf(r.receipts().finalState().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    end = null;
                }
                if (end == null || !ReceiptPolicy.FINAL_STATES.contains(end)) {
                    throw new ConfigException(k + ".receipts.finalState: one of UNDELIVERABLE, EXPIRED, DELIVERED, FAILED");
                }
            }
            receipts = new ReceiptPolicy(t, end);
        }
        // a rule that may wait on RCS for ever (no SMS, no undelivered fallback, or holding after a failed revoke)
        // still ends its messages: after maxTtl, by default a week
        Duration maxTtl = r.maxTtl();
        if (maxTtl == null && (channel == ChannelPolicy.RCS_ONLY || fallback.undeliveredAfter() == null
                || !fallback.sendIfRevokeFails())) {
            maxTtl = WAIT_AT_MOST;
        }
        return new RuleAction(channel, fallback, sms, maxTtl, Boolean.TRUE.equals(r.upgrade()), receipts);
    }

    private static FallbackPolicy fallback(String k, GatewayConfig.Fallback f, Duration defaultUndelivered) {
        if (f == null) {
            return FallbackPolicy.all(defaultUndelivered);
        }
        MissingFeature missing = MissingFeature.SEND;
        if (f.missingFeature() != null) {
            missing = MissingFeature.parse(f.missingFeature());
            if (missing == null) {
                throw new ConfigException(k + ".missingFeature: send, degrade or sms");
            }
        }
        Duration undelivered = defaultUndelivered;
        if (f.undeliveredAfter() != null) {
            if (f.undeliveredAfter().equals("off")) {
                undelivered = null;
            } else {
                try {
                    undelivered = Durations.parse(f.undeliveredAfter());
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(k + ".undeliveredAfter: a duration such as 30s or 15m, or off");
                }
                positive(k + ".undeliveredAfter", undelivered);
            }
        }
        boolean sendAnyway = true;
        if (f.revokeFailed() != null) {
            sendAnyway = switch (f.revokeFailed()) {
                case "send" -> true;
                case "hold" -> false;
                default -> throw new ConfigException(k + ".revokeFailed: send (SMS anyway) or hold (no SMS)");
            };
        }
        return new FallbackPolicy(!Boolean.FALSE.equals(f.notCapable()), missing, !Boolean.FALSE.equals(f.platformUnavailable()),
                !Boolean.FALSE.equals(f.rcsFailed()), undelivered, sendAnyway);
    }

    private static SmsOptions sms(String k, GatewayConfig.RuleSms s, boolean webViews) {
        if (s == null) {
            return SmsOptions.DEFAULT;
        }
        SmsOptions d = SmsOptions.DEFAULT;
        if (s.sender() != null) {
            boolean digits = s.sender().chars().allMatch(Character::isDigit);
            if (s.sender().isEmpty() || (digits ? s.sender().length() > 20 : s.sender().length() > 11)) {
                throw new ConfigException(k + ".sender: a number of at most 20 digits or an alphanumeric sender of at most 11 "
                        + "characters");
            }
        }
        if (s.validity() != null && (s.validity().isNegative() || s.validity().isZero()
                || s.validity().compareTo(Duration.ofDays(63)) > 0)) {
            throw new ConfigException(k + ".validity: a positive duration of at most 63d");
        }
        int max = s.maxSegments() == null ? 0 : s.maxSegments();
        if (max < 0 || max > 255) {
            throw new ConfigException(k + ".maxSegments: must be 1..255 (or 0 for api.maxSmsSegments)");
        }
        Overflow overflow = d.overflow();
        if (s.overflow() != null) {
            overflow = Overflow.parse(s.overflow());
            if (overflow == null) {
                throw new ConfigException(k + ".overflow: reject, truncate or web-view");
            }
            if (overflow == Overflow.WEB_VIEW && !webViews) {
                throw new ConfigException(k + ".overflow: web-view needs webView.publicBaseUrl");
            }
        }
        Duration ttl = s.webViewTtl() == null ? d.webViewTtl() : positive(k + ".webViewTtl", s.webViewTtl());
        Duration reply = s.replyWindow() == null ? d.replyWindow() : positive(k + ".replyWindow", s.replyWindow());
        return new SmsOptions(s.sender(), s.validity(), max, overflow, ttl, reply);
    }

    /** The bots' own SMS templates, compiled; an error names the bot's key and the template's line. */
    public static Map<String, SmsTemplate> templates(List<GatewayConfig.Bot> bots) {
        Map<String, SmsTemplate> out = new HashMap<>();
        for (int i = 0; i < bots.size(); i++) {
            GatewayConfig.Bot b = bots.get(i);
            if (b != null && b.smsTemplate() != null) {
                try {
                    out.put(b.id(), SmsTemplate.compile(b.smsTemplate()));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("bots[" + i + "].smsTemplate: " + e.getMessage());
                }
            }
        }
        return out;
    }

    private static LocalTime time(String k, String value) {
        try {
            return LocalTime.parse(required(k, value));
        } catch (DateTimeParseException e) {
            throw new ConfigException(k + ": a time of day such as 09:00");
        }
    }

    private static String required(String k, String value) {
        if (value == null || value.isBlank()) {
            throw new ConfigException(k + ": is required");
        }
        return value;
    }

    private static Duration positive(String k, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new ConfigException(k + ": must be a positive duration such as 30s or 15m");
        }
        return d;
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }
}
