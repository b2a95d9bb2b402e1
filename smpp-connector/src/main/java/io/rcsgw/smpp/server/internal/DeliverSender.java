package io.rcsgw.smpp.server.internal;

import io.rcsgw.rules.sms.SmsSegmenter;
import io.rcsgw.smpp.ShortMessagePdu;
import io.rcsgw.smpp.ShortMessageParts;
import io.rcsgw.smpp.SmsSettings;
import io.rcsgw.smpp.server.EsmeMessage;
import io.rcsgw.smpp.server.EsmeReceipt;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RawDataCoding;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.session.SMPPServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Receipts and users' messages as deliver_sm on one bind, each waiting for its deliver_sm_resp. */
final class DeliverSender {

    private static final Logger log = LoggerFactory.getLogger(DeliverSender.class);

    private DeliverSender() {
    }

    /** True once the ESME took it (deliver_sm_resp ESME_ROK). */
    static boolean receipt(SMPPServerSession session, EsmeReceipt r) {
        String from = r.destination().startsWith("+") ? r.destination().substring(1) : r.destination();
        try {
            session.deliverShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, from,
                    ton(r.esmeSource()), npi(r.esmeSource()), r.esmeSource(),
                    new ESMClass(0x04), (byte) 0, (byte) 0, new RegisteredDelivery(0), DataCodings.ZERO,
                    r.shortMessage().getBytes(StandardCharsets.ISO_8859_1),
                    new OptionalParameter.Receipted_message_id(r.messageId()),
                    new OptionalParameter.Message_state((byte) r.messageState()),
                    new OptionalParameter.Network_error_code(new byte[]{3, (byte) (r.error() >> 8), (byte) r.error()}));
            return true;
        } catch (Exception e) {
            // refused, not answered, or the bind went: the receipt is sent again later
            log.debug("receipt for {} not taken: {}", r.messageId(), e.toString());
            return false;
        }
    }

    /**
     * True once the ESME took every part. GSM 7-bit unpacked as data_coding 0, else UCS-2 (8);
     * long texts in 8-bit-reference UDH parts (esm_class 0x40). A retry sends every part again.
     */
    static boolean message(SMPPServerSession session, EsmeMessage m) {
        String from = m.source().startsWith("+") ? m.source().substring(1) : m.source();
        String to = m.destination().startsWith("+") ? m.destination().substring(1) : m.destination();
        List<ShortMessagePdu> parts = ShortMessageParts.of(from, to,
                SmsSegmenter.segment(m.text(), SmsSettings.DEFAULT.profile()), m.reference(), SmsSettings.DEFAULT);
        try {
            for (ShortMessagePdu p : parts) {
                session.deliverShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, from,
                        ton(to), npi(to), to, new ESMClass(p.esmClass()), (byte) 0, (byte) 0, new RegisteredDelivery(0),
                        new RawDataCoding(p.dataCoding()), p.shortMessage());
            }
            return true;
        } catch (Exception e) {
            log.debug("a message for the ESME on {} not taken: {}", to, e.toString());
            return false;
        }
    }

    /** A short code or alphanumeric address is TON unknown/alphanumeric; a long number international. */
    private static TypeOfNumber ton(String address) {
        boolean digits = !address.isEmpty() && address.chars().allMatch(Character::isDigit);
        if (!digits) {
            return TypeOfNumber.ALPHANUMERIC;
        }
        return address.length() > SmsSettings.SHORT_CODE_DIGITS ? TypeOfNumber.INTERNATIONAL : TypeOfNumber.UNKNOWN;
    }

    private static NumberingPlanIndicator npi(String address) {
        return ton(address) == TypeOfNumber.INTERNATIONAL ? NumberingPlanIndicator.ISDN : NumberingPlanIndicator.UNKNOWN;
    }
}
