package io.rcsgw.smpp;

import io.rcsgw.rules.sms.Concatenation;
import io.rcsgw.rules.sms.DefaultCoding;
import io.rcsgw.rules.sms.NationalLanguage;
import io.rcsgw.rules.sms.SmsProfile;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How one SMSC wants its short messages: how long messages are joined, what data_coding 0
 * means there, which national tables its handsets get, how many parts one message may have,
 * and the submit_sm fields that are per link.
 *
 * @param validityPeriod relative validity sent with every submit; null leaves it to the SMSC
 * @param priority       submit_sm priority_flag, 0-3
 * @param shortCodeTon   source TON for a numeric sender of at most {@link #SHORT_CODE_DIGITS} digits
 * @param moReassemblyTimeout how long the parts of a mobile-originated message are waited for
 */
public record SmsSettings(Concatenation concatenation, DefaultCoding defaultCoding, Set<NationalLanguage> nationalLanguages,
                          int maxSegments, Duration validityPeriod, int priority, int shortCodeTon, int shortCodeNpi,
                          Duration moReassemblyTimeout) {

    /** Numeric senders up to this many digits are short codes; longer ones are international numbers. */
    public static final int SHORT_CODE_DIGITS = 8;

    public static final SmsSettings DEFAULT = new SmsSettings(Concatenation.UDH_8BIT, DefaultCoding.GSM_UNPACKED, Set.of(),
            255, null, 0, 3, 0, Duration.ofSeconds(60));

    public SmsSettings {
        Objects.requireNonNull(concatenation, "concatenation");
        Objects.requireNonNull(defaultCoding, "defaultCoding");
        nationalLanguages = Set.copyOf(nationalLanguages);
        if (maxSegments < 1 || maxSegments > 255) {
            throw new IllegalArgumentException("maxSegments must be 1..255");
        }
        if (priority < 0 || priority > 3) {
            throw new IllegalArgumentException("priority must be 0..3");
        }
        moReassemblyTimeout = moReassemblyTimeout == null ? Duration.ofSeconds(60) : moReassemblyTimeout;
        if (defaultCoding == DefaultCoding.LATIN1 && !nationalLanguages.isEmpty()) {
            throw new IllegalArgumentException("national language tables need GSM 7-bit, not Latin-1, as data_coding 0");
        }
    }

    /** The same settings with another validity period (a rule's, or what is left of a message's life). */
    public SmsSettings withValidityPeriod(Duration validity) {
        return new SmsSettings(concatenation, defaultCoding, nationalLanguages, maxSegments, validity, priority, shortCodeTon,
                shortCodeNpi, moReassemblyTimeout);
    }

    /** What the segmenter needs to know about this link. */
    public SmsProfile profile() {
        return new SmsProfile(nationalLanguages, concatenation, defaultCoding == DefaultCoding.LATIN1);
    }
}
