package io.rcsgw.rules.sms;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * encode -> segment -> put on the wire -> decode as received -> reassemble gives back the text,
 * for random texts mixing scripts, emoji, GSM extension and national characters, with every
 * concatenation method and both GSM packings.
 */
class SmsCodecPropertiesTest {

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> latin = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789.,!?@£$").ofMinLength(1).ofMaxLength(40);
        Arbitrary<String> gsmExtension = Arbitraries.of("€", "{", "}", "[", "]", "~", "\\", "^", "|", "\f");
        Arbitrary<String> national = Arbitraries.of("ğ", "Ğ", "ş", "Ş", "ı", "İ", "ç", "á", "í", "ó", "ú", "Á", "ã", "õ", "ê", "â", "Ê", "º", "ª");
        Arbitrary<String> cyrillic = Arbitraries.strings().withCharRange('а', 'я').ofMinLength(1).ofMaxLength(20);
        Arbitrary<String> cjk = Arbitraries.strings().withCharRange('一', '龥').ofMinLength(1).ofMaxLength(10);
        Arbitrary<String> emoji = Arbitraries.of("😀", "🇩🇪", "👍🏽", "👨‍👩‍👧", "e\u0301", "🎉", "❤️");
        // whole texts in one family of characters as often as mixed ones, so that long GSM texts
        // (many segments, escapes at the edges) come up as well as UCS-2 ones
        Arbitrary<String> gsmPiece = Arbitraries.frequencyOf(Tuple.of(8, latin), Tuple.of(2, gsmExtension));
        Arbitrary<String> nationalPiece = Arbitraries.frequencyOf(Tuple.of(6, latin), Tuple.of(1, gsmExtension), Tuple.of(3, national));
        Arbitrary<String> anyPiece = Arbitraries.frequencyOf(Tuple.of(6, latin), Tuple.of(2, gsmExtension), Tuple.of(2, national),
                Tuple.of(1, cyrillic), Tuple.of(1, cjk), Tuple.of(1, emoji));
        return Arbitraries.frequency(Tuple.of(4, gsmPiece), Tuple.of(3, nationalPiece), Tuple.of(3, anyPiece))
                .flatMap(piece -> piece.list().ofMinSize(1).ofMaxSize(40).map(l -> String.join("", l)));
    }

    @Provide
    Arbitrary<SmsProfile> profiles() {
        return Arbitraries.of(Concatenation.UDH_8BIT, Concatenation.UDH_16BIT, Concatenation.SAR)
                .flatMap(c -> Arbitraries.subsetOf(NationalLanguage.values())
                        .map(l -> new SmsProfile(l.isEmpty() ? EnumSet.noneOf(NationalLanguage.class) : EnumSet.copyOf(l), c, false)));
    }

    @Property(tries = 1000)
    void wireRoundTrip(@ForAll("texts") String text, @ForAll("profiles") SmsProfile profile,
                       @ForAll DefaultCoding coding) {
        if (coding == DefaultCoding.LATIN1) {
            profile = profile.withGsmAsLatin1(true);
        }
        SmsText sms = SmsSegmenter.segment(text, profile);
        assertThat(sms.text()).isEqualTo(text);
        int reference = 0x2A;
        PartsReassembler reassembler = new PartsReassembler(60_000, 100);
        Optional<PartsReassembler.Message> whole = Optional.empty();
        for (int i = 0; i < sms.segmentCount(); i++) {
            UserDataHeader header = sms.header(i, reference);
            // what the handset gets must fit 140 octets of user data, with the concatenation
            // element the SMSC adds on the air when the parts are joined outside the UDH
            int onAirHeader = header.length();
            if (sms.isConcatenated() && !profile.concatenation().inUserDataHeader()) {
                onAirHeader += (onAirHeader == 0 ? 1 : 0) + profile.concatenation().headerOctetsOnAir();
            }
            int octets = sms.encoding() == SmsEncoding.GSM7
                    ? onAirHeader + (GsmPacking.fillBits(onAirHeader) + 7 * sms.alphabet().count(sms.segments().get(i)) + 7) / 8
                    : onAirHeader + sms.payload(i).length;
            assertThat(octets).as("segment %d fits in one SMS", i).isLessThanOrEqualTo(140);

            byte[] udh = header.toBytes();
            byte[] payload = sms.payload(i);
            if (sms.encoding() == SmsEncoding.GSM7 && coding == DefaultCoding.GSM_PACKED) {
                payload = GsmPacking.pack(payload, GsmPacking.fillBits(udh.length));
            } else if (sms.encoding() == SmsEncoding.GSM7 && coding == DefaultCoding.LATIN1) {
                payload = sms.segments().get(i).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            }
            byte[] sm = new byte[udh.length + payload.length];
            System.arraycopy(udh, 0, sm, 0, udh.length);
            System.arraycopy(payload, 0, sm, udh.length, payload.length);

            SmsDecoder.Decoded d = SmsDecoder.decode(sms.dataCoding(), sm, udh.length > 0, coding);
            // with SAR the part numbers travel in TLVs, not in the header
            UserDataHeader.Concat c = d.header().concat().orElse(new UserDataHeader.Concat(reference, sms.segmentCount(), i + 1, false));
            whole = reassembler.offer(new PartsReassembler.Part("src", "dst", c.reference(), c.total(), c.sequence(), d.text(), 0));
        }
        assertThat(whole).isPresent();
        String expected = coding == DefaultCoding.GSM_PACKED && text.endsWith("\r") ? whole.get().text() : text;
        assertThat(whole.get().text()).isEqualTo(expected);
    }

    @Property(tries = 200)
    void chosenEncodingIsNeverBeatenByAnother(@ForAll("texts") String text) {
        SmsProfile all = SmsProfile.DEFAULT.withLanguages(EnumSet.allOf(NationalLanguage.class));
        SmsText chosen = SmsSegmenter.segment(text, all);
        assertThat(chosen.segmentCount()).isLessThanOrEqualTo(SmsSegmenter.segment(text).segmentCount());
        List<Integer> others = all.gsmCandidates().stream()
                .filter(a -> a.canEncode(text))
                .map(a -> SmsSegmenter.segment(text, new SmsProfile(
                        a.lockingShift() == null && a.singleShift() == null ? EnumSet.noneOf(NationalLanguage.class)
                                : EnumSet.of(a.lockingShift() != null ? a.lockingShift() : a.singleShift()),
                        Concatenation.UDH_8BIT, false)).segmentCount())
                .toList();
        assertThat(others).allSatisfy(n -> assertThat(chosen.segmentCount()).isLessThanOrEqualTo(n));
    }
}
