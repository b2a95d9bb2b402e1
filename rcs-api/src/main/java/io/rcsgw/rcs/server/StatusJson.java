package io.rcsgw.rcs.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rcsgw.rcs.api.MessageStatusView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * A message's status as the status API answers it: MaaP's RCSMessage (msgId, status, timestamp)
 * and messageContact, and the gateway's own account under {@code gateway} (state, channel, rule
 * and decision, expiry, SMS text, late events, parts, history).
 */
final class StatusJson {

    private static final Logger log = LoggerFactory.getLogger(StatusJson.class);

    private StatusJson() {
    }

    static ObjectNode of(ObjectMapper json, MessageStatusView v) {
        ObjectNode out = json.createObjectNode();
        ObjectNode rcs = out.putObject("RCSMessage");
        rcs.put("msgId", v.msgId());
        rcs.put("status", v.status());
        rcs.put("timestamp", Instant.ofEpochMilli(v.history().isEmpty() ? v.acceptedAt()
                : v.history().get(v.history().size() - 1).at()).toString());
        ObjectNode contact = out.putObject("messageContact");
        if (v.userContact() != null) {
            contact.put("userContact", v.userContact());
        }
        if (v.chatId() != null) {
            contact.put("chatId", v.chatId());
        }
        ObjectNode gw = out.putObject("gateway");
        gw.put("state", v.state());
        if (v.channel() != null) {
            gw.put("channel", v.channel());
        }
        if (v.rule() != null) {
            gw.put("rule", v.rule());
        }
        if (v.expiresAt() != null) {
            gw.put("expiresAt", Instant.ofEpochMilli(v.expiresAt()).toString());
        }
        if (v.decision() != null) {
            try {
                gw.set("decision", json.readTree(v.decision()));
            } catch (Exception e) {
                log.warn("message {} has an unreadable stored decision", v.msgId());
            }
        }
        if (v.sms() != null) {
            gw.putObject("sms").put("text", v.sms().text()).put("encoding", v.sms().encoding())
                    .put("segments", v.sms().segments());
        }
        if (!v.late().isEmpty()) {
            var late = gw.putArray("late");
            for (MessageStatusView.Late l : v.late()) {
                late.addObject().put("event", l.event()).put("timestamp", Instant.ofEpochMilli(l.at()).toString());
            }
        }
        if (!v.parts().isEmpty()) {
            var parts = gw.putArray("parts");
            for (MessageStatusView.Part p : v.parts()) {
                ObjectNode e = parts.addObject();
                e.put("part", p.part());
                e.put("state", p.state());
                e.put("link", p.link());
                if (p.error() != null) {
                    e.put("error", p.error());
                }
            }
        }
        var history = gw.putArray("history");
        for (MessageStatusView.HistoryEntry h : v.history()) {
            ObjectNode e = history.addObject();
            e.put("state", h.state());
            e.put("status", h.status());
            e.put("reason", h.reason());
            e.put("timestamp", Instant.ofEpochMilli(h.at()).toString());
        }
        return out;
    }
}
