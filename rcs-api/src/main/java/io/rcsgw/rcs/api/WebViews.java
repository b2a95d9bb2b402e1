package io.rcsgw.rcs.api;

import java.util.Optional;

/** The rich messages behind web-view links, by token (the gateway implements it). */
public interface WebViews {

    /** The message a token shows; empty when the token is unknown, {@link Page#expired} when it is no longer served. */
    Optional<Page> find(String token);

    /** {@code content}: the stored request (its RCSMessage) as JSON, null for a plain text, which is {@code text}. */
    record Page(String content, String text, boolean expired) {
    }
}
