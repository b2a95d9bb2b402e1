package io.rcsgw.gateway.delivery;

import io.rcsgw.gateway.cdr.CdrCsv;
import io.rcsgw.gateway.metrics.GatewayMetrics;
import io.rcsgw.gateway.store.MessageStore;
import io.rcsgw.gateway.store.StoreWrite;
import io.rcsgw.rules.model.Channel;
import io.rcsgw.rules.model.MessageState;
import io.rcsgw.rules.rating.BillingModel;
import io.rcsgw.rules.rating.ChargeCategory;
import io.rcsgw.rules.rating.ChargingRecord;
import io.rcsgw.rules.rating.Conversation;
import io.rcsgw.rules.rating.Direction;
import io.rcsgw.rules.rating.Leg;
import io.rcsgw.rules.rating.Measure;
import io.rcsgw.rules.rating.Rater;
import io.rcsgw.rules.rating.Rating;
import io.rcsgw.rules.rating.TariffPlan;
import io.rcsgw.rules.rating.TariffTable;
import io.rcsgw.rules.routing.ChannelPolicy;
import io.rcsgw.rules.routing.ContentKind;
import io.rcsgw.rules.routing.MessageFacts;
import io.rcsgw.rules.routing.RuleAction;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Rates every message once it is final into charging data records, one per leg (an RCS
 * attempt that fell back to SMS is a leg of its own), stored with the final state in one
 * transaction, and keeps each bot's conversations with the users who wrote to it (a
 * conversation's messages share its price). Off (no records) while no tariffs are set.
 */
public final class Charging {

    private volatile TariffTable tariffs;
    /** Each bot's conversation with each user who wrote to it (bot + '\n' + user), while it may be open. */
    private final Map<String, Conversation> conversations = new ConcurrentHashMap<>();
    private final AtomicInteger opened = new AtomicInteger();
    private final A2pOpenings openings = new A2pOpenings();
    private final LongSupplier recordIds;
    private final boolean maskNumbers;
    /** An SMS leg is one record per segment, not one per message. */
    private final boolean perSegment;
    private final Function<String, String> botSender;
    /** Null when no bot is prepaid. */
    private final Credit credit;

    /**
     * @param tariffs     null: no charging data records are written
     * @param recordIds   ids for a message's records after its first (which carries the message's id)
     * @param maskNumbers records show numbers with their middle digits hidden
     * @param botSender   the SMS sender of a bot's messages when its rule sets none
     */
    public Charging(TariffTable tariffs, LongSupplier recordIds, boolean maskNumbers, Function<String, String> botSender) {
        this(tariffs, recordIds, maskNumbers, false, botSender, null);
    }

    /**
     * @param perSegment an SMS leg is one record per segment
     * @param credit     prepaid bots' credit: each charge is settled against it (null: no bot is prepaid)
     */
    public Charging(TariffTable tariffs, LongSupplier recordIds, boolean maskNumbers, boolean perSegment,
                    Function<String, String> botSender, Credit credit) {
        this.perSegment = perSegment;
        this.credit = credit;
        this.tariffs = tariffs;
        this.recordIds = recordIds;
        this.maskNumbers = maskNumbers;
        this.botSender = botSender;
    }

    /** Every message that becomes final from now on is rated with these. */
    public void rateWith(TariffTable t) {
        this.tariffs = t;
    }

    boolean enabled() {
        return tariffs != null;
    }

    /** The currency of the bot's plan ("" when unpriced or off). */
    public String currency(String botId) {
        TariffTable t = tariffs;
        return t == null ? "" : t.forBot(botId).currency();
    }

    /** Conversations a previous run left that may still be open (rating needs them before any message ends). */
    void resume(List<MessageStore.StoredConversation> stored) {
        for (MessageStore.StoredConversation c : stored) {
            if (c.kind().equals("BOT")) {
                openings.resume(key(c.botId(), c.userContact()), c.singles());
            } else {
                conversations.put(key(c.botId(), c.userContact()), new Conversation(c.openedAt(), c.charged(),
                        Conversation.Kind.valueOf(c.kind())));
            }
        }
    }

    /** The records of a message that just became final, and the conversation it charged, added to {@code writes}. */
    void rate(InFlight f, MessageState to, long now, List<StoreWrite> writes) {
        TariffTable t = tariffs;
        if (t == null) {
            return;
        }
        TariffPlan plan = t.forBot(f.key.botId());
        Channel channel = f.channel == null ? Channel.SMS : f.channel;
        Measure content = measure(f.body, f.facts, f.degraded);
        boolean twoLegs = channel == Channel.SMS && f.rcsSent;
        String fallbackReason = f.smsReason.startsWith("fallback:") ? f.smsReason : "";
        List<ChargingRecord> records = new ArrayList<>(2);
        if (twoLegs) {
            // the RCS attempt ended when the message fell back: failed, or revoked because it was not delivered
            MessageState rcsEnd = f.smsReason.equals("fallback:rcs-failed") ? MessageState.FAILED : MessageState.CANCELLED;
            Leg rcs = Leg.mt(Channel.RCS, rcsEnd, content, f.recipient, 0);
            records.add(record(f.id, f, rcs, plan, now, "", "", List.of()));
        }
        Leg leg = new Leg(Direction.MT, channel, twoLegs, to, content, f.recipient,
                channel == Channel.SMS ? f.acknowledgedParts() : 0, Conversation.Share.NONE, null, f.upgraded);
        String conversationId = "";
        if (channel == Channel.RCS && leg.delivered() && !f.upgraded && plan.model() == BillingModel.BUSINESS_MESSAGING) {
            Conversation.Share[] share = {Conversation.Share.NONE};
            Conversation c = conversations.computeIfPresent(key(f.key.botId(), f.recipient), (k, open) -> {
                share[0] = Conversation.share(open, now);
                return share[0] == Conversation.Share.CHARGED_HERE ? open.charge() : open;
            });
            if (share[0] != Conversation.Share.NONE) {
                leg = leg.inConversation(share[0], c.kind());
                conversationId = conversationId(f.key.botId(), f.recipient, c);
            }
            if (share[0] == Conversation.Share.CHARGED_HERE) {
                writes.add(new StoreWrite.PutConversation(f.key.botId(), f.recipient, c.openedAt(), true));
            }
        }
        List<String> smscIds = new ArrayList<>();
        for (String k : f.partKeys) {
            if (k != null) {
                smscIds.add(k);
            }
        }
        if (perSegment && channel == Channel.SMS && leg.segments() > 1) {
            // one record per segment an SMSC accepted, each with its own SMSC id and rounded on its own
            Leg one = new Leg(Direction.MT, channel, twoLegs, to, content, f.recipient, 1, Conversation.Share.NONE, null,
                    f.upgraded);
            for (String id : smscIds) {
                records.add(record(records.isEmpty() ? f.id : recordIds.getAsLong(), f, one, plan, now, "", fallbackReason,
                        List.of(id)));
            }
        } else {
            records.add(record(records.isEmpty() ? f.id : recordIds.getAsLong(), f, leg, plan, now, conversationId,
                    fallbackReason, smscIds));
        }
        for (int i = 0; i < records.size(); i++) {
            emit(records.get(i), i == 0, now, writes);
        }
        Rating last = records.get(records.size() - 1).rating();
        if (channel == Channel.RCS && leg.delivered() && !f.upgraded && leg.share() == Conversation.Share.NONE
                && plan.model() == BillingModel.BUSINESS_MESSAGING
                && (last.category() == ChargeCategory.RCS_BASIC || last.category() == ChargeCategory.RCS_SINGLE)) {
            // charged singly outside a conversation: a reply within 24 h makes it part of an A2P one
            List<A2pOpenings.Single> singles = openings.add(key(f.key.botId(), f.recipient),
                    new A2pOpenings.Single(now, f.id, f.key.msgId(), last));
            writes.add(new StoreWrite.PutConversation(f.key.botId(), f.recipient, now, false, "BOT",
                    A2pOpenings.encode(singles)));
        }
        if (f.hold != null && credit != null) {
            BigDecimal charged = records.stream().map(r -> r.rating().amount()).reduce(BigDecimal.ZERO, BigDecimal::add);
            writes.add(new StoreWrite.SettleHold(f.id, f.key.botId(), f.hold, charged, now));
            credit.settle(f.key.botId(), f.hold, charged);
            f.hold = null;
        }
    }

    /** What rating measures of a message: {@code body} its text; sent as RCS text ({@code asText}: degraded) it is rated as text. */
    static Measure measure(String body, MessageFacts facts, boolean asText) {
        boolean rich = !facts.plainText() && !asText;
        boolean media = rich && (facts.kinds().contains(ContentKind.FILE) || facts.kinds().contains(ContentKind.CARD)
                || facts.kinds().contains(ContentKind.CAROUSEL));
        return Measure.of(body, rich, media);
    }

    /**
     * What {@code leg} (a bot's message, as delivered or accepted) would be charged at {@code now}
     * under the bot's plan, with its conversation with the user as it stands; nothing changes.
     */
    Rating quote(String botId, Leg leg, long now) {
        TariffTable t = tariffs;
        TariffPlan plan = t == null ? TariffPlan.UNPRICED : t.forBot(botId);
        if (leg.channel() == Channel.RCS && !leg.upgraded() && plan.model() == BillingModel.BUSINESS_MESSAGING) {
            Conversation c = conversations.get(key(botId, leg.counterpart()));
            Conversation.Share share = Conversation.share(c, now);
            if (share != Conversation.Share.NONE) {
                leg = leg.inConversation(share, c.kind());
            }
        }
        return Rater.rate(leg, plan, now);
    }

    /**
     * The most a message may cost under its rule at {@code now}: its price as RCS if the rule may
     * send it as RCS, as SMS ({@code smsSegments} of {@code smsText}) if it may send SMS; the
     * higher (the channel is decided after accept, and only one leg of a fallback is charged
     * unless the RCS one was delivered, which ends it).
     */
    BigDecimal most(MessageFacts facts, String smsText, int smsSegments, RuleAction action, long now) {
        boolean upgrade = facts.requested().upgrade();
        BigDecimal most = BigDecimal.ZERO;
        if (action.channel() != ChannelPolicy.SMS_ONLY || upgrade) {
            Leg rcs = Leg.mt(Channel.RCS, MessageState.DELIVERED, measure(smsText, facts, upgrade), facts.destination(), 0);
            most = most.max(quote(facts.botId(), upgrade ? rcs.asUpgraded() : rcs, now).amount());
        }
        if (action.mayUseSms() || upgrade) {
            Leg sms = Leg.mt(Channel.SMS, MessageState.DELIVERED, measure(smsText, facts, true), facts.destination(),
                    smsSegments);
            most = most.max(quote(facts.botId(), sms, now).amount());
        }
        return most;
    }

    private ChargingRecord record(long recordId, InFlight f, Leg leg, TariffPlan plan, long now, String conversationId,
                                  String fallbackReason, List<String> smscIds) {
        boolean sms = leg.channel() == Channel.SMS;
        String sender = sms ? (f.sender != null ? f.sender : botSender.apply(f.key.botId())) : f.key.botId();
        long submittedAt = 0;
        if (sms) {
            for (long at : f.partAckedAt) {
                if (at > 0 && (submittedAt == 0 || at < submittedAt)) {
                    submittedAt = at;
                }
            }
        }
        ChargingRecord.Subject subject = new ChargingRecord.Subject(f.id, f.key.botId(), f.key.msgId(), Direction.MT, sender,
                f.recipient, f.acceptedAt, f.rule);
        ChargingRecord.LegFacts facts = new ChargingRecord.LegFacts(leg.channel(),
                leg.fallback() ? ChargingRecord.LegKind.FALLBACK : ChargingRecord.LegKind.PRIMARY, leg.state(), now,
                conversationId, conversationId.isEmpty() ? null : leg.conversationKind(), sms ? f.partKeys.length : 0,
                sms && f.smsEncoding != null ? f.smsEncoding : "", leg.content().characters(), leg.content().bytes(),
                submittedAt, fallbackReason, sms ? f.link : null, smscIds);
        return new ChargingRecord(recordId, subject, facts, Rater.rate(leg, plan, now));
    }

    /**
     * A user's SMS to a bot ({@code eventId}, from {@code userContact} to the bot's {@code number},
     * in {@code segments}): its record, added to {@code writes} with the event it came as.
     */
    void rateMobileOriginated(String botId, String eventId, String userContact, String number, String text, int segments,
                              String link, long now, List<StoreWrite> writes) {
        TariffTable t = tariffs;
        if (t == null) {
            return;
        }
        Leg leg = new Leg(Direction.MO, Channel.SMS, false, MessageState.DELIVERED, Measure.plain(text), userContact,
                Math.max(1, segments), Conversation.Share.NONE, null, false);
        Rating rating = Rater.rate(leg, t.forBot(botId), now);
        long id = recordIds.getAsLong();
        ChargingRecord r = new ChargingRecord(id,
                new ChargingRecord.Subject(id, botId, eventId, Direction.MO, userContact, number, now, null),
                new ChargingRecord.LegFacts(Channel.SMS, ChargingRecord.LegKind.PRIMARY, MessageState.DELIVERED, now, "", null, leg.segments(), "",
                        leg.content().characters(), leg.content().bytes(), 0, "", link, List.of()), rating);
        emit(r, true, now, writes);
    }

    /** A record into the store (and the bot's usage), counted in the rating metrics; {@code aMessage}: it counts as one. */
    private void emit(ChargingRecord r, boolean aMessage, long now, List<StoreWrite> writes) {
        Rating rating = r.rating();
        GatewayMetrics.RATED_UNITS.labels(rating.category().name()).inc(Math.max(0, rating.units()));
        if (rating.amount().signum() > 0) {
            GatewayMetrics.RATED_AMOUNT.labels(rating.category().name(), rating.currency()).inc(rating.amount().doubleValue());
        }
        writes.add(new StoreWrite.InsertCdr(r.recordId(), now, CdrCsv.line(r, maskNumbers), new StoreWrite.Usage(
                r.message().botId(), r.leg().channel().wireName(), rating.category().name(), rating.currency(), aMessage,
                rating.units(), rating.amount())));
    }

    /**
     * The user wrote to the bot ({@code msgId}: its message's id, null when it has none): unless a
     * conversation is open, one opens, stored with the event. A reply less than 24 h after the
     * bot's messages charged singly opens an A2P conversation from the oldest of them: its charge
     * is a record of the reply, and theirs are credited; else a P2A one opens.
     */
    void userWrote(String botId, String userContact, String msgId, long now, List<StoreWrite> writes) {
        TariffTable t = tariffs;
        if (t == null) {
            return;
        }
        String key = key(botId, userContact);
        Conversation[] fresh = {null};
        List<A2pOpenings.Single> singles = new ArrayList<>();
        conversations.compute(key, (k, current) -> {
            if (current != null && current.isOpen(now)) {
                return current;
            }
            singles.addAll(openings.take(k, now));
            Conversation next = Conversation.onUserMessage(current, singles.isEmpty() ? null : singles.get(0).at(), now);
            fresh[0] = next;
            return next;
        });
        Conversation c = fresh[0];
        if (c == null) {
            return;
        }
        if (c.kind() == Conversation.Kind.P2A) {
            writes.add(new StoreWrite.PutConversation(botId, userContact, c.openedAt(), false));
        } else {
            writes.add(new StoreWrite.PutConversation(botId, userContact, c.openedAt(), true, "A2P", ""));
            a2pOpened(t.forBot(botId), botId, userContact, msgId, c, singles, now, writes);
        }
        if (opened.incrementAndGet() % 1000 == 0) {
            conversations.values().removeIf(x -> !x.isOpen(now)); // the ones that ended
        }
    }

    /** The A2P conversation's record (of the reply) and a credit of each single charge it covers. */
    private void a2pOpened(TariffPlan plan, String botId, String userContact, String msgId, Conversation c,
                           List<A2pOpenings.Single> singles, long now, List<StoreWrite> writes) {
        String conversationId = conversationId(botId, userContact, c);
        Leg reply = new Leg(Direction.MO, Channel.RCS, false, MessageState.DELIVERED, Measure.plain(""), userContact, 0,
                Conversation.Share.CHARGED_HERE, Conversation.Kind.A2P, false);
        Rating charge = Rater.rate(reply, plan, now);
        long id = recordIds.getAsLong();
        emit(new ChargingRecord(id, new ChargingRecord.Subject(id, botId, msgId == null ? "" : msgId, Direction.MO,
                userContact, botId, now, null), new ChargingRecord.LegFacts(Channel.RCS, ChargingRecord.LegKind.CONVERSATION,
                MessageState.DELIVERED, now, conversationId, Conversation.Kind.A2P, 0, "", 0, 0, 0, "", null, List.of()),
                charge), false, now, writes);
        BigDecimal net = charge.amount();
        for (A2pOpenings.Single s : singles) {
            Rating r = s.rating();
            Rating credit = new Rating(r.category(), -r.units(), r.unitPrice(), r.amount().negate(), r.currency(), r.tariff(),
                    r.version());
            long creditId = recordIds.getAsLong();
            emit(new ChargingRecord(creditId, new ChargingRecord.Subject(s.messageId(), botId, s.msgId(), Direction.MT, botId,
                    userContact, s.at(), null), new ChargingRecord.LegFacts(Channel.RCS, ChargingRecord.LegKind.CREDIT,
                    MessageState.DELIVERED, now, conversationId, Conversation.Kind.A2P, 0, "", 0, 0, 0, "", null,
                    List.of()), credit), false, now, writes);
            net = net.subtract(r.amount());
        }
        if (credit != null && credit.prepaid(botId) && net.signum() != 0) {
            writes.add(new StoreWrite.TopUp(botId, charge.currency(), net.negate(), now));
            credit.charge(botId, net);
        }
    }

    /** Names a conversation in records without showing the user's number: its kind, start and a hash of bot and user. */
    static String conversationId(String botId, String userContact, Conversation c) {
        return c.kind().name().toLowerCase(java.util.Locale.ROOT) + "-" + Long.toString(c.openedAt(), 36) + "-"
                + Integer.toHexString((botId + '\n' + userContact).hashCode());
    }

    private static String key(String botId, String userContact) {
        return botId + '\n' + userContact;
    }
}
