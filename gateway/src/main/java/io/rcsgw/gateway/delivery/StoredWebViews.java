package io.rcsgw.gateway.delivery;

import io.rcsgw.gateway.store.MessageStore;
import io.rcsgw.rcs.api.WebViews;

import java.time.Clock;
import java.util.Optional;

/** Web views from the store: the token's message, its content as accepted, and whether the link has expired. */
public final class StoredWebViews implements WebViews {

    private final MessageStore store;
    private final Clock clock;

    public StoredWebViews(MessageStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Optional<Page> find(String token) {
        return store.webView(token).flatMap(v -> v.expiresAt() <= clock.millis()
                ? Optional.of(new Page(null, "", true))
                : store.findById(v.messageId()).map(m -> new Page(m.content(), m.body(), false)));
    }
}
