package io.rcsgw.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Set;

/**
 * The configuration as the admin API shows it: every secret replaced with "***", and every URL
 * without what may carry a credential.
 */
final class ConfigRedaction {

    private static final Set<String> SECRETS = Set.of("tokenKey", "token");

    private ConfigRedaction() {
    }

    /** Replaces every secret value (passwords, client secrets, token keys) with "***". */
    static JsonNode redact(JsonNode node) {
        if (node instanceof ObjectNode o) {
            List<String> names = new java.util.ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode v = o.get(name);
                String lower = name.toLowerCase(java.util.Locale.ROOT);
                // any *secret / *password key (clientSecret, eventsSecret, tlsTrustStorePassword...), and the token keys
                boolean secret = SECRETS.contains(name) || lower.endsWith("secret") || lower.endsWith("password");
                if (secret && v != null && !v.isNull()) {
                    o.put(name, "***");
                } else if (v != null && v.isTextual() && (v.textValue().contains("://") || v.textValue().startsWith("jdbc:"))) {
                    o.put(name, redactUrl(v.textValue()));
                } else {
                    redact(v);
                }
            }
        } else if (node instanceof ArrayNode a) {
            a.forEach(ConfigRedaction::redact);
        }
        return node;
    }

    /**
     * A URL without what may be a credential: its user-info and the values of its query
     * parameters (webhook URLs carry API keys there), and a JDBC URL's parameters after ';' or '?'
     * (an embedded H2 URL, {@code jdbc:h2:file:...}, has no {@code ://}).
     */
    static String redactUrl(String url) {
        String out = url.replaceFirst("://[^/@?#]*@", "://***@");
        int q = out.indexOf('?');
        if (q >= 0) {
            int hash = out.indexOf('#', q);
            String query = hash < 0 ? out.substring(q + 1) : out.substring(q + 1, hash);
            StringBuilder sb = new StringBuilder();
            for (String pair : query.split("&", -1)) {
                if (sb.length() > 0) {
                    sb.append('&');
                }
                int eq = pair.indexOf('=');
                sb.append(eq < 0 ? pair : pair.substring(0, eq + 1) + "***");
            }
            out = out.substring(0, q + 1) + sb + (hash < 0 ? "" : out.substring(hash));
        }
        // H2 style parameters: jdbc:h2:file:/x;PASSWORD=...
        return out.replaceAll(";([A-Za-z_]+)=[^;]*", ";$1=***");
    }
}
