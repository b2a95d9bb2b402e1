package io.rcsgw.smpp.server.internal;

import io.rcsgw.rules.model.Msisdn;
import io.rcsgw.rules.model.WellFormedText;
import io.rcsgw.rules.sms.DefaultCoding;
import io.rcsgw.rules.sms.SmsDecoder;
import io.rcsgw.rules.sms.UserDataHeader;
import io.rcsgw.smpp.server.CommandStatus;
import io.rcsgw.smpp.server.EsmeAccount;
import org.jsmpp.bean.OptionalParameter;

/**
 * Reads what an ESME submitted ({@code submit_sm} or {@code data_sm}) into text and addresses,
 * or the command_status that refuses it: the source must be one of the account's numbers, the
 * destination an international number (TON international or unknown, with or without + or
 * 00), the text in a data_coding the gateway carries (GSM 7-bit, Latin-1, UCS-2), whole in
 * {@code short_message} or {@code message_payload}, or one part of a concatenated message
 * (a UDH or SAR TLVs).
 */
public final class SubmitDecoder {

    /** A decoded submit: the text of this PDU, and its place in a concatenated message (null: it is whole). */
    public record Decoded(String source, String destination, String text, int registeredDelivery,
                          UserDataHeader.Concat concat) {
    }

    /** Why a submit cannot be taken. */
    public static final class Refusal extends Exception {
        public final int status;

        Refusal(int status, String why) {
            super(why, null, false, false);
            this.status = status;
        }
    }

    private SubmitDecoder() {
    }

    /** The submit's fields, as jSMPP read them; {@code shortMessage} is empty for a data_sm. */
    public record Fields(byte sourceTon, String source, byte destTon, String destination, byte esmClass,
                         byte registeredDelivery, byte dataCoding, byte[] shortMessage, OptionalParameter[] tlvs) {
    }

    public static Decoded decode(EsmeAccount account, Fields f) throws Refusal {
        String source = f.source() == null ? "" : f.source().trim();
        if (source.isEmpty()) {
            throw new Refusal(CommandStatus.ESME_RINVSRCADR, "no source address");
        }
        if (!account.numbers().isEmpty() && !account.owns(source)) {
            throw new Refusal(CommandStatus.ESME_RINVSRCADR, "a source address the account does not own");
        }
        String destination = destination(f.destTon(), f.destination());
        byte[] body = f.shortMessage() == null ? new byte[0] : f.shortMessage();
        OptionalParameter payload = tlv(f.tlvs(), OptionalParameter.Tag.MESSAGE_PAYLOAD);
        if (payload instanceof OptionalParameter.OctetString p) {
            if (body.length > 0) {
                throw new Refusal(CommandStatus.ESME_RINVMSGLEN, "both short_message and message_payload");
            }
            body = p.getValue();
        }
        if (body.length == 0) {
            throw new Refusal(CommandStatus.ESME_RINVMSGLEN, "an empty message");
        }
        if ((f.esmClass() & 0x03) == 0x02 || (f.esmClass() & 0x3C) != 0) {
            // transaction mode, and delivery acknowledgements or receipts submitted by an ESME: not for an SMSC to take
            throw new Refusal(CommandStatus.ESME_RINVESMCLASS, "an esm_class the gateway does not take");
        }
        boolean udhi = (f.esmClass() & 0x40) != 0;
        SmsDecoder.Decoded d;
        try {
            d = SmsDecoder.decode(f.dataCoding() & 0xFF, body, udhi, DefaultCoding.GSM_UNPACKED);
        } catch (IllegalArgumentException e) {
            throw new Refusal(CommandStatus.ESME_RINVESMCLASS, "a malformed user data header");
        }
        if (!d.isText()) {
            throw new Refusal(CommandStatus.ESME_RINVDCS, "binary data (data_coding " + (f.dataCoding() & 0xFF) + ")");
        }
        if (!WellFormedText.isWellFormed(d.text())) {
            throw new Refusal(CommandStatus.ESME_RSUBMITFAIL, "text with NUL or an unpaired surrogate");
        }
        UserDataHeader.Concat concat = d.header().concat().orElse(sar(f.tlvs()));
        if (concat != null && concat.total() <= 1) {
            concat = null;
        }
        return new Decoded(source, destination, d.text(), f.registeredDelivery() & 0xFF, concat);
    }

    /** An international number as E.164 with its +. */
    static String destination(byte ton, String address) throws Refusal {
        String a = address == null ? "" : address.trim();
        if (ton != 0 && ton != 1) {
            throw new Refusal(CommandStatus.ESME_RINVDSTTON, "destination TON " + ton + ": give the international number");
        }
        String digits = a.startsWith("+") ? a.substring(1) : a.startsWith("00") ? a.substring(2) : a;
        String e164 = "+" + digits;
        if (!digits.chars().allMatch(Character::isDigit) || !Msisdn.isValid(e164)) {
            throw new Refusal(CommandStatus.ESME_RINVDSTADR, "the destination is not an international number");
        }
        return e164;
    }

    private static OptionalParameter tlv(OptionalParameter[] tlvs, OptionalParameter.Tag tag) {
        if (tlvs == null) {
            return null;
        }
        for (OptionalParameter p : tlvs) {
            if (p.tag == tag.code()) {
                return p;
            }
        }
        return null;
    }

    /** The concatenation SAR TLVs describe, or null. */
    private static UserDataHeader.Concat sar(OptionalParameter[] tlvs) {
        OptionalParameter ref = tlv(tlvs, OptionalParameter.Tag.SAR_MSG_REF_NUM);
        OptionalParameter total = tlv(tlvs, OptionalParameter.Tag.SAR_TOTAL_SEGMENTS);
        OptionalParameter seq = tlv(tlvs, OptionalParameter.Tag.SAR_SEGMENT_SEQNUM);
        if (ref instanceof OptionalParameter.Short r && total instanceof OptionalParameter.Byte t
                && seq instanceof OptionalParameter.Byte q && (t.getValue() & 0xFF) >= 1 && (q.getValue() & 0xFF) >= 1
                && (q.getValue() & 0xFF) <= (t.getValue() & 0xFF)) {
            return new UserDataHeader.Concat(r.getValue() & 0xFFFF, t.getValue() & 0xFF, q.getValue() & 0xFF, true);
        }
        return null;
    }
}
