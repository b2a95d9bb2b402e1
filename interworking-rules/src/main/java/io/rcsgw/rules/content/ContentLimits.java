package io.rcsgw.rules.content;

import java.util.ArrayList;
import java.util.List;

/**
 * The limits a rich message must keep (the MaaP defaults, overridable by config), and the
 * check that finds the first field breaking one. Violations name the field by its JSON path.
 */
public record ContentLimits(int maxSuggestions, int maxCardSuggestions, int maxSuggestionText, int maxCardTitle,
                            int maxCardDescription, int maxText, int maxMessageBytes) {

    public static final ContentLimits DEFAULT = new ContentLimits(11, 4, 25, 200, 2000, 3072, 250 * 1024);

    /** A broken limit: {@code path} is the JSON path of the field, e.g. {@code RCSMessage.suggestedChipList.suggestions[3].reply.text}. */
    public record Violation(String path, String problem) {
    }

    public List<Violation> check(RichMessage m) {
        List<Violation> out = new ArrayList<>();
        String base = "RCSMessage.";
        if (m.content() instanceof RichMessage.Text t) {
            if (t.text().isBlank()) {
                out.add(new Violation(base + "textMessage", "must not be empty"));
            } else if (t.text().codePointCount(0, t.text().length()) > maxText) {
                out.add(new Violation(base + "textMessage", "at most " + maxText + " characters"));
            }
        } else if (m.content() instanceof RichMessage.Location l) {
            length(out, base + "geolocationPushMessage.label", l.label(), maxCardTitle);
        } else if (m.content() instanceof RichMessage.RichCard rc) {
            String cards = base + "richcardMessage.message.generalPurposeCard" + (rc.carousel() ? "Carousel.content" : ".content");
            for (int i = 0; i < rc.cards().size(); i++) {
                String p = rc.carousel() ? cards + "[" + i + "]" : cards;
                RichMessage.Card c = rc.cards().get(i);
                length(out, p + ".title", c.title(), maxCardTitle);
                length(out, p + ".description", c.description(), maxCardDescription);
                if (c.suggestions().size() > maxCardSuggestions) {
                    out.add(new Violation(p + ".suggestions", "at most " + maxCardSuggestions + " suggestions per card"));
                }
                suggestions(out, p + ".suggestions", c.suggestions());
            }
        }
        String chips = base + "suggestedChipList.suggestions";
        if (m.chips().size() > maxSuggestions) {
            out.add(new Violation(chips, "at most " + maxSuggestions + " suggestions per message"));
        }
        suggestions(out, chips, m.chips());
        return out;
    }

    private void suggestions(List<Violation> out, String path, List<RichMessage.Suggestion> list) {
        for (int i = 0; i < list.size(); i++) {
            RichMessage.Suggestion s = list.get(i);
            String p = path + "[" + i + "]." + (s.kind() == RichMessage.Suggestion.Kind.REPLY ? "reply" : "action") + ".displayText";
            if (s.text() == null || s.text().isBlank()) {
                out.add(new Violation(p, "must not be empty"));
            } else {
                length(out, p, s.text(), maxSuggestionText);
            }
        }
    }

    private static void length(List<Violation> out, String path, String value, int max) {
        if (value != null && value.codePointCount(0, value.length()) > max) {
            out.add(new Violation(path, "at most " + max + " characters"));
        }
    }
}
