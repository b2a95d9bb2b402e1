package io.rcsgw.rules.content;

import java.util.List;

/**
 * Renders a rich message as the plain text an SMS carries when it falls back: the text itself,
 * a file as its link, a card as title, description and media link, and each suggestion as a
 * line a handset can act on (a link, a number, a reply word). Nothing is dropped silently: an
 * action with no SMS form still shows its label.
 */
public final class SmsFallbackText {

    private SmsFallbackText() {
    }

    public static String render(RichMessage m) {
        StringBuilder out = new StringBuilder();
        if (m.content() instanceof RichMessage.Text t) {
            out.append(t.text());
        } else if (m.content() instanceof RichMessage.File f) {
            out.append(f.name() != null && !f.name().isBlank() ? f.name() + ": " : "").append(f.url());
        } else if (m.content() instanceof RichMessage.RichCard rc) {
            for (int i = 0; i < rc.cards().size(); i++) {
                RichMessage.Card c = rc.cards().get(i);
                if (i > 0) {
                    out.append("\n\n");
                }
                if (rc.carousel()) {
                    out.append(i + 1).append(") ");
                }
                card(out, c);
            }
        }
        suggestions(out, m.chips());
        return out.toString().strip();
    }

    private static void card(StringBuilder out, RichMessage.Card c) {
        boolean any = false;
        if (c.title() != null && !c.title().isBlank()) {
            out.append(c.title());
            any = true;
        }
        if (c.description() != null && !c.description().isBlank()) {
            out.append(any ? "\n" : "").append(c.description());
            any = true;
        }
        if (c.media() != null && c.media().url() != null) {
            out.append(any ? "\n" : "").append(c.media().url());
        }
        suggestions(out, c.suggestions());
    }

    private static void suggestions(StringBuilder out, List<RichMessage.Suggestion> list) {
        List<RichMessage.Suggestion> replies = list.stream().filter(s -> s.kind() == RichMessage.Suggestion.Kind.REPLY).toList();
        for (RichMessage.Suggestion s : list) {
            if (s.kind() == RichMessage.Suggestion.Kind.REPLY) {
                continue;
            }
            out.append('\n').append(s.text());
            String target = switch (s.kind()) {
                case OPEN_URL, DIAL, COMPOSE_TEXT -> s.target();
                case SHOW_LOCATION, REQUEST_LOCATION, CALENDAR_EVENT -> s.fallbackUrl();
                case REPLY -> null;
            };
            if (target == null) {
                target = s.fallbackUrl();
            }
            if (target != null && !target.isBlank()) {
                out.append(": ").append(target);
            }
        }
        if (!replies.isEmpty()) {
            out.append("\nReply ");
            for (int i = 0; i < replies.size(); i++) {
                out.append(i == 0 ? "" : i == replies.size() - 1 ? " or " : ", ").append(replies.get(i).text());
            }
        }
    }
}
