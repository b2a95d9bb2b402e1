package io.rcsgw.gateway.delivery;

import io.rcsgw.gateway.store.MessageKey;
import io.rcsgw.gateway.store.MessageStore;
import io.rcsgw.rcs.api.AcceptResult;
import io.rcsgw.rcs.api.MessageStatusView;
import io.rcsgw.rcs.api.MessagingService;
import io.rcsgw.rcs.api.OutboundMessage;
import io.rcsgw.rcs.api.QuoteResult;
import io.rcsgw.rcs.api.Usage;
import io.rcsgw.rcs.platform.PlatformException;
import io.rcsgw.rules.lifecycle.MessageEvent;
import io.rcsgw.rules.model.MessageState;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** What the HTTP API asks of the gateway, each answered by the part whose job it is. */
final class Messaging implements MessagingService {

    private final Acceptor acceptor;
    private final StatusViews views;
    private final Tracker tracker;
    private final OpenMessages open;
    /** Null when no RCS platform is configured. */
    private final RcsLeg rcs;
    private final MessageStore store;
    private final Executor background;
    private final Quoting quoting;
    private final UsageReports usage;

    Messaging(Acceptor acceptor, StatusViews views, Tracker tracker, OpenMessages open, RcsLeg rcs, MessageStore store,
              Executor background, Quoting quoting, UsageReports usage) {
        this.quoting = quoting;
        this.usage = usage;
        this.acceptor = acceptor;
        this.views = views;
        this.tracker = tracker;
        this.open = open;
        this.rcs = rcs;
        this.store = store;
        this.background = background;
    }

    @Override
    public CompletableFuture<AcceptResult> accept(String botId, OutboundMessage message) {
        return acceptor.accept(botId, message);
    }

    @Override
    public CompletableFuture<QuoteResult> quote(String botId, OutboundMessage message) {
        return quoting.quote(botId, message);
    }

    @Override
    public CompletableFuture<Optional<Usage>> usage(String botId, java.time.Instant from, java.time.Instant to) {
        return usage.usage(botId, from, to);
    }

    @Override
    public Optional<MessageStatusView> status(String botId, String msgId) {
        return views.status(botId, msgId);
    }

    @Override
    public CompletableFuture<Optional<RevokeResult>> revoke(String botId, String msgId) {
        MessageKey key = new MessageKey(botId, msgId);
        return CompletableFuture.supplyAsync(() -> store.find(key, false), background).thenCompose(stored -> {
            if (stored.isEmpty()) {
                return CompletableFuture.completedFuture(Optional.<RevokeResult>empty());
            }
            InFlight f = open.get(stored.get().id());
            if (f == null) {
                MessageState s = stored.get().state();
                return CompletableFuture.completedFuture(Optional.of(new RevokeResult(s == MessageState.CANCELLED,
                        s.maapStatus(), s.name())));
            }
            synchronized (f) {
                boolean leavingRcs = f.state == MessageState.RCS_SENT && f.channel == io.rcsgw.rules.model.Channel.SMS;
                if (f.state == MessageState.ACCEPTED || leavingRcs) {
                    // not out yet on either channel (or on its way to SMS, nothing at an SMSC): the legs skip a final message
                    return tracker.on(f, new MessageEvent.RevokeRequested()).thenApply(x -> Optional.of(result(f)));
                }
                if (f.state != MessageState.RCS_SENT || rcs == null) {
                    // SMS cannot be recalled once it is queued for an SMSC (nor RCS with the platform gone from the config)
                    return CompletableFuture.completedFuture(Optional.of(result(f)));
                }
            }
            return rcs.revokeForClient(f).thenApply(Optional::of);
        });
    }

    private static RevokeResult result(InFlight f) {
        synchronized (f) {
            return new RevokeResult(f.state == MessageState.CANCELLED, f.state.maapStatus(), f.state.name());
        }
    }

    /**
     * The receipt goes to whoever sent {@code msgId}, as the store knows it. A userContact given
     * for a message the store no longer holds (retention) is taken as the bot says.
     */
    @Override
    public CompletableFuture<ReadReceipt> displayed(String botId, String msgId, String userContact) {
        return CompletableFuture.supplyAsync(() -> store.userMessage(botId, msgId), background).thenCompose(known -> {
            if (known.isPresent() && userContact != null && !known.get().userContact().equals(userContact)) {
                return CompletableFuture.completedFuture(ReadReceipt.OTHER_USER);
            }
            if (known.isPresent() && known.get().bySms()) {
                return CompletableFuture.completedFuture(ReadReceipt.SMS);
            }
            String to = known.map(MessageStore.UserMessage::userContact).orElse(userContact);
            if (to == null) {
                return CompletableFuture.completedFuture(ReadReceipt.UNKNOWN);
            }
            if (rcs == null) {
                return noPlatform();
            }
            return rcs.platform().displayed(botId, msgId, to).thenApply(x -> ReadReceipt.SENT);
        });
    }

    @Override
    public CompletableFuture<Void> isTyping(String botId, String userContact, boolean active) {
        return rcs == null ? noPlatform() : rcs.platform().isTyping(botId, userContact, active);
    }

    private static <T> CompletableFuture<T> noPlatform() {
        return CompletableFuture.failedFuture(new PlatformException.Unavailable("rcs-disabled", "no RCS platform is configured",
                null));
    }

    @Override
    public CompletableFuture<List<CapabilityView>> capabilities(String botId, List<String> userContacts) {
        List<CompletableFuture<CapabilityView>> each = new ArrayList<>();
        for (String c : userContacts) {
            if (rcs == null) {
                each.add(CompletableFuture.completedFuture(new CapabilityView(c, false, List.of(), null)));
                continue;
            }
            each.add(rcs.capabilities().lookup(botId, c).handle((cap, e) -> e != null
                    ? new CapabilityView(c, false, List.of(), RcsLeg.reason(e))
                    : new CapabilityView(c, cap.capable(), cap.features().stream().sorted().toList(), null)));
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                .thenApply(x -> each.stream().map(CompletableFuture::join).toList());
    }
}
