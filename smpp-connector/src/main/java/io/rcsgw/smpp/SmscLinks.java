package io.rcsgw.smpp;

import io.rcsgw.smpp.internal.JsmppSmscLink;

/** Factories for SMSC links. */
public final class SmscLinks {

    private SmscLinks() {
    }

    public static SmscLink jsmpp(SmscLinkConfig config, SmscListener listener) {
        return new JsmppSmscLink(config, listener);
    }
}
