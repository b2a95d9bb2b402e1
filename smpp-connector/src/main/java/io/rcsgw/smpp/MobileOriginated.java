package io.rcsgw.smpp;

import java.util.List;

/**
 * A mobile-originated short message, its parts put back together. {@code text} is null for
 * binary data (then {@code binary} holds it). When the SMSC did not deliver every part before
 * the link's reassembly timeout, {@code missing} names the absent part numbers (from 1) and
 * the text is what did arrive, in order.
 */
public record MobileOriginated(String link, String source, String destination, String text, byte[] binary, int parts,
                               List<Integer> missing) {

    public MobileOriginated {
        missing = List.copyOf(missing);
    }

    public boolean partial() {
        return !missing.isEmpty();
    }
}
