package io.rcsgw.rules.content;

import io.rcsgw.rules.content.RichMessage.Suggestion;
import io.rcsgw.rules.content.RichMessage.Suggestion.Kind;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ContentLimitsTest {

    static final ContentLimits L = ContentLimits.DEFAULT;

    static Suggestion reply(String text) {
        return new Suggestion(Kind.REPLY, text, null, null, null);
    }

    static RichMessage.Card card(String title, String description, int suggestions) {
        return new RichMessage.Card(title, description, null, Collections.nCopies(suggestions, reply("ok")));
    }

    @Test
    void withinEveryLimitNothingIsReported() {
        RichMessage m = new RichMessage(new RichMessage.RichCard(true, List.of(card("t".repeat(200), "d".repeat(2000), 4),
                card("x", null, 0))), Collections.nCopies(11, reply("y".repeat(25))));
        assertThat(L.check(m)).isEmpty();
        assertThat(L.check(RichMessage.text("é".repeat(3072)))).isEmpty();
    }

    @Test
    void eachLimitIsReportedAtItsPath() {
        assertThat(L.check(new RichMessage(new RichMessage.Text("hi"), Collections.nCopies(12, reply("ok")))))
                .extracting(ContentLimits.Violation::path).containsExactly("RCSMessage.suggestedChipList.suggestions");
        assertThat(L.check(new RichMessage(new RichMessage.Text("hi"), List.of(reply("ok"), reply("z".repeat(26))))))
                .extracting(ContentLimits.Violation::path).containsExactly("RCSMessage.suggestedChipList.suggestions[1].reply.displayText");
        assertThat(L.check(RichMessage.text("a".repeat(3073)))).extracting(ContentLimits.Violation::path)
                .containsExactly("RCSMessage.textMessage");
        String carousel = "RCSMessage.richcardMessage.message.generalPurposeCardCarousel.content";
        assertThat(L.check(new RichMessage(new RichMessage.RichCard(true, List.of(card("ok", null, 0),
                card("t".repeat(201), "d".repeat(2001), 5))), List.of()))).extracting(ContentLimits.Violation::path)
                .containsExactly(carousel + "[1].title", carousel + "[1].description", carousel + "[1].suggestions");
        assertThat(L.check(new RichMessage(new RichMessage.RichCard(false, List.of(card("t".repeat(201), null, 0))), List.of())))
                .extracting(ContentLimits.Violation::path)
                .containsExactly("RCSMessage.richcardMessage.message.generalPurposeCard.content.title");
    }

    @Test
    void limitsComeFromConfig() {
        ContentLimits tight = new ContentLimits(2, 1, 5, 10, 20, 30, 1000);
        assertThat(tight.check(new RichMessage(new RichMessage.Text("hi"), List.of(reply("a"), reply("b"), reply("c"))))).hasSize(1);
        assertThat(tight.check(RichMessage.text("x".repeat(31)))).hasSize(1);
    }
}
