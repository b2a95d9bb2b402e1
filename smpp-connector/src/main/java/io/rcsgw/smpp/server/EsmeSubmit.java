package io.rcsgw.smpp.server;

import io.rcsgw.rules.sms.UserDataHeader;

/**
 * A short message an ESME submitted, decoded and validated: from {@code source} (one of the
 * account's numbers, as given), to {@code destination} (E.164 with its +), the text, and what it
 * asked to hear back ({@code registeredDelivery}, the SMPP field as sent). {@code part} places
 * it in a concatenated message (null: it is whole). {@code messageId} is an id the server made
 * for it; the gateway may answer with another (all parts of one message share one).
 */
public record EsmeSubmit(EsmeAccount account, String messageId, String source, String destination, String text,
                         int registeredDelivery, UserDataHeader.Concat part) {
}
