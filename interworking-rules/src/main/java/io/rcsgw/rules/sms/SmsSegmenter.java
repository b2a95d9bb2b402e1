package io.rcsgw.rules.sms;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chooses the encoding of a text and cuts it into segments. This is the single place that
 * decides encodings and segment counts: the API's validation, the SMS leg and rating all
 * call it with the route's {@link SmsProfile}.
 *
 * <p>The encoding is the one that needs the fewest segments: the GSM default alphabet, UCS-2,
 * or GSM with the profile's national shift tables (each table costs a 3-octet header element
 * in every segment). On a tie the earlier in that order wins: national tables are used only
 * where they save a segment.
 */
public final class SmsSegmenter {

    /** An extended grapheme cluster (Unicode UAX #29): flags, emoji sequences, base plus marks. */
    private static final Pattern GRAPHEME = Pattern.compile("\\X");

    private SmsSegmenter() {
    }

    public static SmsText segment(String text) {
        return segment(text, SmsProfile.DEFAULT);
    }

    public static SmsText segment(String text, SmsProfile profile) {
        boolean gsmAllowed = !profile.gsmAsLatin1() || isLatin1(text);
        // the default alphabet first: nothing beats it when it fits in one segment
        SmsText best = gsmAllowed ? gsm(text, GsmAlphabet.DEFAULT, profile) : null;
        if (best != null && best.segmentCount() == 1) {
            return best;
        }
        SmsText ucs2 = cut(text, SmsEncoding.UCS2, null, profile.concatenation(), text.length());
        if (best == null || ucs2.segmentCount() < best.segmentCount()) {
            best = ucs2;
        }
        // national tables only where they save segments: not every handset has them
        if (gsmAllowed && !profile.languages().isEmpty()) {
            List<GsmAlphabet> candidates = profile.gsmCandidates();
            for (GsmAlphabet a : candidates.subList(1, candidates.size())) {
                SmsText t = gsm(text, a, profile);
                if (t != null && t.segmentCount() < best.segmentCount()) {
                    best = t;
                }
            }
        }
        return best;
    }

    private static SmsText gsm(String text, GsmAlphabet alphabet, SmsProfile profile) {
        int units = alphabet.count(text);
        return units < 0 ? null : cut(text, SmsEncoding.GSM7, alphabet, profile.concatenation(), units);
    }

    private static boolean isLatin1(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0xFF) {
                return false;
            }
        }
        return true;
    }

    private static SmsText cut(String text, SmsEncoding encoding, GsmAlphabet alphabet, Concatenation concatenation, int total) {
        int shiftOctets = alphabet == null ? 0 : 3 * alphabet.shiftElements();
        int single = encoding.capacity(shiftOctets == 0 ? 0 : 1 + shiftOctets);
        if (total <= single) {
            return new SmsText(encoding, alphabet, concatenation, List.of(text), total);
        }
        int capacity = encoding.capacity(1 + shiftOctets + concatenation.headerOctetsOnAir());
        List<String> segments = new ArrayList<>(total / capacity + 2);
        int start = 0;
        int used = 0;
        for (int[] unit : units(text, encoding)) {
            int from = unit[0];
            int to = unit[1];
            int cost = cost(text, from, to, encoding, alphabet);
            if (used + cost > capacity && cost <= capacity && from > start) {
                segments.add(text.substring(start, from));
                start = from;
                used = 0;
            }
            if (cost > capacity) {
                // a cluster longer than a whole segment: cut it between code points
                for (int i = from; i < to; ) {
                    int w = Character.charCount(text.codePointAt(i));
                    int c = cost(text, i, i + w, encoding, alphabet);
                    if (used + c > capacity && i > start) {
                        segments.add(text.substring(start, i));
                        start = i;
                        used = 0;
                    }
                    used += c;
                    i += w;
                }
            } else {
                used += cost;
            }
        }
        segments.add(text.substring(start));
        return new SmsText(encoding, alphabet, concatenation, segments, total);
    }

    /**
     * The pieces a segment boundary may not cut: grapheme clusters for UCS-2; for GSM, whose
     * characters carry no marks, single characters, with CR LF kept together.
     */
    private static List<int[]> units(String text, SmsEncoding encoding) {
        List<int[]> out = new ArrayList<>(text.length());
        if (encoding == SmsEncoding.GSM7) {
            for (int i = 0; i < text.length(); i++) {
                boolean crlf = text.charAt(i) == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n';
                out.add(new int[]{i, crlf ? i + 2 : i + 1});
                if (crlf) {
                    i++;
                }
            }
            return out;
        }
        Matcher m = GRAPHEME.matcher(text);
        while (m.find()) {
            out.add(new int[]{m.start(), m.end()});
        }
        return out;
    }

    private static int cost(String text, int from, int to, SmsEncoding encoding, GsmAlphabet alphabet) {
        if (encoding == SmsEncoding.GSM7) {
            int n = 0;
            for (int i = from; i < to; i++) {
                n += alphabet.septets(text.charAt(i));
            }
            return n;
        }
        return to - from;
    }
}
