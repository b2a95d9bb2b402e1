package io.rcsgw.rules.sms;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class GsmPackingTest {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private static byte[] septets(String s) {
        return GsmAlphabet.DEFAULT.encodeUnpacked(s);
    }

    @Test
    void knownVectors() {
        // 3GPP TS 23.038 §6.1.2.1.1 style examples, as every SMS PDU tool shows them
        assertThat(HEX.formatHex(GsmPacking.pack(septets("hellohello"), 0))).isEqualTo("E8329BFD4697D9EC37");
        assertThat(HEX.formatHex(GsmPacking.pack(septets("Hello"), 0))).isEqualTo("C8329BFD06");
    }

    @Test
    void sevenSpareBitsCarryACrNotAnAt() {
        byte[] packed = GsmPacking.pack(septets("1234567"), 0); // 49 bits in 7 octets
        assertThat(packed).hasSize(7);
        assertThat((packed[6] & 0xFE) >> 1).isEqualTo(0x0D);
        byte[] back = GsmPacking.unpack(packed, 0, packed.length, 0);
        assertThat(GsmAlphabet.DEFAULT.decodeUnpacked(back, 0, back.length)).isEqualTo("1234567");
    }

    @Test
    void fillBitsAfterAUserDataHeader() {
        assertThat(GsmPacking.fillBits(0)).isEqualTo(0);
        assertThat(GsmPacking.fillBits(6)).isEqualTo(1);  // 8-bit concatenation header
        assertThat(GsmPacking.fillBits(7)).isEqualTo(0);  // 16-bit
        assertThat(GsmPacking.fillBits(4)).isEqualTo(3);  // one shift table
        for (int udh = 0; udh < 20; udh++) {
            String text = "The quick brown fox " + udh;
            byte[] packed = GsmPacking.pack(septets(text), GsmPacking.fillBits(udh));
            byte[] withHeader = new byte[udh + packed.length];
            System.arraycopy(packed, 0, withHeader, udh, packed.length);
            byte[] back = GsmPacking.unpack(withHeader, udh, packed.length, GsmPacking.fillBits(udh));
            assertThat(GsmAlphabet.DEFAULT.decodeUnpacked(back, 0, back.length)).as("UDH of %d octets", udh).isEqualTo(text);
        }
    }
}
