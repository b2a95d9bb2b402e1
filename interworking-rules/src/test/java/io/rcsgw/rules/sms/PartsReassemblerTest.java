package io.rcsgw.rules.sms;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class PartsReassemblerTest {

    private static PartsReassembler.Part part(String from, int ref, int total, int seq, String text, long at) {
        return new PartsReassembler.Part(from, "4477", ref, total, seq, text, at);
    }

    @Test
    void outOfOrderAndDuplicatedParts() {
        PartsReassembler r = new PartsReassembler(60_000, 1000);
        assertThat(r.offer(part("a", 1, 3, 3, "C", 0))).isEmpty();
        assertThat(r.offer(part("a", 1, 3, 1, "A", 1))).isEmpty();
        assertThat(r.offer(part("a", 1, 3, 1, "A again", 2))).isEmpty();
        Optional<PartsReassembler.Message> m = r.offer(part("a", 1, 3, 2, "B", 3));
        assertThat(m).isPresent();
        assertThat(m.get().text()).isEqualTo("ABC");
        assertThat(m.get().partial()).isFalse();
        assertThat(r.pendingSets()).isZero();
    }

    @Test
    void interleavedSendersWithTheSameReference() {
        PartsReassembler r = new PartsReassembler(60_000, 1000);
        List<PartsReassembler.Part> parts = new ArrayList<>();
        for (int s = 0; s < 50; s++) {
            for (int i = 1; i <= 4; i++) {
                parts.add(part("sender" + s, 9, 4, i, s + ":" + i + ";", s));
            }
        }
        Collections.shuffle(parts, new Random(42));
        List<PartsReassembler.Message> done = new ArrayList<>();
        for (PartsReassembler.Part p : parts) {
            r.offer(p).ifPresent(done::add);
        }
        assertThat(done).hasSize(50);
        assertThat(done).allSatisfy(m -> {
            String s = m.source().substring(6);
            assertThat(m.text()).isEqualTo(s + ":1;" + s + ":2;" + s + ":3;" + s + ":4;");
        });
    }

    @Test
    void incompleteSetIsDeliveredAsPartialAfterTheTimeout() {
        PartsReassembler r = new PartsReassembler(10_000, 1000);
        r.offer(part("a", 5, 3, 1, "A", 1_000));
        r.offer(part("a", 5, 3, 3, "C", 2_000));
        assertThat(r.expire(10_999)).isEmpty();
        List<PartsReassembler.Message> expired = r.expire(11_000);
        assertThat(expired).singleElement().satisfies(m -> {
            assertThat(m.partial()).isTrue();
            assertThat(m.missing()).containsExactly(2);
            assertThat(m.text()).isEqualTo("AC");
        });
    }

    @Test
    void floodOfFirstPartsIsBounded() {
        PartsReassembler r = new PartsReassembler(60_000, 10);
        for (int i = 0; i < 25; i++) {
            r.offer(part("s" + i, i, 2, 1, "x", i));
        }
        assertThat(r.expire(100)).hasSize(15);
        assertThat(r.pendingSets()).isEqualTo(10);
    }
}
