package io.rcsgw.rcs.server;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** An {@code application/x-www-form-urlencoded} body as its parameters; null when it is not one, or repeats a name. */
final class FormBody {

    private FormBody() {
    }

    static Map<String, String> parse(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        Map<String, String> out = new HashMap<>();
        if (text.isEmpty()) {
            return out;
        }
        for (String pair : text.split("&", -1)) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                return null;
            }
            String name;
            String value;
            try {
                name = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
                value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
            if (out.put(name, value) != null) {
                return null; // RFC 6749 3.2: parameters must not be included more than once
            }
        }
        return out;
    }
}
