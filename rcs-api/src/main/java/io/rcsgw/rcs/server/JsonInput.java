package io.rcsgw.rcs.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rcsgw.rules.model.WellFormedText;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * How every JSON body the API takes is read: one document (trailing data is refused), each key
 * once (a repeated key is refused, not "the last wins"), no NUL and no unpaired surrogate in any
 * key or string (they are refused naming the field, as the store could not keep them faithfully),
 * and an explicit {@code null} for a field means it is absent, as MaaP SDKs send it.
 */
final class JsonInput {

    private JsonInput() {
    }

    /** The API's reader: {@code base} with duplicate keys and trailing tokens refused. */
    static ObjectMapper strict(ObjectMapper base) {
        return base.copy().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** The body as a tree without its null fields; a bad body throws its problem. */
    static JsonNode read(ObjectMapper strict, byte[] body) throws RichMessageReader.Invalid {
        JsonNode root;
        try {
            root = strict.readTree(body);
        } catch (JsonProcessingException e) {
            throw new RichMessageReader.Invalid(Problem.malformedJson(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new RichMessageReader.Invalid(Problem.malformedJson(e.getMessage()));
        }
        if (root == null || root.isMissingNode()) {
            throw new RichMessageReader.Invalid(Problem.malformedJson("the body is empty"));
        }
        String bad = badText(root, "");
        if (bad != null) {
            throw new RichMessageReader.Invalid(Problem.invalidField(bad.isEmpty() ? "body" : bad,
                    "must not contain NUL characters or unpaired UTF-16 surrogates"));
        }
        stripNulls(root);
        return root;
    }

    /** The path of the first key or string holding a NUL or an unpaired surrogate; null when there is none. */
    static String badText(JsonNode n, String path) {
        if (n.isTextual()) {
            return WellFormedText.isWellFormed(n.textValue()) ? null : path;
        }
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                if (!WellFormedText.isWellFormed(e.getKey())) {
                    return path.isEmpty() ? "body" : path;
                }
                String bad = badText(e.getValue(), p);
                if (bad != null) {
                    return bad;
                }
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                String bad = badText(n.get(i), path + "[" + i + "]");
                if (bad != null) {
                    return bad;
                }
            }
        }
        return null;
    }

    /** Removes every object field whose value is null, at every depth. */
    static void stripNulls(JsonNode n) {
        if (n instanceof ObjectNode o) {
            List<String> nulls = new ArrayList<>();
            o.fields().forEachRemaining(e -> {
                if (e.getValue().isNull()) {
                    nulls.add(e.getKey());
                } else {
                    stripNulls(e.getValue());
                }
            });
            o.remove(nulls);
        } else if (n.isArray()) {
            n.forEach(JsonInput::stripNulls);
        }
    }
}
