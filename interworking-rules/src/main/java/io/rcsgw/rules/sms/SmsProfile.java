package io.rcsgw.rules.sms;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What an SMS route can carry, which decides encoding and segmentation: the national
 * language tables its handsets are expected to support, how long messages are joined, and
 * whether data_coding 0 means Latin-1 at its SMSC (so GSM 7-bit text must also be Latin-1,
 * with no national tables).
 */
public record SmsProfile(Set<NationalLanguage> languages, Concatenation concatenation, boolean gsmAsLatin1) {

    /** No national tables, 8-bit reference UDH, data_coding 0 is GSM 7-bit. */
    public static final SmsProfile DEFAULT = new SmsProfile(Set.of(), Concatenation.UDH_8BIT, false);

    public SmsProfile {
        Objects.requireNonNull(concatenation, "concatenation");
        languages = languages.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(languages));
    }

    public SmsProfile withLanguages(Set<NationalLanguage> l) {
        return new SmsProfile(l, concatenation, gsmAsLatin1);
    }

    public SmsProfile withConcatenation(Concatenation c) {
        return new SmsProfile(languages, c, gsmAsLatin1);
    }

    public SmsProfile withGsmAsLatin1(boolean latin1) {
        return new SmsProfile(languages, concatenation, latin1);
    }

    /**
     * The GSM character sets to try, simplest first: the default, then one shift table, then
     * two. A later candidate wins only with strictly fewer segments.
     */
    List<GsmAlphabet> gsmCandidates() {
        List<GsmAlphabet> out = new ArrayList<>();
        out.add(GsmAlphabet.DEFAULT);
        if (gsmAsLatin1) {
            return out;
        }
        List<NationalLanguage> sorted = languages.stream().sorted().toList();
        for (NationalLanguage l : sorted) {
            out.add(GsmAlphabet.of(null, l));
        }
        for (NationalLanguage l : sorted) {
            if (l.hasLockingShift()) {
                out.add(GsmAlphabet.of(l, null));
            }
        }
        for (NationalLanguage locking : sorted) {
            if (!locking.hasLockingShift()) {
                continue;
            }
            for (NationalLanguage single : sorted) {
                out.add(GsmAlphabet.of(locking, single));
            }
        }
        return out;
    }
}
