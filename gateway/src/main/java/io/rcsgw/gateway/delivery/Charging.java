package io.rcsgw.gateway.delivery;

import io.rcsgw.gateway.cdr.CdrCsv;
import io.rcsgw.gateway.metrics.GatewayMetrics;
import io.rcsgw.gateway.store.MessageStore;
import io.rcsgw.gateway.store.StoreWrite;
import io.rcsgw.rules.model.Channel;
import io.rcsgw.rules.model.MessageState;
import io.rcsgw.rules.rating.ChargingRecord;
import io.rcsgw.rules.rating.Conversation;
import io.rcsgw.rules.rating.Outcome;
import io.rcsgw.rules.rating.Rater;
import io.rcsgw.rules.rating.Rating;
import io.rcsgw.rules.rating.TariffTable;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Rates every message once it is final into a charging data record, stored with the final state
 * in one transaction, and keeps each bot's conversations with the users who wrote to it (a
 * conversation's messages share its price). Off (no records) while no tariffs are set.
 */
public final class Charging {

    private volatile TariffTable tariffs;
    /** Each bot's conversation with each user who wrote to it (bot + '\n' + user), while it may be open. */
    private final Map<String, Conversation> conversations = new ConcurrentHashMap<>();
    private final AtomicInteger opened = new AtomicInteger();

    /** @param tariffs null: no charging data records are written */
    public Charging(TariffTable tariffs) {
        this.tariffs = tariffs;
    }

    /** Every message that becomes final from now on is rated with these. */
    public void rateWith(TariffTable t) {
        this.tariffs = t;
    }

    boolean enabled() {
        return tariffs != null;
    }

    /** Conversations a previous run left that may still be open (rating needs them before any message ends). */
    void resume(List<MessageStore.StoredConversation> stored) {
        for (MessageStore.StoredConversation c : stored) {
            conversations.put(key(c.botId(), c.userContact()), new Conversation(c.openedAt(), c.charged()));
        }
    }

    /** The record of a message that just became final, and the conversation it charged, added to {@code writes}. */
    void rate(InFlight f, MessageState to, long now, List<StoreWrite> writes) {
        TariffTable t = tariffs;
        if (t == null) {
            return;
        }
        Channel channel = f.channel == null ? Channel.SMS : f.channel;
        Conversation.Share[] share = {Conversation.Share.NONE};
        if (channel == Channel.RCS && (to == MessageState.DELIVERED || to == MessageState.DISPLAYED)) {
            Conversation c = conversations.computeIfPresent(key(f.key.botId(), f.recipient), (k, open) -> {
                share[0] = Conversation.share(open, now);
                return share[0] == Conversation.Share.CHARGED_HERE ? open.charge() : open;
            });
            if (share[0] == Conversation.Share.CHARGED_HERE) {
                writes.add(new StoreWrite.PutConversation(f.key.botId(), f.recipient, c.openedAt(), true));
            }
        }
        boolean rich = !f.facts.plainText() && !f.degraded; // sent as RCS text, it is rated as text
        Rating rating = Rater.rate(new Outcome(channel, to, rich, f.body.codePointCount(0, f.body.length()),
                channel == Channel.SMS ? f.acknowledgedParts() : 0, share[0]), t.forBot(f.key.botId()));
        GatewayMetrics.RATED_UNITS.labels(rating.category().name()).inc(rating.units());
        if (rating.amount().signum() > 0) {
            GatewayMetrics.RATED_AMOUNT.labels(rating.category().name(), rating.currency()).inc(rating.amount().doubleValue());
        }
        ChargingRecord record = new ChargingRecord(f.id, f.key.botId(), f.key.msgId(), f.recipient, channel, to,
                f.acceptedAt, now, rating);
        writes.add(new StoreWrite.InsertCdr(f.id, now, CdrCsv.line(record)));
    }

    /** The user wrote to the bot: a conversation opens unless one is open (stored with the event). */
    void userWrote(String botId, String userContact, long now, List<StoreWrite> writes) {
        if (tariffs == null) {
            return;
        }
        Conversation[] fresh = {null};
        conversations.compute(key(botId, userContact), (k, current) -> {
            Conversation next = Conversation.onUserMessage(current, now);
            if (next != current) {
                fresh[0] = next;
            }
            return next;
        });
        if (fresh[0] != null) {
            writes.add(new StoreWrite.PutConversation(botId, userContact, fresh[0].openedAt(), false));
            if (opened.incrementAndGet() % 1000 == 0) {
                conversations.values().removeIf(c -> !c.isOpen(now)); // the ones that ended
            }
        }
    }

    private static String key(String botId, String userContact) {
        return botId + '\n' + userContact;
    }
}
