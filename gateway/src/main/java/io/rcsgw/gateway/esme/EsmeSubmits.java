package io.rcsgw.gateway.esme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rcsgw.gateway.store.MessageKey;
import io.rcsgw.gateway.store.MessageStore;
import io.rcsgw.gateway.store.StoredMessage;
import io.rcsgw.rcs.api.AcceptResult;
import io.rcsgw.rcs.api.MessagingService;
import io.rcsgw.rcs.api.OutboundMessage;
import io.rcsgw.rules.content.RichMessage;
import io.rcsgw.rules.model.Msisdn;
import io.rcsgw.rules.routing.ChannelPolicy;
import io.rcsgw.smpp.server.CommandStatus;
import io.rcsgw.smpp.server.EsmeAccount;
import io.rcsgw.smpp.server.EsmeSubmit;
import io.rcsgw.smpp.server.SubmitPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * ESMEs' submits into the same pipeline as the HTTP API's messages: each a text message of the
 * account's bot, under its msgId (the message_id the ESME gets), asking for SMS (a rule may
 * still upgrade it), sent from the ESME's own source address. What the ESME's receipts need
 * (its system_id, source and registered_delivery) is stored with the message, in its content's
 * {@code gateway.esme}. query_sm reads the store; cancel_sm is the API's revoke.
 */
public final class EsmeSubmits implements SubmitPort {

    private static final Logger log = LoggerFactory.getLogger(EsmeSubmits.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MessagingService gateway;
    private final MessageStore store;
    private final EsmeParts parts;
    /** Accounts whose texts ask to be upgraded to RCS where a rule allows it. */
    private final Set<String> upgrading;

    public EsmeSubmits(MessagingService gateway, MessageStore store, EsmeParts parts, Set<String> upgrading) {
        this.upgrading = Set.copyOf(upgrading);
        this.gateway = gateway;
        this.store = store;
        this.parts = parts;
    }

    @Override
    public CompletableFuture<SubmitOutcome> submit(EsmeSubmit s) {
        if (s.part() == null) {
            return accept(s);
        }
        // a part: stored with the others of its message; the last to come puts the message together
        return parts.offer(s).thenCompose(o -> o.whole() == null
                ? CompletableFuture.completedFuture((SubmitOutcome) new Accepted(o.messageId()))
                : accept(o.whole()).thenCompose(r -> r instanceof Accepted
                        ? parts.done(s).thenApply(x -> r) : CompletableFuture.completedFuture(r)));
    }

    private CompletableFuture<SubmitOutcome> accept(EsmeSubmit s) {
        EsmeAccount a = s.account();
        // what its receipts need, as the context its status events carry (kept in the content, so across restarts too)
        ObjectNode submit = JSON.createObjectNode().put("s", a.systemId()).put("src", s.source())
                .put("rd", s.registeredDelivery()).put("at", System.currentTimeMillis())
                .put("t", s.text().length() > 20 ? s.text().substring(0, 20) : s.text());
        String context = EsmeReceipts.MARK + submit;
        ObjectNode content = JSON.createObjectNode();
        content.putObject("RCSMessage").put("textMessage", s.text());
        ObjectNode gw = content.putObject("gateway");
        gw.put("clientContext", context);
        gw.putObject("esme").put("systemId", a.systemId()).put("source", s.source());
        OutboundMessage m = new OutboundMessage(s.messageId(), new Msisdn(s.destination()), RichMessage.text(s.text()), null,
                content.toString(), fingerprint(s), context, new OutboundMessage.Extensions(null, Set.of(), ChannelPolicy.SMS_ONLY,
                null, null, null, upgrading.contains(a.systemId()), "smpp", s.source()));
        return gateway.accept(a.botId(), m).handle((r, failure) -> {
            if (failure != null) {
                log.warn("submit of ESME {} not stored: {}", a.systemId(), failure.toString());
                return new Refused(CommandStatus.ESME_RSYSERR, "not stored");
            }
            if (r instanceof AcceptResult.Accepted ok) {
                return new Accepted(ok.msgId());
            }
            if (r instanceof AcceptResult.Busy) {
                return new Refused(CommandStatus.ESME_RTHROTTLED, "too many messages waiting");
            }
            if (r instanceof AcceptResult.PaymentRequired pr) {
                // SMPP has no status for credit: a submit failure, as SMSCs answer a prepaid account that ran out
                return new Refused(CommandStatus.ESME_RSUBMITFAIL, "insufficient credit: " + pr.shortfall() + " "
                        + pr.currency() + " short");
            }
            if (r instanceof AcceptResult.Refused ref) {
                return new Refused(ref.tooLong() ? CommandStatus.ESME_RINVMSGLEN : CommandStatus.ESME_RSUBMITFAIL, ref.detail());
            }
            return new Refused(CommandStatus.ESME_RSUBMITFAIL, r.toString());
        });
    }

    @Override
    public Optional<MessageStatus> query(EsmeAccount account, String messageId) {
        return own(account, messageId).map(m -> new MessageStatus(SmppOutcome.of(m.state()).messageState(),
                m.state().isFinal() ? m.updatedAt() : null, 0));
    }

    @Override
    public CompletableFuture<Integer> cancel(EsmeAccount account, String messageId) {
        if (own(account, messageId).isEmpty()) {
            return CompletableFuture.completedFuture(CommandStatus.ESME_RINVMSGID);
        }
        return gateway.revoke(account.botId(), messageId).thenApply(r -> r.isPresent() && r.get().revoked()
                ? CommandStatus.ESME_ROK : CommandStatus.ESME_RCANCELFAIL);
    }

    /** The message, if this account submitted it. */
    private Optional<StoredMessage> own(EsmeAccount account, String messageId) {
        if (messageId.length() > 64) {
            return Optional.empty();
        }
        return store.find(new MessageKey(account.botId(), messageId), false).filter(m -> {
            JsonNode esme = read(m.content()).path("gateway").path("esme");
            return account.systemId().equals(esme.path("systemId").asText(null));
        });
    }

    private static JsonNode read(String content) {
        try {
            return content == null ? JSON.createObjectNode() : JSON.readTree(content);
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }

    private static String fingerprint(EsmeSubmit s) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update((s.destination() + "\0" + s.source() + "\0" + s.text()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d.digest(), 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
