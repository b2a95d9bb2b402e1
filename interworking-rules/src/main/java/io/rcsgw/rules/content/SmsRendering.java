package io.rcsgw.rules.content;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a rich message as the text an SMS carries: a text as it is (byte for byte, nothing
 * trimmed), a file or an audio message as its name and link, a location as its label and a map
 * link, a card as title, description and media link, a carousel as numbered cards, and every
 * suggestion as a numbered line ({@code 1 Yes}; a dial action shows its number, an open-URL
 * action its URL) that the user may answer with its number. Suggestions are numbered in reading
 * order: each card's, then the message's chips. A suggestion only an RCS client can act on (its
 * device details, a setting) is left out unless it has a fallback URL.
 *
 * <p>A bot may give its own {@link SmsTemplate}; it sees the values {@link #context} builds.
 */
public final class SmsRendering {

    private SmsRendering() {
    }

    public static RenderedSms render(RichMessage m) {
        return render(m, null);
    }

    public static RenderedSms render(RichMessage m, SmsTemplate template) {
        List<NumberedSuggestion> numbered = new ArrayList<>();
        if (template != null) {
            return new RenderedSms(template.render(context(m, numbered)), numbered);
        }
        List<String> lines = new ArrayList<>();
        if (m.content() instanceof RichMessage.Text t) {
            lines.add(t.text());
        } else if (m.content() instanceof RichMessage.File f) {
            if (f.name() != null && !f.name().isBlank()) {
                lines.add(f.name());
            }
            lines.add(f.url());
        } else if (m.content() instanceof RichMessage.Audio a) {
            present(lines, a.name());
            lines.add(a.url());
        } else if (m.content() instanceof RichMessage.Location l) {
            present(lines, l.label());
            lines.add(MapLink.of(l.point()));
        } else if (m.content() instanceof RichMessage.RichCard rc) {
            for (int i = 0; i < rc.cards().size(); i++) {
                RichMessage.Card c = rc.cards().get(i);
                if (i > 0) {
                    lines.add("");
                }
                List<String> card = new ArrayList<>();
                present(card, c.title());
                present(card, c.description());
                if (c.media() != null) {
                    present(card, c.media().url());
                }
                if (rc.carousel()) {
                    String first = card.isEmpty() ? "" : card.remove(0);
                    card.add(0, (i + 1) + ") " + first);
                }
                lines.addAll(card);
                suggestions(lines, c.suggestions(), numbered);
            }
        }
        suggestions(lines, m.chips(), numbered);
        return new RenderedSms(String.join("\n", lines), numbered);
    }

    private static void present(List<String> lines, String value) {
        if (value != null && !value.isBlank()) {
            lines.add(value);
        }
    }

    private static void suggestions(List<String> lines, List<RichMessage.Suggestion> list, List<NumberedSuggestion> numbered) {
        for (RichMessage.Suggestion s : list) {
            if (!s.shownAsText()) {
                continue;
            }
            int n = numbered.size() + 1;
            numbered.add(new NumberedSuggestion(n, s.kind(), s.text(), s.postback()));
            String target = target(s);
            lines.add(n + " " + s.text() + (target == null ? "" : ": " + target));
        }
    }

    /** What the handset can act on for a suggestion in plain text: a URL, a number, a link; null for a reply. */
    static String target(RichMessage.Suggestion s) {
        String t = switch (s.kind()) {
            case REPLY -> null;
            case OPEN_URL, DIAL, DIAL_ENRICHED_CALL, DIAL_VIDEO_CALL, COMPOSE_TEXT, COMPOSE_RECORDING -> s.target();
            case SHOW_LOCATION, REQUEST_LOCATION, CALENDAR_EVENT, REQUEST_DEVICE_SPECIFICS, DISABLE_ANONYMIZATION,
                 ENABLE_DISPLAYED_NOTIFICATIONS -> s.fallbackUrl();
        };
        if (t == null && s.kind() != RichMessage.Suggestion.Kind.REPLY) {
            t = s.fallbackUrl();
        }
        return t == null || t.isBlank() ? null : t;
    }

    /**
     * The values a template sees: {@code text}; {@code file} (url, name, mimeType), also for an
     * audio message, with {@code audio} true; {@code location} (label, latitude, longitude, mapUrl); {@code cards}
     * (each: number, title, description, mediaUrl, suggestions) with {@code carousel} true for a
     * carousel; {@code suggestions} (the message's chips), each suggestion with number, text,
     * target and {@code reply} true for a reply.
     */
    static Map<String, Object> context(RichMessage m, List<NumberedSuggestion> numbered) {
        Map<String, Object> ctx = new LinkedHashMap<>();
        if (m.content() instanceof RichMessage.Text t) {
            ctx.put("text", t.text());
        } else if (m.content() instanceof RichMessage.File f) {
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("url", f.url());
            put(file, "name", f.name());
            put(file, "mimeType", f.mimeType());
            ctx.put("file", file);
        } else if (m.content() instanceof RichMessage.Audio a) {
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("url", a.url());
            put(file, "name", a.name());
            put(file, "mimeType", a.mimeType());
            file.put("audio", true);
            ctx.put("file", file);
        } else if (m.content() instanceof RichMessage.Location l) {
            Map<String, Object> location = new LinkedHashMap<>();
            put(location, "label", l.label());
            location.put("latitude", l.latitude());
            location.put("longitude", l.longitude());
            location.put("mapUrl", MapLink.of(l.point()));
            ctx.put("location", location);
        } else if (m.content() instanceof RichMessage.RichCard rc) {
            List<Map<String, Object>> cards = new ArrayList<>();
            for (int i = 0; i < rc.cards().size(); i++) {
                RichMessage.Card c = rc.cards().get(i);
                Map<String, Object> card = new LinkedHashMap<>();
                card.put("number", i + 1);
                put(card, "title", c.title());
                put(card, "description", c.description());
                put(card, "mediaUrl", c.media() == null ? null : c.media().url());
                card.put("suggestions", suggestionValues(c.suggestions(), numbered));
                cards.add(card);
            }
            ctx.put("cards", cards);
            ctx.put("carousel", rc.carousel());
        }
        ctx.put("suggestions", suggestionValues(m.chips(), numbered));
        return ctx;
    }

    private static List<Map<String, Object>> suggestionValues(List<RichMessage.Suggestion> list,
                                                              List<NumberedSuggestion> numbered) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (RichMessage.Suggestion s : list) {
            if (!s.shownAsText()) {
                continue;
            }
            int n = numbered.size() + 1;
            numbered.add(new NumberedSuggestion(n, s.kind(), s.text(), s.postback()));
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("number", n);
            v.put("text", s.text());
            put(v, "target", target(s));
            v.put("reply", s.kind() == RichMessage.Suggestion.Kind.REPLY);
            out.add(v);
        }
        return out;
    }

    private static void put(Map<String, Object> map, String key, String value) {
        if (value != null && !value.isBlank()) {
            map.put(key, value);
        }
    }
}
