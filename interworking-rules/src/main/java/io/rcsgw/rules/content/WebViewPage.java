package io.rcsgw.rules.content;

import java.util.List;

/**
 * A rich message as a read-only HTML page for an SMS reader's browser: card images, titles and
 * descriptions, a carousel as a row of cards, and suggestions as buttons that open their URL,
 * dial their number or show a map. Mobile-friendly, readable without JavaScript (there is
 * none), everything escaped. Replies cannot be tapped here; they say how to answer by SMS.
 */
public final class WebViewPage {

    private WebViewPage() {
    }

    public static String render(RichMessage m) {
        List<NumberedSuggestion> numbered = SmsRendering.render(m).suggestions();
        int[] next = {0};
        StringBuilder body = new StringBuilder();
        String title = "Message";
        if (m.content() instanceof RichMessage.Text t) {
            body.append("<p class=\"text\">").append(escape(t.text())).append("</p>\n");
        } else if (m.content() instanceof RichMessage.File f) {
            String name = f.name() != null && !f.name().isBlank() ? f.name() : "File";
            title = name;
            String url = safeUrl(f.url());
            if (url != null && f.mimeType() != null && f.mimeType().startsWith("image/")) {
                body.append("<img src=\"").append(attr(url)).append("\" alt=\"").append(attr(name)).append("\">\n");
            }
            if (url != null) {
                body.append("<p><a class=\"button\" href=\"").append(attr(url)).append("\">").append(escape(name))
                        .append("</a></p>\n");
            }
        } else if (m.content() instanceof RichMessage.Audio a) {
            String name = a.name() != null && !a.name().isBlank() ? a.name() : "Audio message";
            title = name;
            String url = safeUrl(a.url());
            if (url != null) {
                body.append("<audio controls src=\"").append(attr(url)).append("\"></audio>\n");
                body.append("<p><a class=\"button\" href=\"").append(attr(url)).append("\">").append(escape(name))
                        .append("</a></p>\n");
            }
        } else if (m.content() instanceof RichMessage.Location l) {
            String label = l.label() != null && !l.label().isBlank() ? l.label() : "Location";
            title = label;
            body.append("<p><a class=\"button\" href=\"").append(attr(MapLink.of(l.point()))).append("\">")
                    .append(escape(label)).append("</a></p>\n");
        } else if (m.content() instanceof RichMessage.RichCard rc) {
            body.append(rc.carousel() ? "<div class=\"carousel\">\n" : "");
            for (RichMessage.Card c : rc.cards()) {
                if (title.equals("Message") && c.title() != null && !c.title().isBlank()) {
                    title = c.title();
                }
                body.append("<section class=\"card\">\n");
                String media = c.media() == null ? null : safeUrl(c.media().url());
                if (media != null) {
                    body.append("<img src=\"").append(attr(media)).append("\" alt=\"\">\n");
                }
                if (c.title() != null) {
                    body.append("<h2>").append(escape(c.title())).append("</h2>\n");
                }
                if (c.description() != null) {
                    body.append("<p>").append(escape(c.description())).append("</p>\n");
                }
                buttons(body, c.suggestions(), numbered, next);
                body.append("</section>\n");
            }
            body.append(rc.carousel() ? "</div>\n" : "");
        }
        buttons(body, m.chips(), numbered, next);
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <meta name="robots" content="noindex">
                <title>%s</title>
                <style>
                body{font-family:system-ui,sans-serif;margin:0;padding:16px;background:#f4f4f6;color:#1c1c1e}
                .card{background:#fff;border-radius:12px;padding:12px;margin:0 0 12px;box-shadow:0 1px 3px rgba(0,0,0,.15)}
                .carousel{display:flex;gap:12px;overflow-x:auto}.carousel .card{min-width:240px;max-width:280px}
                img{max-width:100%%;border-radius:8px}h2{font-size:1.15em;margin:8px 0 4px}.text{white-space:pre-wrap}
                .button{display:block;text-align:center;padding:10px;margin:8px 0 0;border-radius:20px;border:1px solid #0a66c2;
                color:#0a66c2;text-decoration:none}.reply{color:#555;border-color:#bbb}
                </style>
                </head>
                <body>
                <main>
                %s</main>
                </body>
                </html>
                """.formatted(escape(title), body);
    }

    private static void buttons(StringBuilder out, List<RichMessage.Suggestion> list, List<NumberedSuggestion> numbered,
                                int[] next) {
        for (RichMessage.Suggestion s : list) {
            if (!s.shownAsText()) {
                continue;
            }
            int number = numbered.get(next[0]++).number();
            String href = href(s);
            if (href == null) {
                out.append("<span class=\"button reply\">").append(escape(s.text())).append(" (answer ").append(number)
                        .append(" by SMS)</span>\n");
            } else {
                out.append("<a class=\"button\" href=\"").append(attr(href)).append("\">").append(escape(s.text()))
                        .append("</a>\n");
            }
        }
    }

    /** Where a suggestion's button goes; null for a reply (or an action with nowhere to go). */
    static String href(RichMessage.Suggestion s) {
        String target = s.target();
        String href = switch (s.kind()) {
            case REPLY -> null;
            case OPEN_URL -> safeUrl(target);
            case DIAL, DIAL_ENRICHED_CALL, DIAL_VIDEO_CALL -> target == null ? null : "tel:" + target.replaceAll("[^+0-9]", "");
            case COMPOSE_RECORDING -> target == null ? null : "sms:" + target.replaceAll("[^+0-9]", "");
            case SHOW_LOCATION -> target == null ? null : MapLink.of(target);
            case COMPOSE_TEXT, REQUEST_LOCATION, CALENDAR_EVENT, REQUEST_DEVICE_SPECIFICS, DISABLE_ANONYMIZATION,
                 ENABLE_DISPLAYED_NOTIFICATIONS -> null;
        };
        return href != null ? href : s.kind() == RichMessage.Suggestion.Kind.REPLY ? null : safeUrl(s.fallbackUrl());
    }

    /** Only http and https links: a javascript: or data: URL from a bot does not become a link. */
    private static String safeUrl(String url) {
        if (url == null) {
            return null;
        }
        String lower = url.trim().toLowerCase(java.util.Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://") ? url.trim() : null;
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String attr(String s) {
        return escape(s);
    }
}
