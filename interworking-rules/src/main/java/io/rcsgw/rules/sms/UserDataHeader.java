package io.rcsgw.rules.sms;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A user data header (3GPP TS 23.040 §9.2.3.24): information elements in order. The elements
 * rcsgw acts on (concatenation, national language shifts) have accessors; every other element
 * is kept as it came, so it is never mistaken for text.
 */
public record UserDataHeader(List<Element> elements) {

    public static final int CONCAT_8BIT = 0x00;
    public static final int CONCAT_16BIT = 0x08;
    public static final int SINGLE_SHIFT = 0x24;
    public static final int LOCKING_SHIFT = 0x25;

    public static final UserDataHeader EMPTY = new UserDataHeader(List.of());

    public UserDataHeader {
        elements = List.copyOf(elements);
    }

    /** One information element: its identifier and data. */
    public record Element(int iei, byte[] data) {
        public Element {
            data = data.clone();
            if (iei < 0 || iei > 0xFF || data.length > 0xFF) {
                throw new IllegalArgumentException("information element " + iei + " of " + data.length + " octets");
            }
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Element e && e.iei == iei && Arrays.equals(e.data, data);
        }

        @Override
        public int hashCode() {
            return iei * 31 + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return String.format("IE 0x%02X %s", iei, java.util.HexFormat.of().formatHex(data));
        }
    }

    /** Where a part sits in a concatenated message. Sequence numbers start at 1. */
    public record Concat(int reference, int total, int sequence, boolean sixteenBit) {
    }

    /** The header for one part: national shift elements first, then concatenation when there is one. */
    public static UserDataHeader of(GsmAlphabet alphabet, Concat concat) {
        List<Element> e = new ArrayList<>(3);
        if (alphabet != null && alphabet.singleShift() != null) {
            e.add(new Element(SINGLE_SHIFT, new byte[]{(byte) alphabet.singleShift().code()}));
        }
        if (alphabet != null && alphabet.lockingShift() != null) {
            e.add(new Element(LOCKING_SHIFT, new byte[]{(byte) alphabet.lockingShift().code()}));
        }
        if (concat != null) {
            if (concat.sixteenBit()) {
                e.add(new Element(CONCAT_16BIT, new byte[]{(byte) (concat.reference() >> 8), (byte) concat.reference(),
                        (byte) concat.total(), (byte) concat.sequence()}));
            } else {
                e.add(new Element(CONCAT_8BIT, new byte[]{(byte) concat.reference(), (byte) concat.total(),
                        (byte) concat.sequence()}));
            }
        }
        return new UserDataHeader(e);
    }

    public boolean isEmpty() {
        return elements.isEmpty();
    }

    /** Octets on the wire, the length octet (UDHL) included; 0 when empty. */
    public int length() {
        if (elements.isEmpty()) {
            return 0;
        }
        int n = 1;
        for (Element e : elements) {
            n += 2 + e.data.length;
        }
        return n;
    }

    public byte[] toBytes() {
        if (elements.isEmpty()) {
            return new byte[0];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(length());
        out.write(length() - 1);
        for (Element e : elements) {
            out.write(e.iei);
            out.write(e.data.length);
            out.writeBytes(e.data);
        }
        return out.toByteArray();
    }

    /**
     * Parses the header at the start of {@code userData} (UDHI set). Throws when its length
     * octet or an element runs past the data.
     */
    public static UserDataHeader parse(byte[] userData) {
        if (userData.length == 0) {
            throw new IllegalArgumentException("UDHI set but no user data");
        }
        int udhl = userData[0] & 0xFF;
        if (udhl + 1 > userData.length) {
            throw new IllegalArgumentException("UDH length " + udhl + " exceeds the " + userData.length + " octets of user data");
        }
        List<Element> elements = new ArrayList<>();
        int i = 1;
        while (i < udhl + 1) {
            if (i + 2 > udhl + 1) {
                throw new IllegalArgumentException("truncated information element at octet " + i);
            }
            int iei = userData[i] & 0xFF;
            int len = userData[i + 1] & 0xFF;
            if (i + 2 + len > udhl + 1) {
                throw new IllegalArgumentException(String.format("information element 0x%02X runs past the header", iei));
            }
            elements.add(new Element(iei, Arrays.copyOfRange(userData, i + 2, i + 2 + len)));
            i += 2 + len;
        }
        return new UserDataHeader(elements);
    }

    public Optional<Concat> concat() {
        for (Element e : elements) {
            if (e.iei == CONCAT_8BIT && e.data.length == 3 && e.data[1] != 0 && e.data[2] != 0) {
                return Optional.of(new Concat(e.data[0] & 0xFF, e.data[1] & 0xFF, e.data[2] & 0xFF, false));
            }
            if (e.iei == CONCAT_16BIT && e.data.length == 4 && e.data[2] != 0 && e.data[3] != 0) {
                return Optional.of(new Concat((e.data[0] & 0xFF) << 8 | (e.data[1] & 0xFF), e.data[2] & 0xFF, e.data[3] & 0xFF,
                        true));
            }
        }
        return Optional.empty();
    }

    public NationalLanguage singleShift() {
        return language(SINGLE_SHIFT);
    }

    public NationalLanguage lockingShift() {
        return language(LOCKING_SHIFT);
    }

    /** The character set the header selects (tables rcsgw does not know fall back to the default). */
    public GsmAlphabet alphabet() {
        NationalLanguage locking = lockingShift();
        GsmAlphabet a = GsmAlphabet.of(locking, singleShift());
        return a != null ? a : GsmAlphabet.of(null, singleShift());
    }

    private NationalLanguage language(int iei) {
        for (Element e : elements) {
            if (e.iei == iei && e.data.length == 1) {
                return NationalLanguage.ofCode(e.data[0] & 0xFF);
            }
        }
        return null;
    }
}
