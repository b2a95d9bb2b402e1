package io.rcsgw.smpp.server;

import java.util.Objects;

/**
 * A message from a user for an ESME, delivered as {@code deliver_sm}: written by {@code source}
 * (E.164, with its +) to {@code destination}, one of the account's numbers or short codes. A text
 * longer than one short message goes as UDH-concatenated parts sharing {@code reference}.
 */
public record EsmeMessage(String source, String destination, String text, int reference) {

    public EsmeMessage {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(text, "text");
    }
}
