package io.rcsgw.gateway.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rcsgw.gateway.store.JdbcFileStore;
import io.rcsgw.rcs.api.AcceptResult;
import io.rcsgw.rcs.api.ForwardingMessagingService;
import io.rcsgw.rcs.api.MessagingService;
import io.rcsgw.rcs.api.OutboundMessage;
import io.rcsgw.rules.content.RichMessage;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Messages that refer to uploaded files: every URL of the gateway's own files in a message must
 * lead to a file of the same bot that is still there (else 400 naming the field), and a
 * {@code fileMessage} or {@code audioMessage} of one gets the file's type, size and name where
 * the bot left them out, so the RCS platform is told what it fetches. Everything else passes
 * straight to the gateway.
 */
public final class FileReferences extends ForwardingMessagingService {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final GatewayFiles files;
    private final String marker;
    private final Executor background;

    public FileReferences(MessagingService gateway, GatewayFiles files, String publicBaseUrl, Executor background) {
        super(gateway);
        this.files = files;
        this.marker = publicBaseUrl + "/f/";
        this.background = background;
    }

    @Override
    public CompletableFuture<AcceptResult> accept(String botId, OutboundMessage message) {
        if (message.content() == null || !message.content().contains(marker)) {
            return next.accept(botId, message);
        }
        return CompletableFuture.supplyAsync(() -> resolve(botId, message), background).thenCompose(r -> r instanceof AcceptResult a
                ? CompletableFuture.completedFuture(a) : next.accept(botId, (OutboundMessage) r));
    }

    /** The message with its files' details filled in, or why it cannot be taken. */
    private Object resolve(String botId, OutboundMessage m) {
        JsonNode root;
        try {
            root = JSON.readTree(m.content());
        } catch (Exception e) {
            return m; // the API wrote it; nothing of ours can be in what cannot be read
        }
        JsonNode rcs = root.path("RCSMessage");
        AcceptResult.Invalid bad = check(botId, rcs, "RCSMessage");
        if (bad != null) {
            return bad;
        }
        RichMessage.Content c = m.rich().content();
        if (c instanceof RichMessage.File f && rcs.path("fileMessage") instanceof ObjectNode node) {
            Optional<JdbcFileStore.FileRow> row = row(botId, f.url());
            if (row.isPresent()) {
                fill(node, row.get());
                c = new RichMessage.File(f.url(), node.path("fileMIMEType").asText(), node.path("fileSize").asLong(),
                        node.path("fileName").isTextual() ? node.path("fileName").asText() : null, f.thumbnailUrl());
            }
        } else if (c instanceof RichMessage.Audio a && rcs.path("audioMessage") instanceof ObjectNode node) {
            Optional<JdbcFileStore.FileRow> row = row(botId, a.url());
            if (row.isPresent()) {
                fill(node, row.get());
                c = new RichMessage.Audio(a.url(), node.path("fileMIMEType").asText(), node.path("fileSize").asLong(),
                        node.path("fileName").isTextual() ? node.path("fileName").asText() : null, a.playingSeconds());
            }
        }
        if (c == m.rich().content()) {
            return m;
        }
        return new OutboundMessage(m.clientMsgId(), m.userContact(), new RichMessage(c, m.rich().chips()), m.smsText(),
                root.toString(), m.fingerprint(), m.clientContext(), m.extensions());
    }

    /** The first string of the gateway's file URLs that leads to no live file of this bot. */
    private AcceptResult.Invalid check(String botId, JsonNode n, String path) {
        if (n.isTextual()) {
            if (n.textValue().startsWith(marker) && row(botId, n.textValue()).isEmpty()) {
                return new AcceptResult.Invalid(path, "no file of this bot at that URL (deleted, or past its until)");
            }
            return null;
        }
        if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                AcceptResult.Invalid bad = check(botId, n.get(i), path + "[" + i + "]");
                if (bad != null) {
                    return bad;
                }
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            AcceptResult.Invalid bad = check(botId, e.getValue(), path + "." + e.getKey());
            if (bad != null) {
                return bad;
            }
        }
        return null;
    }

    private Optional<JdbcFileStore.FileRow> row(String botId, String url) {
        return files.fileIdOf(url).flatMap(id -> files.referenced(botId, id));
    }

    private static void fill(ObjectNode node, JdbcFileStore.FileRow f) {
        if (!node.path("fileMIMEType").isTextual()) {
            node.put("fileMIMEType", f.mimeType());
        }
        if (!node.path("fileSize").isNumber()) {
            node.put("fileSize", f.size());
        }
        if (!node.path("fileName").isTextual() && f.fileName() != null) {
            node.put("fileName", f.fileName());
        }
    }
}
