package io.rcsgw.gateway.delivery;

import io.rcsgw.smpp.ShortMessagePdu;
import io.rcsgw.smpp.SmsSettings;
import io.rcsgw.smpp.SmscLink;
import io.rcsgw.smpp.SubmitOutcome;
import io.rcsgw.smpp.SubmitPolicy;

import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/** A bind whose state a test sets, for the choices made about binds; every submit finds it down. */
final class TestLink implements SmscLink {

    private final String name;
    private final SmsSettings sms;
    volatile boolean bound = true;

    TestLink(String name) {
        this(name, SmsSettings.DEFAULT);
    }

    TestLink(String name, SmsSettings sms) {
        this.name = name;
        this.sms = sms;
    }

    TestLink down() {
        bound = false;
        return this;
    }

    @Override public String name() { return name; }
    @Override public SmsSettings sms() { return sms; }
    @Override public SubmitPolicy policy() { return SubmitPolicy.DEFAULT; }
    @Override public void start() { }
    @Override public boolean isBound() { return bound; }
    @Override public void setEnabled(boolean enabled) { bound = enabled; }
    @Override public boolean isEnabled() { return bound; }
    @Override public CompletableFuture<SubmitOutcome> submit(ShortMessagePdu pdu) {
        return CompletableFuture.completedFuture(new SubmitOutcome.LinkDown("a test link sends nothing"));
    }
    @Override public void gateWrites(BooleanSupplier mayWrite) { }
    @Override public int outstanding() { return 0; }
    @Override public int onTheWire() { return 0; }
    @Override public void close() { }

    @Override
    public String toString() {
        return name;
    }
}
