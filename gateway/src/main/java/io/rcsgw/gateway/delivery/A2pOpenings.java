package io.rcsgw.gateway.delivery;

import io.rcsgw.rules.rating.ChargeCategory;
import io.rcsgw.rules.rating.Conversation;
import io.rcsgw.rules.rating.Rating;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bot's RCS messages charged singly to each user outside a conversation, for 24 hours after
 * their delivery: a reply inside that time turns them into an A2P conversation, charged on the
 * reply, and their single charges are credited. At most {@link #MAX} are kept per user (a bot
 * that sends more before a reply keeps the charges of the older ones).
 */
final class A2pOpenings {

    static final int MAX = 20;

    /** A delivered bot message and what it was charged. */
    record Single(long at, long messageId, String msgId, Rating rating) {
    }

    private final Map<String, List<Single>> byUser = new ConcurrentHashMap<>();

    /** Adds a single charge; the singles still inside their 24 hours after it, oldest first (what to store). */
    List<Single> add(String key, Single s) {
        List<Single>[] out = new List[1];
        byUser.compute(key, (k, current) -> {
            List<Single> next = new ArrayList<>(live(current, s.at()));
            next.add(s);
            while (next.size() > MAX) {
                next.remove(0);
            }
            out[0] = List.copyOf(next);
            return out[0];
        });
        return out[0];
    }

    /** The singles a reply at {@code now} turns into an A2P conversation (empty: none), taken away. */
    List<Single> take(String key, long now) {
        List<Single> current = byUser.remove(key);
        return live(current, now);
    }

    void resume(String key, String stored) {
        List<Single> singles = decode(stored);
        if (!singles.isEmpty()) {
            byUser.put(key, singles);
        }
    }

    /** Those delivered less than 24 hours before {@code now}. */
    private static List<Single> live(List<Single> singles, long now) {
        if (singles == null) {
            return List.of();
        }
        return singles.stream().filter(s -> s.at() <= now && now < s.at() + Conversation.WINDOW.toMillis()).toList();
    }

    /** One line per single: at, message id, msgId, category, units, unit price, amount, currency, tariff, version. */
    static String encode(List<Single> singles) {
        StringBuilder b = new StringBuilder();
        for (Single s : singles) {
            Rating r = s.rating();
            b.append(s.at()).append('\t').append(s.messageId()).append('\t').append(clean(s.msgId())).append('\t')
                    .append(r.category().name()).append('\t').append(r.units()).append('\t')
                    .append(r.unitPrice().toPlainString()).append('\t').append(r.amount().toPlainString()).append('\t')
                    .append(r.currency()).append('\t').append(r.tariff()).append('\t').append(clean(r.version())).append('\n');
        }
        return b.toString();
    }

    static List<Single> decode(String text) {
        List<Single> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.split("\t", -1);
            if (f.length != 10) {
                continue;
            }
            out.add(new Single(Long.parseLong(f[0]), Long.parseLong(f[1]), f[2], new Rating(ChargeCategory.valueOf(f[3]),
                    Integer.parseInt(f[4]), new BigDecimal(f[5]), new BigDecimal(f[6]), f[7], f[8], f[9])));
        }
        return out;
    }

    /** A client's msgId is free text: its tabs and line ends would break the line. */
    private static String clean(String s) {
        return s == null ? "" : s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }
}
