package io.rcsgw.gateway.delivery;

import io.rcsgw.gateway.metrics.GatewayMetrics;
import io.rcsgw.rcs.api.AcceptResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdmissionTest {

    final AtomicInteger open = new AtomicInteger();

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
            assertThat(GatewayMetrics.SHEDDING.get()).isEqualTo(step[1]);
        }
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
