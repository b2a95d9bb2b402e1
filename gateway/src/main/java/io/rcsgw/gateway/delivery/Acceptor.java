package io.rcsgw.gateway.delivery;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.rcsgw.gateway.metrics.GatewayMetrics;
import io.rcsgw.gateway.store.MessageKey;
import io.rcsgw.gateway.store.MessageStore;
import io.rcsgw.gateway.store.StoreWrite;
import io.rcsgw.gateway.store.StoredMessage;
import io.rcsgw.rcs.api.AcceptResult;
import io.rcsgw.rcs.api.OutboundMessage;
import io.rcsgw.rules.content.NumberedSuggestion;
import io.rcsgw.rules.content.RenderedSms;
import io.rcsgw.rules.content.RichMessage;
import io.rcsgw.rules.content.SmsFitting;
import io.rcsgw.rules.content.SmsRendering;
import io.rcsgw.rules.lifecycle.TimerKind;
import io.rcsgw.rules.model.MessageState;
import io.rcsgw.rules.routing.ChannelDecision;
import io.rcsgw.rules.routing.ContentKind;
import io.rcsgw.rules.routing.MessageFacts;
import io.rcsgw.rules.routing.Narrowing;
import io.rcsgw.rules.routing.Overflow;
import io.rcsgw.rules.routing.RuleAction;
import io.rcsgw.rules.routing.Selection;
import io.rcsgw.rules.sms.SmsProfile;
import io.rcsgw.rules.sms.SmsSegmenter;

import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Takes a bot's message: finds the rule it falls under (refused when that rule, or what the
 * message asks of it, does not allow it), renders its SMS text the way the rule says (a long one
 * truncated, linked to a web view, or refused), stores it durably (deduplicated by the client's
 * msgId) and hands it to the router, or holds it until its rule's window opens.
 */
final class Acceptor {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final com.fasterxml.jackson.databind.ObjectMapper PLAIN = new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * {@code maxSmsSegments}: the API's limit where a rule sets none; {@code profile}: what the
     * API counts segments with; {@code webViewBase}: the public base URL of web views (null: off).
     */
    record Settings(int maxSmsSegments, SmsProfile profile, String webViewBase) {
    }

    private final MessageStore store;
    private final OpenMessages open;
    private final Rules rules;
    private final Router router;
    private final Tracker tracker;
    private final Settings settings;
    private final Executor background;
    private final Admission admission;
    private final Clock clock;
    /**
     * Recently accepted client msgIds and their content fingerprint, so repeats skip the store.
     * Like every cache written per message, its upkeep runs on the writing thread: Caffeine's
     * default hands it to the common pool, which wakes a thread for nearly every write.
     */
    private final Cache<MessageKey, String> recent = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterWrite(Duration.ofMinutes(30)).executor(Runnable::run).build();

    private final Charging charging;
    /** This node's id in a cluster (null: a single node), stored as the owner of what it accepts. */
    private final String owner;
    /** Null when no bot is prepaid. */
    private final Credit credit;

    Acceptor(MessageStore store, OpenMessages open, Rules rules, Router router, Tracker tracker, Settings settings,
             Admission admission, Charging charging, Credit credit, String owner, Executor background, Clock clock) {
        this.owner = owner;
        this.charging = charging;
        this.credit = credit;
        this.admission = admission;
        this.store = store;
        this.open = open;
        this.rules = rules;
        this.router = router;
        this.tracker = tracker;
        this.settings = settings;
        this.background = background;
        this.clock = clock;
    }

    /** What was decided at accept time: the rule, the text an SMS carries, its web view, its deadlines. */
    record Taken(Selection selection, RuleAction action, String smsText, List<NumberedSuggestion> menu,
                         String webViewToken, EnumMap<TimerKind, Long> deadlines) {
    }

    CompletableFuture<AcceptResult> accept(String botId, OutboundMessage message) {
        String msgId = message.clientMsgId() != null ? message.clientMsgId() : UUID.randomUUID().toString();
        MessageKey key = new MessageKey(botId, msgId);
        if (message.clientMsgId() != null) {
            String seen = recent.getIfPresent(key);
            if (seen != null) {
                return CompletableFuture.completedFuture(answerRepeat(key, seen, message.fingerprint()));
            }
        }
        AcceptResult.Busy busy = admission.refusal();
        if (busy != null) {
            GatewayMetrics.SHED.labels(botId, message.extensions().api()).inc();
            return CompletableFuture.completedFuture(busy);
        }
        long now = clock.millis();
        MessageFacts facts = facts(botId, message, now);
        Object taken = take(message, facts, now);
        if (taken instanceof AcceptResult.Refused r) {
            GatewayMetrics.REFUSED.labels(botId, r.tooLong() ? "too-long" : "rule").inc();
            return CompletableFuture.completedFuture(r);
        }
        Taken t = (Taken) taken;
        if (credit != null && credit.prepaid(botId) && credit.reservesInStore()) {
            // the reservation is a query of the shared store: not on the caller's thread, which may
            // be the API's selector
            return CompletableFuture.supplyAsync(() -> store(botId, message, msgId, key, facts, t, now), background)
                    .thenCompose(stored -> stored);
        }
        return store(botId, message, msgId, key, facts, t, now);
    }

    /** Reserves what it may cost (when prepaid), then stores it: accepted once durable. */
    private CompletableFuture<AcceptResult> store(String botId, OutboundMessage message, String msgId, MessageKey key,
                                                  MessageFacts facts, Taken t, long now) {
        BigDecimal hold = null;
        long id = store.newMessageId();
        if (credit != null && credit.prepaid(botId)) {
            // the most it may cost is reserved now, before anything is stored; refused if the credit left is short
            int segments = SmsSegmenter.segment(t.smsText(), settings.profile()).segmentCount();
            hold = charging.most(facts, t.smsText(), segments, t.action(), now);
            AcceptResult.PaymentRequired shortOf;
            try {
                shortOf = credit.reserve(botId, charging.currency(botId), hold, id);
            } catch (IllegalStateException e) {
                return CompletableFuture.failedFuture(e);
            }
            if (shortOf != null) {
                GatewayMetrics.REFUSED.labels(botId, "credit").inc();
                return CompletableFuture.completedFuture(shortOf);
            }
        }
        BigDecimal held = hold;
        String decision = t.selection() instanceof Selection.Deferred d
                ? Decision.of(new ChannelDecision.Defer(d.rule().name(), d.trace(), d.until())).json() : null;
        // a web view shows the whole message: a plain text is kept as content too (its SMS is cut short)
        String content = message.content() == null && t.webViewToken() != null
                ? PLAIN.createObjectNode().set("RCSMessage", PLAIN.createObjectNode().put("textMessage",
                ((RichMessage.Text) message.rich().content()).text())).toString() : message.content();
        List<StoreWrite> writes = new ArrayList<>(2);
        writes.add(new StoreWrite.InsertMessage(id, key, message.fingerprint(), facts.destination(), t.smsText(), now,
                content, t.selection().rule().name(), Deadlines.encode(t.deadlines()), decision,
                t.menu().isEmpty() ? null : SubmitOutcomes.menuJson(t.menu()), owner));
        if (t.webViewToken() != null) {
            writes.add(new StoreWrite.InsertWebView(t.webViewToken(), id, now + t.action().sms().webViewTtl().toMillis()));
        }
        if (held != null) {
            writes.add(new StoreWrite.PutHold(id, botId, held));
        }
        return store.write(writes).whenComplete((inserted, failure) -> {
            if (held != null && (failure != null || !inserted.get(0))) {
                credit.release(botId, held, id); // not stored, or a repeat: the message holds nothing
            }
        }).thenCompose(inserted -> {
            if (inserted.get(0)) {
                if (message.clientMsgId() != null) {
                    recent.put(key, message.fingerprint());
                }
                GatewayMetrics.ACCEPTED.labels(botId, message.extensions().api()).inc();
                GatewayMetrics.RULE_MATCHES.labels(t.selection().rule().name()).inc();
                InFlight f = new InFlight(id, key, facts.destination(), t.smsText(), now, MessageState.ACCEPTED, 0,
                        content, message.clientContext(), facts);
                f.rule = t.selection().rule().name();
                f.selectionTrace = t.selection().trace();
                f.action = t.action();
                f.menu = t.menu();
                f.hold = held;
                // an ESME's own source address, else the rule's sender (else, later, the bot's)
                f.sender = message.extensions().sender() != null ? message.extensions().sender() : t.action().sms().sender();
                f.validity = t.action().sms().validity();
                f.deadlines.putAll(t.deadlines());
                f.expiresAt = t.deadlines().get(TimerKind.EXPIRY);
                open.add(f);
                tracker.resume(f); // its expiry, or the window it waits for
                if (!(t.selection() instanceof Selection.Deferred)) {
                    router.route(f);
                }
                return CompletableFuture.completedFuture((AcceptResult) new AcceptResult.Accepted(msgId, false));
            }
            // someone stored this msgId before us: a repeat or a conflict, decided off the writer thread
            return CompletableFuture.supplyAsync(() -> {
                String fp = store.find(key, false).map(StoredMessage::fingerprint).orElse("");
                recent.put(key, fp);
                return answerRepeat(key, fp, message.fingerprint());
            }, background);
        });
    }

    /** The rule and the SMS text ({@link Taken}), or why the message is refused ({@link AcceptResult.Refused}). */
    Object take(OutboundMessage message, MessageFacts facts, long now) {
        Instant at = Instant.ofEpochMilli(now);
        Selection s = rules.set().select(facts, at);
        if (s instanceof Selection.Refused r) {
            return new AcceptResult.Refused(r.field(), r.detail(), false);
        }
        Optional<Narrowing.Refusal> narrowed = Narrowing.check(s.rule(), facts.requested(), at);
        if (narrowed.isPresent()) {
            return new AcceptResult.Refused(narrowed.get().field(), narrowed.get().detail(), false);
        }
        RuleAction action = Narrowing.effective(s.rule().action(), facts.requested());
        EnumMap<TimerKind, Long> deadlines = new EnumMap<>(TimerKind.class);
        Instant expires = Narrowing.expiresAt(action, facts.requested(), at);
        if (expires != null) {
            deadlines.put(TimerKind.EXPIRY, expires.toEpochMilli());
        }
        if (s instanceof Selection.Deferred d) {
            deadlines.put(TimerKind.DEFER, d.until().toEpochMilli());
        }
        // what an SMS carries: the bot's own SMS text, the plain text, else the content rendered
        RichMessage rich = message.rich();
        boolean explicit = message.smsText() != null;
        RenderedSms rendered = explicit ? new RenderedSms(message.smsText(), List.of())
                : SmsRendering.render(rich, rules.template(facts.botId()));
        int max = action.sms().maxSegments() > 0 ? action.sms().maxSegments() : settings.maxSmsSegments();
        Overflow overflow = action.sms().overflow();
        String token = overflow == Overflow.WEB_VIEW && settings.webViewBase() != null ? newToken() : null;
        String link = token == null ? null : settings.webViewBase() + "/v/" + token;
        // under a rule that never sends SMS the text is only ever an RCS text (degraded content): no SMS limit applies
        SmsFitting.Fitted fitted = action.mayUseSms() || facts.requested().upgrade()
                ? SmsFitting.fit(rendered.text(), max, settings.profile(), overflow, link)
                : new SmsFitting.AsIs(rendered.text());
        if (fitted instanceof SmsFitting.TooLong tl) {
            boolean text = !explicit && rich.content() instanceof RichMessage.Text && rich.chips().isEmpty();
            String field = text ? "RCSMessage.textMessage" : "gateway.smsText";
            return new AcceptResult.Refused(field, "needs " + tl.segments() + " SMS segments, at most " + max
                    + " are allowed" + (explicit || text ? "" : "; the SMS text rendered from this content is too long, "
                    + "give a shorter gateway.smsText"), true);
        }
        return new Taken(s, action, fitted.text(), rendered.suggestions(),
                fitted instanceof SmsFitting.Linked ? token : null, deadlines);
    }

    /** What the rules see of a message offered at {@code now}. */
    static MessageFacts facts(String botId, OutboundMessage message, long now) {
        return new MessageFacts(botId, message.userContact().e164(), ContentKind.of(message.rich()),
                message.extensions().trafficType(), message.extensions().tags(), Resumed.requested(message.extensions(), now));
    }

    /** 128 random bits, URL-safe: the web view's address is its only key. */
    private static String newToken() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static AcceptResult answerRepeat(MessageKey key, String stored, String offered) {
        if (stored.equals(offered)) {
            GatewayMetrics.REPEATS.labels(key.botId()).inc();
            return new AcceptResult.Accepted(key.msgId(), true);
        }
        return new AcceptResult.Conflict(key.msgId());
    }
}
