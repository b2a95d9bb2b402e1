package io.rcsgw.gateway.dispatch;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Time-ordered event ids in the UUID version 7 layout (48-bit millisecond timestamp first), so
 * that outbox rows are appended to their index instead of landing on random pages.
 */
final class EventIds {

    private EventIds() {
    }

    static String next(long epochMillis) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (epochMillis << 16) | 0x7000L | (r.nextLong() & 0x0FFFL);
        long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
