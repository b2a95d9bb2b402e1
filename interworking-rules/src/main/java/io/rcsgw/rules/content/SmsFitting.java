package io.rcsgw.rules.content;

import io.rcsgw.rules.routing.Overflow;
import io.rcsgw.rules.sms.GsmAlphabet;
import io.rcsgw.rules.sms.SmsProfile;
import io.rcsgw.rules.sms.SmsSegmenter;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes an SMS text fit a rule's segment limit: as it is when it fits; else cut at a grapheme
 * boundary with an ellipsis, or cut shorter still with a link to the web view of the whole
 * message, or refused. The ellipsis is "..." for GSM text ("…" is not in the GSM alphabet and
 * would force UCS-2) and "…" otherwise.
 */
public final class SmsFitting {

    private static final Pattern GRAPHEME = Pattern.compile("\\X");

    private SmsFitting() {
    }

    /** The text to send, and how it was made to fit. */
    public sealed interface Fitted {
        String text();
    }

    public record AsIs(String text) implements Fitted {
    }

    public record Truncated(String text) implements Fitted {
    }

    /** Cut with the web-view link appended. */
    public record Linked(String text) implements Fitted {
    }

    /** Too long, and the rule says reject (or not even the link fits): {@code segments} is what it would need. */
    public record TooLong(String text, int segments) implements Fitted {
    }

    /**
     * @param link the web view's URL, for {@link Overflow#WEB_VIEW}; null when there is none
     */
    public static Fitted fit(String text, int maxSegments, SmsProfile profile, Overflow overflow, String link) {
        int segments = SmsSegmenter.segment(text, profile).segmentCount();
        if (segments <= maxSegments) {
            return new AsIs(text);
        }
        String suffix = switch (overflow) {
            case REJECT -> null;
            case TRUNCATE -> "";
            case WEB_VIEW -> link == null ? null : "\n" + link;
        };
        if (suffix == null) {
            return new TooLong(text, segments);
        }
        String cut = cut(text, maxSegments, profile, suffix);
        if (cut == null) {
            return new TooLong(text, segments);
        }
        return overflow == Overflow.TRUNCATE ? new Truncated(cut) : new Linked(cut);
    }

    /** The longest prefix of whole graphemes that, with an ellipsis and {@code suffix}, fits; null when none does. */
    static String cut(String text, int maxSegments, SmsProfile profile, String suffix) {
        List<Integer> ends = new ArrayList<>();
        Matcher m = GRAPHEME.matcher(text);
        while (m.find()) {
            ends.add(m.end());
        }
        // segments grow with the prefix: find the longest prefix that fits by bisection
        int lo = 0;
        int hi = ends.size();
        String best = null;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            String candidate = candidate(text, mid == 0 ? 0 : ends.get(mid - 1), suffix);
            if (SmsSegmenter.segment(candidate, profile).segmentCount() <= maxSegments) {
                best = candidate;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return best;
    }

    private static String candidate(String text, int end, String suffix) {
        String head = text.substring(0, end).stripTrailing();
        String ellipsis = GsmAlphabet.DEFAULT.canEncode(head) ? "..." : "…";
        return head.isEmpty() ? suffix.stripLeading() : head + ellipsis + suffix;
    }
}
