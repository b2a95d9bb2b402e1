package io.rcsgw.rules.sms;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Puts the parts of concatenated mobile-originated messages back together, whichever way they
 * came (8- or 16-bit UDH references, SAR TLVs): in any order, with repeats ignored, many
 * senders interleaved. A set still incomplete after the timeout is given up as partial, with
 * the parts that did arrive. Not thread-safe; time comes in as an argument.
 */
public final class PartsReassembler {

    /** One received part. Sequence numbers start at 1. */
    public record Part(String source, String destination, int reference, int total, int sequence, String text, long at) {
        public Part {
            if (total < 1 || sequence < 1 || sequence > total) {
                throw new IllegalArgumentException("part " + sequence + " of " + total);
            }
        }
    }

    /** A message put back together; {@code missing} lists absent sequence numbers when partial. */
    public record Message(String source, String destination, String text, int total, List<Integer> missing) {
        public boolean partial() {
            return !missing.isEmpty();
        }
    }

    private record Key(String source, String destination, int reference, int total) {
    }

    private static final class Pending {
        final long firstAt;
        final TreeMap<Integer, String> parts = new TreeMap<>();

        Pending(long firstAt) {
            this.firstAt = firstAt;
        }
    }

    private final long timeoutMillis;
    private final int maxPending;
    private final Map<Key, Pending> pending = new LinkedHashMap<>();

    /**
     * @param maxPending sets kept at most; beyond it the oldest is given up early, so a flood of
     *                   first parts cannot exhaust memory
     */
    public PartsReassembler(long timeoutMillis, int maxPending) {
        this.timeoutMillis = timeoutMillis;
        this.maxPending = maxPending;
    }

    /**
     * Adds a part. Returns the message once its last part is in; a repeated part changes
     * nothing. Parts that evicted older sets because of {@code maxPending} are returned by the
     * next {@link #expire}.
     */
    public Optional<Message> offer(Part p) {
        Objects.requireNonNull(p);
        if (p.total() == 1) {
            return Optional.of(new Message(p.source(), p.destination(), p.text(), 1, List.of()));
        }
        Key key = new Key(p.source(), p.destination(), p.reference(), p.total());
        Pending set = pending.computeIfAbsent(key, k -> new Pending(p.at()));
        set.parts.putIfAbsent(p.sequence(), p.text());
        if (set.parts.size() == p.total()) {
            pending.remove(key);
            return Optional.of(new Message(p.source(), p.destination(), String.join("", set.parts.values()), p.total(),
                    List.of()));
        }
        return Optional.empty();
    }

    /** Gives up the sets older than the timeout (or beyond {@code maxPending}), as partial messages. */
    public List<Message> expire(long now) {
        List<Message> out = new ArrayList<>();
        int excess = pending.size() - maxPending;
        for (Iterator<Map.Entry<Key, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, Pending> e = it.next();
            if (excess > 0 || now - e.getValue().firstAt >= timeoutMillis) {
                it.remove();
                excess--;
                Key k = e.getKey();
                List<Integer> missing = new ArrayList<>();
                for (int i = 1; i <= k.total(); i++) {
                    if (!e.getValue().parts.containsKey(i)) {
                        missing.add(i);
                    }
                }
                out.add(new Message(k.source(), k.destination(), String.join("", e.getValue().parts.values()), k.total(),
                        List.copyOf(missing)));
            }
        }
        return out;
    }

    public int pendingSets() {
        return pending.size();
    }
}
