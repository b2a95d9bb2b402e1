package io.rcsgw.rules.routing;

import java.time.Duration;
import java.util.Objects;

/**
 * How a rule's messages read and travel as SMS. {@code sender}: the SMS sender id (null: the
 * bot's); {@code validity}: the SMSC validity period (null: the link's); {@code maxSegments}: the
 * most segments a message may take (0: the API's limit), with {@code overflow} saying what
 * happens beyond; {@code webViewTtl}: how long a web-view link works; {@code replyWindow}: how
 * long a numeric SMS answer maps to a rendered suggestion.
 */
public record SmsOptions(String sender, Duration validity, int maxSegments, Overflow overflow, Duration webViewTtl,
                         Duration replyWindow) {

    public static final SmsOptions DEFAULT = new SmsOptions(null, null, 0, Overflow.REJECT, Duration.ofDays(7),
            Duration.ofHours(24));

    public SmsOptions {
        Objects.requireNonNull(overflow, "overflow");
        Objects.requireNonNull(webViewTtl, "webViewTtl");
        Objects.requireNonNull(replyWindow, "replyWindow");
        if (maxSegments < 0 || maxSegments > 255) {
            throw new IllegalArgumentException("maxSegments must be 0..255");
        }
    }
}
