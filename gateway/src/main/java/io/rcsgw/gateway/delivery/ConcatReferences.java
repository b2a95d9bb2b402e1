package io.rcsgw.gateway.delivery;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Concatenation references for long messages, unique per destination while the message's
 * parts are in flight: a handset joins parts by sender and reference, so two long messages
 * to one number with the same reference would be mixed up. References rotate, so a reused
 * one is as old as possible. With an 8-bit reference there are 256; only a destination with
 * more long messages in flight than that can see one reused early.
 */
final class ConcatReferences {

    private final Map<String, Set<Integer>> inUse = new HashMap<>();
    private int next = ThreadLocalRandom.current().nextInt(0x10000);

    /** A reference below {@code modulus} (256 or 65536) not in flight to {@code destination}. */
    synchronized int allocate(String destination, int modulus) {
        Set<Integer> used = inUse.computeIfAbsent(destination, d -> new HashSet<>(4));
        int ref = next % modulus;
        for (int i = 0; i < modulus && used.contains(ref); i++) {
            ref = (ref + 1) % modulus;
        }
        next = ref + 1;
        used.add(ref);
        return ref;
    }

    /** Marks a reference as in flight again (a message resumed after a restart). */
    synchronized void reserve(String destination, int ref) {
        inUse.computeIfAbsent(destination, d -> new HashSet<>(4)).add(ref);
    }

    synchronized void release(String destination, int ref) {
        Set<Integer> used = inUse.get(destination);
        if (used != null && used.remove(ref) && used.isEmpty()) {
            inUse.remove(destination);
        }
    }
}
