package io.rcsgw.rcs.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rcsgw.rcs.api.Quote;

/**
 * A quote as JSON: the leg's channel, category, segments, units, amount (a decimal string, so no
 * client reads it as a float), currency, tariff and price version, and the same under
 * {@code fallback} (null when the message has no fallback).
 */
final class QuoteJson {

    private QuoteJson() {
    }

    static ObjectNode of(ObjectMapper json, Quote q) {
        ObjectNode out = leg(json, q.leg());
        if (q.fallback() == null) {
            out.putNull("fallback");
        } else {
            out.set("fallback", leg(json, q.fallback()));
        }
        return out;
    }

    private static ObjectNode leg(ObjectMapper json, Quote.Leg l) {
        ObjectNode n = json.createObjectNode();
        n.put("channel", l.channel());
        n.put("category", l.category());
        n.put("segments", l.segments());
        n.put("units", l.units());
        n.put("amount", l.amount());
        n.put("currency", l.currency());
        n.put("tariff", l.tariff());
        n.put("priceVersion", l.version());
        return n;
    }
}
