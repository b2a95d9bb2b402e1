package io.rcsgw.gateway.delivery;

import io.rcsgw.gateway.store.JdbcMessageStore;
import io.rcsgw.gateway.store.StoreWrite;
import io.rcsgw.rcs.api.Usage;
import io.rcsgw.rules.rating.TariffPlan;
import io.rcsgw.rules.rating.TariffTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class UsageReportsTest {

    @TempDir
    Path dir;

    @Test
    void aBotRatedInTwoCurrenciesGetsOneTotalEachAndTheRangeIsTakenToTheMinute() throws Exception {
        try (JdbcMessageStore store = new JdbcMessageStore("jdbc:h2:file:" + dir.resolve("db"), "sa", "", 2, 100,
                Duration.ofMillis(1))) {
            long t = Instant.parse("2026-12-01T10:00:30Z").toEpochMilli();
            store.write(List.of(
                    new StoreWrite.InsertCdr(1, t, "1\n", new StoreWrite.Usage("b", "sms", "SMS_SEGMENT", "EUR", true, 2,
                            new BigDecimal("0.0700"))),
                    new StoreWrite.InsertCdr(2, t + 1, "2\n", new StoreWrite.Usage("b", "sms", "SMS_SEGMENT", "EUR", true, 1,
                            new BigDecimal("0.0350"))),
                    new StoreWrite.InsertCdr(3, t + 2, "3\n", new StoreWrite.Usage("b", "rcs", "RCS_BASIC", "GBP", true, 1,
                            new BigDecimal("0.0020"))))).get();
            Charging charging = new Charging(new TariffTable(Map.of(), TariffPlan.flat("p", "EUR", Map.of())), () -> 0, false,
                    bot -> "");
            UsageReports reports = new UsageReports(store, charging, Runnable::run);

            Usage u = reports.usage("b", Instant.parse("2026-12-01T10:00:59Z"), Instant.parse("2026-12-01T10:00:31Z")
                    .plusSeconds(1)).get().orElseThrow();
            assertThat(u.from()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
            assertThat(u.to()).isEqualTo(Instant.parse("2026-12-01T10:01:00Z"));
            assertThat(u.totals()).containsExactly(new Usage.Total(2, "0.105", "EUR"), new Usage.Total(1, "0.002", "GBP"));
            assertThat(u.byCategory()).containsExactly(new Usage.ByCategory("SMS_SEGMENT", 2, 3, "0.105", "EUR"),
                    new Usage.ByCategory("RCS_BASIC", 1, 1, "0.002", "GBP"));
            assertThat(u.byChannel()).containsExactly(new Usage.ByChannel("sms", 2, "0.105", "EUR"),
                    new Usage.ByChannel("rcs", 1, "0.002", "GBP"));

            Usage later = reports.usage("b", Instant.parse("2026-12-01T10:01:00Z"), Instant.parse("2026-12-01T11:00:00Z"))
                    .get().orElseThrow();
            assertThat(later.totals()).containsExactly(new Usage.Total(0, "0", "EUR"));
            assertThat(new UsageReports(store, new Charging(null, () -> 0, false, bot -> ""), Runnable::run)
                    .usage("b", Instant.EPOCH, Instant.now()).get()).as("rating off").isEmpty();
        }
    }
}
