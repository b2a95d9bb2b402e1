package io.rcsgw.gateway.store;

import io.rcsgw.rules.model.MessageState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How one batch's writes are sorted: each message's changes folded into one row change, the last of a kind winning. */
class BatchWritesTest {

    @Test
    void everyChangeOfOneMessageAcrossTheBatchsGroupsFoldsIntoOneRowChange() {
        BatchWrites b = new BatchWrites(List.of(
                List.of(new StoreWrite.Transition(7, 1, MessageState.SMS_QUEUED, "rule", "sms", 2, 100, false),
                        new StoreWrite.InsertPart("k1", "id1", "s1", 7, 0, 110)),
                List.of(new StoreWrite.Transition(8, 1, MessageState.SMS_QUEUED, "rule", "sms", 1, 105, false)),
                List.of(new StoreWrite.UpdatePart(7, 0, "DELIVERED", null, 120),
                        new StoreWrite.Transition(7, 2, MessageState.DELIVERED, "receipt", null, 0, 130, true),
                        new StoreWrite.HookSettled(7, 1, false, 140),
                        new StoreWrite.PutConversation("bot", "+447700900123", 1, false),
                        new StoreWrite.PutConversation("bot", "+447700900123", 2, true))));

        assertThat(b.rows).containsOnlyKeys(7L, 8L);
        BatchWrites.RowChange r = b.rows.get(7L);
        assertThat(r.state).isEqualTo("DELIVERED");
        assertThat(r.channel).as("null: the row keeps the channel it has").isNull();
        assertThat(r.partsTotal).as("a transition without parts keeps the earlier count").isEqualTo(2);
        assertThat(r.updatedAt).isEqualTo(130);
        assertThat(r.lastSeq).isEqualTo(2);
        assertThat(r.closes).isTrue();
        assertThat(r.hookedSeq).isEqualTo(1);
        assertThat(r.history.toString()).isEqualTo(RowText.historyLine(1, MessageState.SMS_QUEUED, "rule", 100)
                + RowText.historyLine(2, MessageState.DELIVERED, "receipt", 130));
        assertThat(r.parts.toString()).isEqualTo(RowText.partLine(0, "SUBMITTED", "k1", "s1", null)
                + RowText.partLine(0, "DELIVERED", null, null, null));
        assertThat(b.partInserts).hasSize(1);
        assertThat(b.conversations.values()).as("the last state of each conversation")
                .containsExactly(new StoreWrite.PutConversation("bot", "+447700900123", 2, true));
    }
}
