package io.rcsgw.smpp;

/** How a link binds: one transceiver session, or a transmitter for submits and a receiver for receipts and MO. */
public enum BindMode {
    TRX,
    TX_RX
}
