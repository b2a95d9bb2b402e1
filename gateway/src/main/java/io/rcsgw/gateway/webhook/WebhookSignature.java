package io.rcsgw.gateway.webhook;

import io.rcsgw.rcs.auth.Hmac;

import javax.crypto.Mac;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Signs webhook POSTs so a bot can tell they come from rcsgw and were not replayed:
 * {@code X-Rcsgw-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + raw body)>} with the
 * bot's secret, and {@code X-Rcsgw-Timestamp} (Unix seconds) that the bot compares with its
 * clock. {@code X-Rcsgw-Event-Id} lets it drop a repeat.
 */
public final class WebhookSignature {

    public static final String SIGNATURE = "X-Rcsgw-Signature";
    public static final String TIMESTAMP = "X-Rcsgw-Timestamp";
    public static final String EVENT_ID = "X-Rcsgw-Event-Id";

    private final Map<String, byte[]> keys = new HashMap<>();
    /** Macs per thread and bot: getting and keying one costs more than the HMAC of a small body. */
    private final ThreadLocal<Map<String, Mac>> macs = ThreadLocal.withInitial(HashMap::new);

    public WebhookSignature(Map<String, String> secretsByBot) {
        secretsByBot.forEach((bot, secret) -> keys.put(bot, secret.getBytes(StandardCharsets.UTF_8)));
    }

    /** The signature header's value, or null when the bot has no secret. */
    public String sign(String botId, String timestamp, byte[] body) {
        byte[] key = keys.get(botId);
        if (key == null) {
            return null;
        }
        Mac mac = macs.get().computeIfAbsent(botId, b -> Hmac.sha256(key));
        mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) '.');
        return "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
    }
}
