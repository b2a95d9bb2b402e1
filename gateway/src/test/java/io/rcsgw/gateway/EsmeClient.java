package io.rcsgw.gateway;

import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.SMPPSession;

import java.util.List;
import java.util.function.IntSupplier;

/** A jSMPP client bound to the gateway's SMPP server, recording the deliver_sm it takes. */
final class EsmeClient {

    private EsmeClient() {
    }

    /** Binds; deliver_sm are added to {@code delivered} while {@code answer} is 0, else refused with it. */
    static SMPPSession bind(int port, String systemId, String password, BindType type, List<DeliverSm> delivered,
                            IntSupplier answer) throws Exception {
        SMPPSession s = new SMPPSession();
        s.setTransactionTimer(5000);
        s.setMessageReceiverListener(new org.jsmpp.session.MessageReceiverListener() {
            @Override
            public void onAcceptDeliverSm(DeliverSm d) throws ProcessRequestException {
                int status = answer.getAsInt();
                if (status != 0) {
                    throw new ProcessRequestException("not now", status);
                }
                delivered.add(d);
            }

            @Override
            public void onAcceptAlertNotification(org.jsmpp.bean.AlertNotification a) {
            }

            @Override
            public org.jsmpp.session.DataSmResult onAcceptDataSm(org.jsmpp.bean.DataSm d, org.jsmpp.session.Session source)
                    throws ProcessRequestException {
                throw new ProcessRequestException("no", 0x03);
            }
        });
        s.connectAndBind("127.0.0.1", port, new BindParameter(type, systemId, password, "", TypeOfNumber.UNKNOWN,
                NumberingPlanIndicator.UNKNOWN, null), 5000);
        return s;
    }
}
