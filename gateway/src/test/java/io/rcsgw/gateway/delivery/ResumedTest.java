package io.rcsgw.gateway.delivery;

import io.rcsgw.rules.routing.ChannelPolicy;
import io.rcsgw.rules.routing.ContentKind;
import io.rcsgw.rules.routing.MessageFacts;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** A message read back from the store after a restart: the rules see what they saw when it came in. */
class ResumedTest {

    static MessageFacts facts(String content, long acceptedAt) {
        return Resumed.facts("bot1", "+447700900123", Resumed.read(content), acceptedAt);
    }

    @Test
    void aPlainTextHasNoExtensions() {
        MessageFacts f = facts(null, 0);
        assertThat(f.kinds()).containsExactly(ContentKind.TEXT);
        assertThat(f.trafficType()).isNull();
        assertThat(f.requested().channel()).isNull();
    }

    @Test
    void contentKindsAndWhatTheMessageAskedForComeBack() {
        String carousel = """
                {"RCSMessage":{"richcardMessage":{"message":{"generalPurposeCardCarousel":{"content":[
                  {"title":"a"},{"title":"b","suggestions":[{"reply":{"displayText":"x","postback":{"data":"x"}}}]}]}}}},
                 "gateway":{"trafficType":"promotion","tags":["winter","uk"],"channel":"sms-only","fallbackAfter":"30s",
                            "ttl":"10m","upgrade":false,"clientContext":"c-9"}}""";
        long accepted = Instant.parse("2026-12-01T12:00:00Z").toEpochMilli();
        MessageFacts f = facts(carousel, accepted);
        assertThat(f.kinds()).containsExactlyInAnyOrder(ContentKind.CAROUSEL, ContentKind.SUGGESTIONS);
        assertThat(f.trafficType()).isEqualTo("promotion");
        assertThat(f.tags()).containsExactlyInAnyOrder("winter", "uk");
        assertThat(f.requested().channel()).isEqualTo(ChannelPolicy.SMS_ONLY);
        assertThat(f.requested().fallbackAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(f.requested().expiresAt()).as("a ttl counts from acceptance").isEqualTo(Instant.parse("2026-12-01T12:10:00Z"));
        assertThat(f.requested().expiryField()).isEqualTo("gateway.ttl");
        assertThat(Resumed.clientContext(Resumed.read(carousel))).isEqualTo("c-9");
    }

    @Test
    void aFileWithChipsAndAnAbsoluteExpiry() {
        String file = """
                {"RCSMessage":{"fileMessage":{"fileUrl":"https://x.example/a.pdf","fileMIMEType":"application/pdf"},
                  "expiry":"2026-12-01T13:00:00+01:00","suggestedChipList":{"suggestions":[{"reply":{"displayText":"ok"}}]}},
                 "gateway":{"upgrade":true}}""";
        MessageFacts f = facts(file, 0);
        assertThat(f.kinds()).containsExactlyInAnyOrder(ContentKind.FILE, ContentKind.SUGGESTIONS);
        assertThat(f.requested().expiresAt()).isEqualTo(Instant.parse("2026-12-01T12:00:00Z"));
        assertThat(f.requested().expiryField()).isEqualTo("RCSMessage.expiry");
        assertThat(f.requested().upgrade()).isTrue();
        assertThat(f.plainText()).isFalse();
    }
}
