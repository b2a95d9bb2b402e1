package io.rcsgw.gateway.delivery;

import io.rcsgw.gateway.store.MessageKey;
import io.rcsgw.gateway.store.MessageStore;
import io.rcsgw.gateway.store.StoredMessage;
import io.rcsgw.rcs.api.MessageStatusView;
import io.rcsgw.rules.lifecycle.TimerKind;
import io.rcsgw.rules.sms.SmsProfile;
import io.rcsgw.rules.sms.SmsSegmenter;
import io.rcsgw.rules.sms.SmsText;

import java.util.Optional;

/**
 * A message as the status API shows it, from the store: its history with reasons, the rule it
 * fell under and the decision's trace, its SMS parts and, when it went as SMS, the text the
 * handset got with its encoding and segment count.
 */
final class StatusViews {

    private final MessageStore store;
    private final SmsProfile profile;

    StatusViews(MessageStore store, SmsProfile profile) {
        this.store = store;
        this.profile = profile;
    }

    Optional<MessageStatusView> status(String botId, String msgId) {
        return store.find(new MessageKey(botId, msgId), true).map(m -> new MessageStatusView(msgId, m.state().maapStatus(),
                m.state().name(), m.channel(), m.recipient(), m.acceptedAt(), m.history().stream()
                .map(e -> new MessageStatusView.HistoryEntry(e.state().name(), e.state().maapStatus(), e.reason(), e.at()))
                .toList(), m.parts().stream()
                .map(p -> new MessageStatusView.Part(p.partNo() + 1, p.state(), p.link(), p.error())).toList(),
                m.rule(), m.decision(), sms(m), Deadlines.decode(m.deadlines()).get(TimerKind.EXPIRY),
                m.late().stream().map(l -> new MessageStatusView.Late(l.what(), l.at())).toList(), null));
    }

    private MessageStatusView.Sms sms(StoredMessage m) {
        if (!"sms".equals(m.channel())) {
            return null;
        }
        SmsText t = SmsSegmenter.segment(m.body(), profile);
        return new MessageStatusView.Sms(m.body(), t.encoding().name(), m.partsTotal() > 0 ? m.partsTotal() : t.segmentCount());
    }
}
