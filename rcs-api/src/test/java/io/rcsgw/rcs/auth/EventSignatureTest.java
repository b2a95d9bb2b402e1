package io.rcsgw.rcs.auth;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class EventSignatureTest {

    final byte[] body = "{\"eventId\":\"e1\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void theSignatureCoversTheTimestampTheBotAndTheBody() {
        String sig = EventSignature.sign("s3cret", "bot1", 1_764_000_000L, body);
        // the HMAC of "1764000000.bot1." followed by the body: a platform can compute it with any HMAC library
        String expected = "sha256=" + java.util.HexFormat.of().formatHex(Hmac.sha256("s3cret",
                ("1764000000.bot1." + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)));
        assertThat(sig).isEqualTo(expected);
        assertThat(EventSignature.matches("s3cret", "bot1", 1_764_000_000L, body, sig)).isTrue();
        assertThat(EventSignature.matches("s3cret", "bot2", 1_764_000_000L, body, sig)).isFalse();
        assertThat(EventSignature.matches("s3cret", "bot1", 1_764_000_001L, body, sig)).isFalse();
        assertThat(EventSignature.matches("other", "bot1", 1_764_000_000L, body, sig)).isFalse();
        assertThat(EventSignature.matches("s3cret", "bot1", 1_764_000_000L, "{}".getBytes(StandardCharsets.UTF_8), sig)).isFalse();
        assertThat(EventSignature.matches("s3cret", "bot1", 1_764_000_000L, body, "sha256=zz")).isFalse();
        assertThat(EventSignature.matches("s3cret", "bot1", 1_764_000_000L, body, null)).isFalse();
    }

    @Test
    void aTimestampIsFreshWithinFiveMinutesEitherWay() {
        assertThat(EventSignature.fresh(1000, 1300)).isTrue();
        assertThat(EventSignature.fresh(1300, 1000)).isTrue();
        assertThat(EventSignature.fresh(1000, 1301)).isFalse();
        assertThat(EventSignature.fresh(1301, 1000)).isFalse();
    }
}
