package io.rcsgw.smpp;

import io.rcsgw.rules.sms.ConcatUdh;
import io.rcsgw.rules.sms.SmsText;

import java.util.ArrayList;
import java.util.List;

/** Turns a segmented text into the submit_sm PDUs that carry it (8-bit reference UDH when long). */
public final class ShortMessageParts {

    private ShortMessageParts() {
    }

    public static List<ShortMessagePdu> of(String source, String destinationDigits, SmsText text, int reference) {
        int n = text.segmentCount();
        List<ShortMessagePdu> parts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] payload = text.payload(i);
            if (n == 1) {
                parts.add(new ShortMessagePdu(source, destinationDigits, text.encoding().dataCoding(), false, payload));
            } else {
                byte[] udh = ConcatUdh.eightBit(reference & 0xFF, n, i + 1);
                parts.add(new ShortMessagePdu(source, destinationDigits, text.encoding().dataCoding(), true,
                        ConcatUdh.prepend(udh, payload)));
            }
        }
        return parts;
    }
}
