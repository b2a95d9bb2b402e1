package io.rcsgw.gateway.delivery;

import io.prometheus.client.CollectorRegistry;
import io.rcsgw.rcs.api.AcceptResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdmissionTest {

    final AtomicInteger open = new AtomicInteger();

    /** rcsgw_overload_shedding as a scrape reads it. */
    static double gauge() {
        return CollectorRegistry.defaultRegistry.getSampleValue("rcsgw_overload_shedding");
    }

    @Test
    void refusesAtTheBoundAndTakesAgainOnlyOnceNinetyPercentRemain() {
        Admission a = new Admission(new Admission.Settings(100, Duration.ofSeconds(2)), open::get);
        // open count -> refused?, as the count rises to the bound and falls back
        int[][] steps = {{0, 0}, {99, 0}, {100, 1}, {150, 1}, {99, 1}, {91, 1}, {90, 0}, {95, 0}, {99, 0}, {100, 1}, {10, 0}};
        for (int[] step : steps) {
            open.set(step[0]);
            AcceptResult.Busy busy = a.refusal();
            assertThat(busy != null).as("refused with %d open", step[0]).isEqualTo(step[1] == 1);
            assertThat(a.shedding()).isEqualTo(step[1] == 1);
            assertThat(gauge()).isEqualTo((double) step[1]);
        }
    }

    @Test
    void itStopsRefusingOnceTheOpenMessagesFallWhetherOrNotAnyAreOffered() {
        Admission a = new Admission(new Admission.Settings(10, Duration.ofSeconds(1)), open::get);
        open.set(10);
        assertThat(a.refusal()).isNotNull();
        assertThat(gauge()).isEqualTo(1.0);
        open.set(9);
        assertThat(a.shedding()).isFalse();
        assertThat(gauge()).isZero();
        assertThat(a.refusal()).isNull();
    }

    @Test
    void theRefusalSaysHowLongToWaitInWholeSeconds() {
        open.set(5);
        AcceptResult.Busy busy = new Admission(new Admission.Settings(5, Duration.ofSeconds(3)), open::get).refusal();
        assertThat(busy.retryAfterSeconds()).isEqualTo(3);
        assertThat(busy.detail()).startsWith("5 messages are waiting").contains("nothing was stored").endsWith("after 3 s");
        assertThat(new Admission(new Admission.Settings(5, Duration.ofMillis(1500)), open::get).refusal().retryAfterSeconds())
                .isEqualTo(2);
        assertThat(new Admission(new Admission.Settings(5, Duration.ofMillis(10)), open::get).refusal().retryAfterSeconds())
                .isEqualTo(1);
    }

    @Test
    void noBoundTakesEverything() {
        open.set(Integer.MAX_VALUE);
        assertThat(new Admission(Admission.Settings.UNBOUNDED, open::get).refusal()).isNull();
        assertThatThrownBy(() -> new Admission.Settings(-1, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
