package io.rcsgw.rules.sms;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static io.rcsgw.rules.sms.DefaultCoding.GSM_PACKED;
import static io.rcsgw.rules.sms.DefaultCoding.GSM_UNPACKED;
import static io.rcsgw.rules.sms.DefaultCoding.LATIN1;
import static org.assertj.core.api.Assertions.assertThat;

class SmsDecoderTest {

    @Test
    void dataCodingZeroFollowsTheLinkSetting() {
        byte[] unpacked = GsmAlphabet.DEFAULT.encodeUnpacked("Ärger über 5€");
        assertThat(SmsDecoder.decode(0x00, unpacked, false, GSM_UNPACKED).text()).isEqualTo("Ärger über 5€");
        byte[] packed = GsmPacking.pack(unpacked, 0);
        assertThat(SmsDecoder.decode(0x00, packed, false, GSM_PACKED).text()).isEqualTo("Ärger über 5€");
        assertThat(SmsDecoder.decode(0x00, "Café".getBytes(StandardCharsets.ISO_8859_1), false, LATIN1).text()).isEqualTo("Café");
    }

    @Test
    void smppCodes() {
        assertThat(SmsDecoder.decode(0x01, "plain ASCII".getBytes(StandardCharsets.US_ASCII), false, GSM_UNPACKED).text())
                .isEqualTo("plain ASCII");
        assertThat(SmsDecoder.decode(0x03, "Zürich".getBytes(StandardCharsets.ISO_8859_1), false, GSM_UNPACKED).text())
                .isEqualTo("Zürich");
        assertThat(SmsDecoder.decode(0x08, "Привет 😀".getBytes(StandardCharsets.UTF_16BE), false, GSM_UNPACKED).text())
                .isEqualTo("Привет 😀");
        assertThat(SmsDecoder.decode(0x06, "Мир".getBytes(java.nio.charset.Charset.forName("ISO-8859-5")), false, GSM_UNPACKED)
                .text()).isEqualTo("Мир");
        SmsDecoder.Decoded bin = SmsDecoder.decode(0x04, new byte[]{1, 2, (byte) 0xFF}, false, GSM_UNPACKED);
        assertThat(bin.isText()).isFalse();
        assertThat(bin.binary()).containsExactly(1, 2, 0xFF);
        assertThat(SmsDecoder.decode(0x02, new byte[]{9}, false, GSM_UNPACKED).binary()).containsExactly(9);
    }

    @Test
    void gsmCodingGroups() {
        byte[] septets = GsmAlphabet.DEFAULT.encodeUnpacked("class 0");
        assertThat(SmsDecoder.decode(0xF0, septets, false, GSM_UNPACKED).text()).isEqualTo("class 0");
        assertThat(SmsDecoder.decode(0xF4, new byte[]{1}, false, GSM_UNPACKED).isText()).isFalse();
        assertThat(SmsDecoder.decode(0x18, "ok".getBytes(StandardCharsets.UTF_16BE), false, GSM_UNPACKED).text()).isEqualTo("ok");
        assertThat(SmsDecoder.decode(0x10, septets, false, GSM_UNPACKED).text()).isEqualTo("class 0");
        assertThat(SmsDecoder.decode(0x30, septets, false, GSM_UNPACKED).isText()).as("compressed").isFalse();
        assertThat(SmsDecoder.decode(0xE0, "mwi".getBytes(StandardCharsets.UTF_16BE), false, GSM_UNPACKED).text()).isEqualTo("mwi");
    }

    @Test
    void headerSelectsNationalTablesAndPackedTextStartsAfterFillBits() {
        GsmAlphabet turkish = GsmAlphabet.of(NationalLanguage.TURKISH, NationalLanguage.TURKISH);
        UserDataHeader h = UserDataHeader.of(turkish, new UserDataHeader.Concat(7, 2, 1, false));
        byte[] udh = h.toBytes();
        byte[] text = GsmPacking.pack(turkish.encodeUnpacked("Şişli'de ğüzel çay"), GsmPacking.fillBits(udh.length));
        byte[] sm = new byte[udh.length + text.length];
        System.arraycopy(udh, 0, sm, 0, udh.length);
        System.arraycopy(text, 0, sm, udh.length, text.length);
        SmsDecoder.Decoded d = SmsDecoder.decode(0x00, sm, true, GSM_PACKED);
        assertThat(d.text()).isEqualTo("Şişli'de ğüzel çay");
        assertThat(d.header().concat()).contains(new UserDataHeader.Concat(7, 2, 1, false));
    }
}
