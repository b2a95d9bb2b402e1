package io.rcsgw.smpp.server;

/** What the SMPP server tells about itself, for metrics; every method does nothing by default. */
public interface ServerObserver {

    ServerObserver NONE = new ServerObserver() {
    };

    /** A bind was taken ({@code bindType}: transmitter, receiver or transceiver). */
    default void bound(String systemId, String bindType) {
    }

    default void unbound(String systemId, String bindType) {
    }

    /** A bind was refused with this command_status; {@code systemId} as the ESME gave it. */
    default void bindRefused(String systemId, int status) {
    }

    default void submitted(String systemId) {
    }

    default void throttled(String systemId) {
    }

    /**
     * An account is being enabled or disabled; called before the change takes effect, so that
     * an exception (the switch could not be recorded) leaves it as it was.
     */
    default void enabled(String systemId, boolean enabled) {
    }

    /** A submit refused before it reached the gateway (a bad address, data coding...). */
    default void refused(String systemId, String command, int status) {
    }
}
