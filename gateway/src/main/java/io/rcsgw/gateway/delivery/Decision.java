package io.rcsgw.gateway.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rcsgw.rules.routing.ChannelDecision;
import io.rcsgw.rules.routing.Check;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A message's channel decision as stored and shown ({@code gateway.decision} in the status API):
 * the rule, the channel, the reason, and every check on the way, including a later fallback's.
 */
record Decision(String rule, String channel, String reason, List<Check> trace, Instant until) {

    private static final ObjectMapper JSON = new ObjectMapper();

    Decision {
        trace = List.copyOf(trace);
    }

    static Decision of(ChannelDecision d) {
        return new Decision(d.rule(), d.channel(), d.reason(), d.trace(),
                d instanceof ChannelDecision.Defer defer ? defer.until() : null);
    }

    /** The same decision after RCS gave way to SMS: the check that allowed it is added. */
    Decision fellBack(String reason, Check check) {
        List<Check> t = new ArrayList<>(trace);
        t.add(check);
        return new Decision(rule, "sms", reason, t, null);
    }

    /** Reads a stored decision back (an unreadable one is kept as its rule and channel only). */
    static Decision parse(String json) {
        try {
            var n = JSON.readTree(json);
            List<Check> trace = new ArrayList<>();
            n.path("trace").forEach(c -> trace.add(new Check(c.path("check").asText(), c.path("value").asText(),
                    c.path("passed").asBoolean())));
            return new Decision(n.path("rule").asText(null), n.path("channel").asText(null), n.path("reason").asText(null),
                    trace, n.hasNonNull("until") ? Instant.parse(n.get("until").asText()) : null);
        } catch (Exception e) {
            return new Decision(null, null, null, List.of(), null);
        }
    }

    String json() {
        ObjectNode n = JSON.createObjectNode();
        n.put("rule", rule);
        n.put("channel", channel);
        n.put("reason", reason);
        if (until != null) {
            n.put("until", until.toString());
        }
        ArrayNode t = n.putArray("trace");
        for (Check c : trace) {
            t.addObject().put("check", c.condition()).put("value", c.value()).put("passed", c.passed());
        }
        return n.toString();
    }
}
