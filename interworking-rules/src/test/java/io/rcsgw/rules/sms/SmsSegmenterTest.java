package io.rcsgw.rules.sms;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SmsSegmenterTest {

    private static final SmsProfile ALL_LANGUAGES = SmsProfile.DEFAULT.withLanguages(EnumSet.allOf(NationalLanguage.class));

    @Test
    void shortGsmTextIsOneSegment() {
        SmsText t = SmsSegmenter.segment("Hello world");
        assertThat(t.encoding()).isEqualTo(SmsEncoding.GSM7);
        assertThat(t.alphabet()).isEqualTo(GsmAlphabet.DEFAULT);
        assertThat(t.segmentCount()).isEqualTo(1);
        assertThat(t.payload(0)).isEqualTo("Hello world".getBytes(StandardCharsets.US_ASCII));
        assertThat(t.header(0, 7).isEmpty()).isTrue();
    }

    /** The capacities of 3GPP TS 23.038/23.040 for every header the gateway writes. */
    @ParameterizedTest
    @CsvSource({
            // encoding, UDH octets (UDHL included), units
            "GSM7, 0, 160", "GSM7, 6, 153", "GSM7, 7, 152",     // none, 8-bit ref, 16-bit ref
            "GSM7, 4, 155", "GSM7, 7, 152",                     // one / two shift tables, single message
            "GSM7, 9, 149", "GSM7, 12, 146",                    // 8-bit ref with one / two shift tables
            "EIGHT_BIT, 0, 140", "EIGHT_BIT, 6, 134", "EIGHT_BIT, 7, 133",
            "UCS2, 0, 70", "UCS2, 6, 67", "UCS2, 7, 66"})
    void capacities(SmsEncoding encoding, int udhOctets, int units) {
        assertThat(encoding.capacity(udhOctets)).isEqualTo(units);
    }

    /** Segment counts of published examples (operator and handset documentation). */
    @ParameterizedTest
    @CsvSource({
            "a, 160, 1", "a, 161, 2", "a, 306, 2", "a, 307, 3", "a, 459, 3", "a, 460, 4",
            "€, 80, 1", "€, 81, 2",
            "я, 70, 1", "я, 71, 2", "я, 134, 2", "я, 135, 3"})
    void publishedSegmentCounts(String unit, int repeat, int segments) {
        assertThat(SmsSegmenter.segment(unit.repeat(repeat)).segmentCount()).isEqualTo(segments);
    }

    @Test
    void sixteenBitReferencesAndSarLeaveOneUnitLessPerSegment() {
        String text = "a".repeat(306);
        assertThat(SmsSegmenter.segment(text, SmsProfile.DEFAULT.withConcatenation(Concatenation.UDH_8BIT)).segmentCount())
                .isEqualTo(2);
        assertThat(SmsSegmenter.segment(text, SmsProfile.DEFAULT.withConcatenation(Concatenation.UDH_16BIT)).segmentCount())
                .isEqualTo(3);
        SmsText sar = SmsSegmenter.segment(text, SmsProfile.DEFAULT.withConcatenation(Concatenation.SAR));
        assertThat(sar.segments()).extracting(String::length).containsExactly(152, 152, 2);
        assertThat(sar.header(0, 1).isEmpty()).as("SAR parts carry no concatenation element of their own").isTrue();
    }

    @Test
    void extensionCharacterCostsTwoSeptetsAndIsNeverSplitFromItsEscape() {
        // 152 plain septets then a euro: the euro (2 septets) does not fit in 153 and moves on whole
        SmsText t = SmsSegmenter.segment("a".repeat(152) + "€" + "b".repeat(10));
        assertThat(t.segments().get(0)).isEqualTo("a".repeat(152));
        assertThat(t.segments().get(1)).startsWith("€");
        assertThat(t.payload(1)[0]).isEqualTo((byte) 0x1B);
        assertThat(t.payload(1)[1]).isEqualTo((byte) 0x65);
        assertThat(t.header(1, 0xAB).toBytes()).containsExactly(5, 0, 3, 0xAB - 256, 2, 2);
    }

    @Test
    void nonGsmTextGoesUcs2AndNeverCutsASurrogatePair() {
        assertThat(SmsSegmenter.segment("Привет").encoding()).isEqualTo(SmsEncoding.UCS2);
        String text = "x".repeat(66) + "😀" + "y".repeat(10);
        SmsText t = SmsSegmenter.segment(text);
        assertThat(t.segments().get(0)).isEqualTo("x".repeat(66));
        assertThat(t.segments().get(1)).startsWith("😀");
        assertThat(String.join("", t.segments())).isEqualTo(text);
        assertThat(new String(t.payload(1), StandardCharsets.UTF_16BE)).isEqualTo(t.segments().get(1));
    }

    @Test
    void graphemeClustersStayInOneSegmentWhereTheyFit() {
        String flag = "🇩🇪";                 // two regional indicators, 4 code units
        String thumb = "👍🏽";               // emoji with a skin tone modifier
        String family = "👨‍👩‍👧";       // ZWJ sequence, 8 code units
        String accented = "e\u0301";         // e + combining acute
        for (String cluster : new String[]{flag, thumb, family, accented}) {
            // fill the first segment to one code unit short of where the cluster would end
            String text = "ж".repeat(67 - cluster.length() + 1) + cluster + "ж".repeat(20);
            SmsText t = SmsSegmenter.segment(text);
            assertThat(t.segments()).as(cluster).allSatisfy(s -> assertThat(s.length()).isLessThanOrEqualTo(67));
            assertThat(t.segments().get(1)).as(cluster).startsWith(cluster);
            assertThat(String.join("", t.segments())).isEqualTo(text);
        }
    }

    @Test
    void aClusterLongerThanASegmentIsCutBetweenCodePoints() {
        String text = "😀".repeat(40) + "\u200D"; // no break inside? 40 emoji are 40 clusters; make one huge one:
        String huge = "a" + "\u0301".repeat(100);  // one grapheme of 101 code units
        SmsText t = SmsSegmenter.segment(huge + "ж");
        assertThat(t.segmentCount()).isEqualTo(2);
        assertThat(String.join("", t.segments())).isEqualTo(huge + "ж");
        assertThat(SmsSegmenter.segment(text).segments()).allSatisfy(s ->
                assertThat(Character.isLowSurrogate(s.charAt(0))).isFalse());
    }

    @Test
    void crLfStaysTogetherInGsm() {
        SmsText t = SmsSegmenter.segment("a".repeat(152) + "\r\n" + "b".repeat(10));
        assertThat(t.segments().get(0)).isEqualTo("a".repeat(152));
        assertThat(t.segments().get(1)).startsWith("\r\n");
    }

    @Test
    void turkishTextUsesTheTurkishTablesWhenThatSavesSegments() {
        String turkish = "Sayın müşterimiz, ğüşıöç ĞÜŞİÖÇ siparişiniz yola çıktı. ".repeat(3); // 171 characters
        SmsText withoutTables = SmsSegmenter.segment(turkish);
        assertThat(withoutTables.encoding()).isEqualTo(SmsEncoding.UCS2);
        assertThat(withoutTables.segmentCount()).isEqualTo(3);

        SmsText turkishTables = SmsSegmenter.segment(turkish, SmsProfile.DEFAULT.withLanguages(Set.of(NationalLanguage.TURKISH)));
        assertThat(turkishTables.encoding()).isEqualTo(SmsEncoding.GSM7);
        // the single shift table alone already gets it into two segments; the locking table would add a header element
        assertThat(turkishTables.alphabet()).isEqualTo(GsmAlphabet.of(null, NationalLanguage.TURKISH));
        assertThat(turkishTables.segmentCount()).isEqualTo(2);
        // every part names its table before its concatenation element
        assertThat(turkishTables.header(0, 9).toBytes()).containsExactly(8, 0x24, 1, 1, 0, 3, 9, 2, 1);

        // dotless i and soft g are one septet with the locking table: 150 of them fit one message
        SmsText locking = SmsSegmenter.segment("ığ".repeat(75), SmsProfile.DEFAULT.withLanguages(Set.of(NationalLanguage.TURKISH)));
        assertThat(locking.alphabet()).isEqualTo(GsmAlphabet.of(NationalLanguage.TURKISH, null));
        assertThat(locking.segmentCount()).isEqualTo(1);
        assertThat(locking.header(0, 0).toBytes()).containsExactly(3, 0x25, 1, 1);
    }

    @Test
    void spanishSingleShiftAndPortugueseLocking() {
        String spanish = "Información: la canción está aquí. Él llegó ayer, ¿sí? Ñandú. ".repeat(3);
        SmsText es = SmsSegmenter.segment(spanish, ALL_LANGUAGES);
        assertThat(es.encoding()).isEqualTo(SmsEncoding.GSM7);
        assertThat(es.alphabet().singleShift()).isEqualTo(NationalLanguage.SPANISH);
        assertThat(es.segmentCount()).isLessThan(SmsSegmenter.segment(spanish).segmentCount());

        String portuguese = "Atenção: a promoção é válida até amanhã. Não perca! Obrigação cumprida, ação já. ".repeat(2);
        SmsText pt = SmsSegmenter.segment(portuguese, ALL_LANGUAGES);
        assertThat(pt.encoding()).isEqualTo(SmsEncoding.GSM7);
        assertThat(pt.segmentCount()).isLessThan(SmsSegmenter.segment(portuguese).segmentCount());

        // "ção " is 4 septets with the Portuguese locking table and 6 with its single shift table
        SmsText locking = SmsSegmenter.segment("ção ".repeat(38), ALL_LANGUAGES);
        assertThat(locking.alphabet()).isEqualTo(GsmAlphabet.of(NationalLanguage.PORTUGUESE, null));
        assertThat(locking.segmentCount()).isEqualTo(1);
    }

    @Test
    void onATieNationalTablesAreNotUsed() {
        // 60 x á: UCS-2 fits it in one segment, as does GSM with the Spanish single shift
        SmsText t = SmsSegmenter.segment("á".repeat(60), ALL_LANGUAGES);
        assertThat(t.encoding()).isEqualTo(SmsEncoding.UCS2);
        assertThat(t.segmentCount()).isEqualTo(1);
    }

    @Test
    void latin1DefaultCodingKeepsGsmTextThatIsAlsoLatin1AndSendsTheRestAsUcs2() {
        SmsProfile latin1 = SmsProfile.DEFAULT.withGsmAsLatin1(true);
        assertThat(SmsSegmenter.segment("Café @ 5$", latin1).encoding()).isEqualTo(SmsEncoding.GSM7);
        assertThat(SmsSegmenter.segment("Price: 5 €", latin1).encoding()).isEqualTo(SmsEncoding.UCS2);
        assertThat(SmsSegmenter.segment("ΔΣ", latin1).encoding()).isEqualTo(SmsEncoding.UCS2);
    }
}
