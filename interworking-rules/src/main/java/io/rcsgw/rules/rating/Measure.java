package io.rcsgw.rules.rating;

import java.nio.charset.StandardCharsets;

/**
 * What rating needs of a message's content: whether it is rich (anything beyond plain text:
 * a file, card, carousel, location or any suggestion), whether it carries media (a file or a
 * card, the per-segment model's "rich media"), and its text's length in characters (code
 * points) and in UTF-8 bytes.
 */
public record Measure(boolean rich, boolean media, int characters, int bytes) {

    public static Measure of(String text, boolean rich, boolean media) {
        return new Measure(rich || media, media, text.codePointCount(0, text.length()),
                text.getBytes(StandardCharsets.UTF_8).length);
    }

    public static Measure plain(String text) {
        return of(text, false, false);
    }
}
