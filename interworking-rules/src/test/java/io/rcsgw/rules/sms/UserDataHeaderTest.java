package io.rcsgw.rules.sms;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UserDataHeaderTest {

    @Test
    void concatenationElementsBothWays() {
        UserDataHeader h8 = UserDataHeader.of(null, new UserDataHeader.Concat(0xAB, 3, 2, false));
        assertThat(h8.toBytes()).containsExactly(0x05, 0x00, 0x03, 0xAB - 256, 0x03, 0x02);
        UserDataHeader h16 = UserDataHeader.of(null, new UserDataHeader.Concat(0x1234, 4, 4, true));
        assertThat(h16.toBytes()).containsExactly(0x06, 0x08, 0x04, 0x12, 0x34, 0x04, 0x04);
        assertThat(UserDataHeader.parse(h16.toBytes()).concat()).contains(new UserDataHeader.Concat(0x1234, 4, 4, true));
        assertThat(UserDataHeader.parse(h8.toBytes()).length()).isEqualTo(6);
    }

    @Test
    void otherElementsAreKeptAndNotTakenForText() {
        // port addressing (IEI 0x05), then 8-bit concatenation, then a national single shift
        byte[] ud = {0x0E, 0x05, 0x04, 0x0B, (byte) 0x84, 0x23, (byte) 0xF0, 0x00, 0x03, 0x11, 0x02, 0x01, 0x24, 0x01, 0x01,
                'h', 'i'};
        UserDataHeader h = UserDataHeader.parse(ud);
        assertThat(h.elements()).extracting(UserDataHeader.Element::iei).containsExactly(0x05, 0x00, 0x24);
        assertThat(h.length()).isEqualTo(15);
        assertThat(h.concat()).contains(new UserDataHeader.Concat(0x11, 2, 1, false));
        assertThat(h.singleShift()).isEqualTo(NationalLanguage.TURKISH);
        assertThat(h.alphabet()).isEqualTo(GsmAlphabet.of(null, NationalLanguage.TURKISH));
        assertThat(h.toBytes()).containsExactly(java.util.Arrays.copyOf(ud, 15));
    }

    @Test
    void malformedHeadersAreRejected() {
        assertThatThrownBy(() -> UserDataHeader.parse(new byte[]{0x05, 0x00, 0x03})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UserDataHeader.parse(new byte[]{0x03, 0x00, 0x05, 0x01})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UserDataHeader.parse(new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThat(new UserDataHeader(List.of()).toBytes()).isEmpty();
    }
}
