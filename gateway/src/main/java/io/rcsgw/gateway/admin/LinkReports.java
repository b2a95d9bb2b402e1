package io.rcsgw.gateway.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prometheus.client.CollectorRegistry;
import io.rcsgw.smpp.SmscLink;

import java.util.List;
import java.util.Map;

/** SMSC links as the admin API shows them: a summary each (also what a node reports to the cluster), or in detail. */
public final class LinkReports {

    private LinkReports() {
    }

    /** This node's links as the other nodes' admin APIs show them: each link's {@link #summary}. */
    public static ArrayNode report(List<SmscLink> links, Map<String, String> smscByLink, ObjectMapper json) {
        ArrayNode out = json.createArrayNode();
        links.forEach(l -> out.add(summary(l, smscByLink, json)));
        return out;
    }

    /** Name, SMSC, enabled, bound and submits outstanding. */
    static ObjectNode summary(SmscLink l, Map<String, String> smscByLink, ObjectMapper json) {
        return json.createObjectNode().put("name", l.name()).put("smsc", smscByLink.getOrDefault(l.name(), l.name()))
                .put("enabled", l.isEnabled()).put("bound", l.isBound()).put("outstanding", l.outstanding());
    }

    /** A link's summary with its submits by outcome, throttles and reconnects since the start. */
    static ObjectNode detail(SmscLink l, Map<String, String> smscByLink, ObjectMapper json) {
        ObjectNode n = summary(l, smscByLink, json);
        ObjectNode counters = n.putObject("submits");
        for (String outcome : List.of("accepted", "unknown", "link-down", "invalid")) {
            counters.put(outcome, sample("rcsgw_smpp_submits_total", new String[]{"link", "outcome"}, new String[]{l.name(), outcome}));
        }
        n.put("throttled", sample("rcsgw_smpp_throttles_total", new String[]{"link"}, new String[]{l.name()}));
        n.put("reconnects", sample("rcsgw_smpp_reconnects_total", new String[]{"link"}, new String[]{l.name()}));
        return n;
    }

    private static double sample(String name, String[] labels, String[] values) {
        Double v = CollectorRegistry.defaultRegistry.getSampleValue(name, labels, values);
        return v == null ? 0 : v;
    }
}
