package io.rcsgw.smpp;

import io.rcsgw.rules.sms.SmsText;
import io.rcsgw.rules.sms.UserDataHeader;

import java.util.ArrayList;
import java.util.List;

/** Turns a segmented text into the submit_sm PDUs that carry it, each part with its user data header. */
public final class ShortMessageParts {

    private ShortMessageParts() {
    }

    public static List<ShortMessagePdu> of(String source, String destinationDigits, SmsText text, int reference) {
        int n = text.segmentCount();
        List<ShortMessagePdu> parts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            UserDataHeader header = text.header(i, reference);
            byte[] udh = header.toBytes();
            byte[] payload = text.payload(i);
            byte[] sm = new byte[udh.length + payload.length];
            System.arraycopy(udh, 0, sm, 0, udh.length);
            System.arraycopy(payload, 0, sm, udh.length, payload.length);
            parts.add(new ShortMessagePdu(source, destinationDigits, text.dataCoding(), udh.length > 0, sm));
        }
        return parts;
    }
}
