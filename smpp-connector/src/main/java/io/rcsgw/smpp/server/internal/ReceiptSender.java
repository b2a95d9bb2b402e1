package io.rcsgw.smpp.server.internal;

import io.rcsgw.smpp.server.EsmeReceipt;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.session.SMPPServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/** One receipt as a deliver_sm on one bind, waiting for its deliver_sm_resp. */
final class ReceiptSender {

    private static final Logger log = LoggerFactory.getLogger(ReceiptSender.class);

    private ReceiptSender() {
    }

    /** True once the ESME took it (deliver_sm_resp ESME_ROK). */
    static boolean send(SMPPServerSession session, EsmeReceipt r) {
        String from = r.destination().startsWith("+") ? r.destination().substring(1) : r.destination();
        boolean digits = r.esmeSource().chars().allMatch(Character::isDigit);
        try {
            session.deliverShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, from,
                    digits ? TypeOfNumber.UNKNOWN : TypeOfNumber.ALPHANUMERIC, NumberingPlanIndicator.UNKNOWN, r.esmeSource(),
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
}
