package io.rcsgw.gateway.delivery;

import io.rcsgw.gateway.metrics.GatewayMetrics;
import io.rcsgw.smpp.MobileOriginated;
import io.rcsgw.smpp.SmscListener;
import io.rcsgw.smpp.receipt.DeliveryReceipt;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** What the SMSC links report: receipts to their parts, mobile-originated messages to bots, link state to metrics. */
final class SmscEvents implements SmscListener {

    private final ReceiptCorrelator receipts;
    private final MobileOriginatedRelay relay;
    private final Set<String> everBound = ConcurrentHashMap.newKeySet();

    SmscEvents(ReceiptCorrelator receipts, MobileOriginatedRelay relay) {
        this.receipts = receipts;
        this.relay = relay;
    }

    @Override
    public void onDeliveryReceipt(String link, DeliveryReceipt receipt) throws Exception {
        receiptStored(link, receipt).get();
    }

    @Override
    public java.util.concurrent.CompletableFuture<Void> receiptStored(String link, DeliveryReceipt receipt) {
        try {
            return receipts.onReceipt(link, receipt);
        } catch (RuntimeException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e); // the store could not be read: sent again
        }
    }

    @Override
    public void onMobileOriginated(MobileOriginated mo) {
        relay.onMobileOriginated(mo);
    }

    @Override
    public void onThrottled(String link) {
        GatewayMetrics.THROTTLES.labels(link).inc();
    }

    @Override
    public void onLinkState(String link, boolean bound) {
        GatewayMetrics.LINK_BOUND.labels(link).set(bound ? 1 : 0);
        if (bound && !everBound.add(link)) {
            GatewayMetrics.RECONNECTS.labels(link).inc();
        }
    }
}
