package io.rcsgw.rcs.api;

/** The gateway's answer to a quote. */
public sealed interface QuoteResult {

    record Quoted(Quote quote) implements QuoteResult {
    }

    /** The message would be refused as {@link AcceptResult.Refused} says; nothing to price. */
    record Refused(String field, String detail, boolean tooLong) implements QuoteResult {
    }

    /** The gateway offers no quotes (rating is off). */
    record NotOffered(String detail) implements QuoteResult {
    }
}
