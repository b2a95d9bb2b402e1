package io.rcsgw.gateway.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each key of a YAML text is, so that an error naming a key ({@code rules[2].fallback.missingFeature})
 * can also give its line. A key that is not in the text (a default) gets the line of its nearest parent.
 */
final class YamlLines {

    private final Map<String, Integer> lineByPointer = new HashMap<>();

    YamlLines(String yaml) {
        try (JsonParser p = new YAMLFactory().createParser(yaml)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t != JsonToken.END_OBJECT && t != JsonToken.END_ARRAY) {
                    lineByPointer.putIfAbsent(p.getParsingContext().pathAsPointer().toString(),
                            p.currentTokenLocation().getLineNr());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not YAML: the parser proper says so
        }
    }

    /** The line of a key such as {@code rules[2].sms.overflow}, or of its nearest parent; -1 when none is known. */
    int lineOf(String key) {
        String pointer = "/" + key.replace("[", "/").replace("]", "").replace('.', '/');
        while (!pointer.isEmpty()) {
            Integer line = lineByPointer.get(pointer);
            if (line != null) {
                return line;
            }
            pointer = pointer.substring(0, pointer.lastIndexOf('/'));
        }
        return -1;
    }

    /** The error with " (line N)" after its key, when the key is in the text. */
    ConfigException located(ConfigException e, String file) {
        String msg = e.getMessage();
        int colon = msg.indexOf(": ");
        if (colon <= 0 || msg.substring(0, colon).contains(" ")) {
            return e;
        }
        int line = lineOf(msg.substring(0, colon));
        if (line < 0) {
            return e;
        }
        String where = file == null ? "line " + line : file + " line " + line;
        return new ConfigException(msg.substring(0, colon) + " (" + where + ")" + msg.substring(colon));
    }
}
