package io.rcsgw.rcs.auth;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class AuthThrottleTest {

    final AtomicLong now = new AtomicLong(1_000_000);
    final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.get());
        }
    };
    final AuthThrottle throttle = new AuthThrottle(new AuthThrottle.Settings(3, 5, Duration.ofSeconds(60)), clock);

    @Test
    void aClientIsRefusedOnceItReachesItsLimitUntilTheWindowEnds() {
        assertThat(throttle.failed("bot1", "10.0.0.1")).isEqualTo(AuthThrottle.Outcome.COUNTED);
        assertThat(throttle.failed("bot1", "10.0.0.2")).isEqualTo(AuthThrottle.Outcome.COUNTED);
        assertThat(throttle.retryAfterSeconds("bot1", "10.0.0.3")).isZero();
        assertThat(throttle.failed("bot1", "10.0.0.3")).isEqualTo(AuthThrottle.Outcome.CLIENT_LOCKED);
        // from any address, and the other clients of that address are not held back
        assertThat(throttle.retryAfterSeconds("bot1", "10.0.0.9")).isEqualTo(60);
        assertThat(throttle.retryAfterSeconds("bot2", "10.0.0.3")).isZero();
        now.addAndGet(59_001);
        assertThat(throttle.retryAfterSeconds("bot1", "10.0.0.9")).isEqualTo(1);
        now.addAndGet(1_000);
        assertThat(throttle.retryAfterSeconds("bot1", "10.0.0.9")).isZero();
        // a new window counts afresh
        assertThat(throttle.failed("bot1", "10.0.0.1")).isEqualTo(AuthThrottle.Outcome.COUNTED);
    }

    @Test
    void anAddressIsRefusedOnceItReachesItsLimitWhateverClientsItNames() {
        for (int i = 0; i < 4; i++) {
            assertThat(throttle.failed("guess-" + i, "10.0.0.7")).isEqualTo(AuthThrottle.Outcome.COUNTED);
        }
        assertThat(throttle.failed(null, "10.0.0.7")).isEqualTo(AuthThrottle.Outcome.ADDRESS_LOCKED);
        assertThat(throttle.retryAfterSeconds("bot1", "10.0.0.7")).isEqualTo(60);
        assertThat(throttle.retryAfterSeconds(null, "10.0.0.7")).isEqualTo(60);
        assertThat(throttle.retryAfterSeconds("bot1", "10.0.0.8")).isZero();
    }
}
