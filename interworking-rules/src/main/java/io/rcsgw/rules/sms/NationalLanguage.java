package io.rcsgw.rules.sms;

import java.util.Map;

/**
 * The national language shift tables of 3GPP TS 23.038 §6.2.1.2.4 that rcsgw supports. A
 * language may have a locking shift table (replacing the default alphabet) and a single shift
 * table (replacing the extension table, reached through the escape septet). Both are given
 * here as their differences from the GSM default tables of Annex A.1 and A.2.1; the code is
 * the value of the national language information elements (IEI 0x24 and 0x25) in the UDH.
 */
public enum NationalLanguage {

    /** Annex A.3.1 (locking) and A.2.2 (single shift). */
    TURKISH(1,
            Map.of(0x04, '€', 0x07, 'ı', 0x0B, 'Ğ', 0x0C, 'ğ', 0x1C, 'Ş', 0x1D, 'ş', 0x40, 'İ', 0x60, 'ç'),
            Map.of(0x47, 'Ğ', 0x49, 'İ', 0x53, 'Ş', 0x63, 'ç', 0x67, 'ğ', 0x69, 'ı', 0x73, 'ş')),

    /** Annex A.2.3 (single shift only; there is no Spanish locking shift table). */
    SPANISH(2,
            null,
            Map.of(0x09, 'ç', 0x41, 'Á', 0x49, 'Í', 0x4F, 'Ó', 0x55, 'Ú', 0x61, 'á', 0x69, 'í', 0x6F, 'ó', 0x75, 'ú')),

    /** Annex A.3.3 (locking) and A.2.4 (single shift). */
    PORTUGUESE(3,
            Map.ofEntries(Map.entry(0x04, 'ê'), Map.entry(0x06, 'ú'), Map.entry(0x07, 'í'), Map.entry(0x08, 'ó'),
                    Map.entry(0x09, 'ç'), Map.entry(0x0B, 'Ô'), Map.entry(0x0C, 'ô'), Map.entry(0x0E, 'Á'),
                    Map.entry(0x0F, 'á'), Map.entry(0x12, 'ª'), Map.entry(0x13, 'Ç'), Map.entry(0x14, 'À'),
                    Map.entry(0x15, '∞'), Map.entry(0x16, '^'), Map.entry(0x17, '\\'), Map.entry(0x18, '€'),
                    Map.entry(0x19, 'Ó'), Map.entry(0x1A, '|'), Map.entry(0x1C, 'Â'), Map.entry(0x1D, 'â'),
                    Map.entry(0x1E, 'Ê'), Map.entry(0x24, 'º'), Map.entry(0x40, 'Í'), Map.entry(0x5B, 'Ã'),
                    Map.entry(0x5C, 'Õ'), Map.entry(0x5D, 'Ú'), Map.entry(0x60, '~'), Map.entry(0x7B, 'ã'),
                    Map.entry(0x7C, 'õ'), Map.entry(0x7D, '`')),
            Map.ofEntries(Map.entry(0x05, 'ê'), Map.entry(0x09, 'ç'), Map.entry(0x0B, 'Ô'), Map.entry(0x0C, 'ô'),
                    Map.entry(0x0E, 'Á'), Map.entry(0x0F, 'á'), Map.entry(0x12, 'Φ'), Map.entry(0x13, 'Γ'),
                    Map.entry(0x15, 'Ω'), Map.entry(0x16, 'Π'), Map.entry(0x17, 'Ψ'), Map.entry(0x18, 'Σ'),
                    Map.entry(0x19, 'Θ'), Map.entry(0x1F, 'Ê'), Map.entry(0x41, 'À'), Map.entry(0x49, 'Í'),
                    Map.entry(0x4F, 'Ó'), Map.entry(0x55, 'Ú'), Map.entry(0x5B, 'Ã'), Map.entry(0x5C, 'Õ'),
                    Map.entry(0x61, 'Â'), Map.entry(0x69, 'í'), Map.entry(0x6F, 'ó'), Map.entry(0x75, 'ú'),
                    Map.entry(0x7B, 'ã'), Map.entry(0x7C, 'õ'), Map.entry(0x7F, 'â')));

    private final int code;
    private final Map<Integer, Character> lockingChanges;
    private final Map<Integer, Character> singleShiftAdditions;

    NationalLanguage(int code, Map<Integer, Character> lockingChanges, Map<Integer, Character> singleShiftAdditions) {
        this.code = code;
        this.lockingChanges = lockingChanges;
        this.singleShiftAdditions = singleShiftAdditions;
    }

    /** The language's identifier in the national language information elements. */
    public int code() {
        return code;
    }

    public boolean hasLockingShift() {
        return lockingChanges != null;
    }

    /** Septet codes of the locking shift table that differ from the default alphabet. */
    Map<Integer, Character> lockingChanges() {
        return lockingChanges;
    }

    /** Septet codes of the single shift table beyond those it shares with the default extension table. */
    Map<Integer, Character> singleShiftAdditions() {
        return singleShiftAdditions;
    }

    public static NationalLanguage ofCode(int code) {
        for (NationalLanguage l : values()) {
            if (l.code == code) {
                return l;
            }
        }
        return null;
    }
}
