package io.rcsgw.rules.sms;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.rcsgw.rules.sms.NationalLanguage.PORTUGUESE;
import static io.rcsgw.rules.sms.NationalLanguage.SPANISH;
import static io.rcsgw.rules.sms.NationalLanguage.TURKISH;
import static org.assertj.core.api.Assertions.assertThat;

/** Vectors from the tables of 3GPP TS 23.038 Annex A. */
class GsmAlphabetTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // table | septet | character
            "default | 0x00 | @", "default | 0x02 | $", "default | 0x10 | Δ", "default | 0x24 | ¤", "default | 0x40 | ¡",
            "default | 0x5B | Ä", "default | 0x5F | §", "default | 0x60 | ¿", "default | 0x7F | à",
            "turkish | 0x04 | €", "turkish | 0x07 | ı", "turkish | 0x0B | Ğ", "turkish | 0x0C | ğ", "turkish | 0x1C | Ş",
            "turkish | 0x1D | ş", "turkish | 0x40 | İ", "turkish | 0x60 | ç", "turkish | 0x41 | A",
            "portuguese | 0x04 | ê", "portuguese | 0x12 | ª", "portuguese | 0x15 | ∞", "portuguese | 0x16 | ^",
            "portuguese | 0x24 | º", "portuguese | 0x5B | Ã", "portuguese | 0x60 | ~", "portuguese | 0x7D | `"})
    void lockingShiftTables(String table, String septet, char expected) {
        GsmAlphabet a = switch (table) {
            case "turkish" -> GsmAlphabet.of(TURKISH, null);
            case "portuguese" -> GsmAlphabet.of(PORTUGUESE, null);
            default -> GsmAlphabet.DEFAULT;
        };
        assertThat(a.baseChar(Integer.decode(septet))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "default | 0x14 | ^", "default | 0x28 | {", "default | 0x2F | \\", "default | 0x40 | '|'", "default | 0x65 | €",
            "turkish | 0x47 | Ğ", "turkish | 0x49 | İ", "turkish | 0x53 | Ş", "turkish | 0x63 | ç", "turkish | 0x69 | ı",
            "turkish | 0x65 | €", "turkish | 0x3C | [",
            "spanish | 0x09 | ç", "spanish | 0x41 | Á", "spanish | 0x4F | Ó", "spanish | 0x75 | ú",
            "portuguese | 0x05 | ê", "portuguese | 0x12 | Φ", "portuguese | 0x1F | Ê", "portuguese | 0x7F | â",
            "portuguese | 0x40 | '|'"})
    void singleShiftTables(String table, String septet, char expected) {
        GsmAlphabet a = switch (table) {
            case "turkish" -> GsmAlphabet.of(null, TURKISH);
            case "spanish" -> GsmAlphabet.of(null, SPANISH);
            case "portuguese" -> GsmAlphabet.of(null, PORTUGUESE);
            default -> GsmAlphabet.DEFAULT;
        };
        assertThat(a.extensionChar(Integer.decode(septet))).isEqualTo(expected);
        byte[] septets = a.encodeUnpacked(String.valueOf(expected));
        if (a.baseChar(septets[0]) == expected && septets.length == 1) {
            return; // also in the base table: one septet is enough
        }
        assertThat(septets).containsExactly(GsmAlphabet.ESCAPE, Integer.decode(septet));
    }

    @Test
    void aCharacterInBothTablesCostsOneSeptet() {
        // the Turkish locking table has € in its base table; the default has it only after an escape
        assertThat(GsmAlphabet.DEFAULT.septets('€')).isEqualTo(2);
        assertThat(GsmAlphabet.of(TURKISH, null).septets('€')).isEqualTo(1);
        assertThat(GsmAlphabet.of(PORTUGUESE, PORTUGUESE).encodeUnpacked("^")).containsExactly(0x16);
    }

    @Test
    void spanishHasNoLockingShiftTable() {
        assertThat(GsmAlphabet.of(SPANISH, null)).isNull();
        assertThat(GsmAlphabet.of(null, SPANISH).shiftElements()).isEqualTo(1);
    }

    @Test
    void roundTripAndUnknownEscapes() {
        String text = "@£$¥èé {[~]} \\ ^ € | Ñandu & ß";
        byte[] b = GsmAlphabet.DEFAULT.encodeUnpacked(text);
        assertThat(GsmAlphabet.DEFAULT.decodeUnpacked(b, 0, b.length)).isEqualTo(text);
        assertThat(GsmAlphabet.DEFAULT.canEncode("Ünïcode")).isFalse();
        // escape + a code the extension table lacks reads as the base character; a lone trailing escape as space
        assertThat(GsmAlphabet.DEFAULT.decodeUnpacked(new byte[]{0x1B, 0x41, 0x42, 0x1B}, 0, 4)).isEqualTo("AB ");
    }
}
