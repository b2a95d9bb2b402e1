package io.rcsgw.gateway.delivery;

import io.rcsgw.gateway.store.MessageKey;
import io.rcsgw.gateway.store.StoreWrite;
import io.rcsgw.rules.model.Channel;
import io.rcsgw.rules.model.MessageState;
import io.rcsgw.rules.rating.ChargeCategory;
import io.rcsgw.rules.rating.TariffPlan;
import io.rcsgw.rules.rating.TariffTable;
import io.rcsgw.rules.routing.ContentKind;
import io.rcsgw.rules.routing.MessageFacts;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ChargingTest {

    private static final TariffTable TABLE = new TariffTable(Map.of(), TariffPlan.flat("std", "EUR", Map.of(
            ChargeCategory.RCS_BASIC, new BigDecimal("0.002"), ChargeCategory.RCS_SINGLE, new BigDecimal("0.015"),
            ChargeCategory.RCS_P2A_CONVERSATION, new BigDecimal("0.04"), ChargeCategory.RCS_A2P_CONVERSATION,
            new BigDecimal("0.03"), ChargeCategory.SMS_SEGMENT, new BigDecimal("0.035"))));

    private final AtomicLong ids = new AtomicLong(5000);
    private final Charging charging = new Charging(TABLE, ids::getAndIncrement, false, bot -> "BOTSMS");

    private static InFlight message(long id, String to, Set<ContentKind> kinds) {
        InFlight f = new InFlight(id, new MessageKey("b", "m" + id), to, "hello", 0, MessageState.ACCEPTED, 0, null, null,
                new MessageFacts("b", to, kinds, null, Set.of(), null));
        f.rule = "r";
        return f;
    }

    private static List<String> lines(List<StoreWrite> writes) {
        return writes.stream().filter(w -> w instanceof StoreWrite.InsertCdr).map(w -> ((StoreWrite.InsertCdr) w).line()).toList();
    }

    @Test
    void anRcsAttemptThatFellBackIsAFreeLegOfItsOwnAndTheSmsLegGetsAFreshRecordId() {
        InFlight f = message(10, "+447700900123", Set.of(ContentKind.TEXT));
        f.rcsSent = true;
        f.channel = Channel.SMS;
        f.smsReason = "fallback:rcs-failed";
        f.sizeParts(1);
        f.partKeys[0] = "l1/abc";
        f.partAckedAt[0] = 1_000;
        f.link = "l1";
        f.smsEncoding = "GSM7";
        List<StoreWrite> writes = new ArrayList<>();
        charging.rate(f, MessageState.DELIVERED, 2_000, writes);
        assertThat(writes).filteredOn(w -> w instanceof StoreWrite.InsertCdr).extracting(w -> ((StoreWrite.InsertCdr) w).id())
                .containsExactly(10L, 5000L);
        List<String> lines = lines(writes);
        assertThat(lines.get(0)).contains(",rcs,FAILED,NONE,0,0,0.0000,EUR,std,10,MT,primary,");
        assertThat(lines.get(1)).contains(",sms,DELIVERED,SMS_SEGMENT,1,0.035,0.0350,EUR,std,10,MT,fallback,,,BOTSMS,1,GSM7,5,5,"
                + "1970-01-01T00:00:01Z,r,fallback:rcs-failed,l1,l1/abc,1\n");
    }

    @Test
    void anSmsThatNeverTriedRcsIsOneRecordUnderTheMessagesId() {
        InFlight f = message(20, "+447700900123", Set.of(ContentKind.TEXT));
        f.channel = Channel.SMS;
        f.smsReason = "fallback:not-capable";
        f.sizeParts(1);
        f.partKeys[0] = "l1/x";
        List<StoreWrite> writes = new ArrayList<>();
        charging.rate(f, MessageState.UNDELIVERABLE, 2_000, writes);
        assertThat(lines(writes)).singleElement().asString().startsWith("20,")
                .contains(",UNDELIVERABLE,SMS_SEGMENT,1,0.035,0.0350,").contains(",20,MT,primary,")
                .contains(",fallback:not-capable,");
        assertThat(ids.get()).as("no extra id taken").isEqualTo(5000);
    }

    @Test
    void aUserWritingOpensAP2aConversationWhoseFirstDeliveredAnswerCarriesItsPrice() {
        List<StoreWrite> writes = new ArrayList<>();
        charging.userWrote("b", "+447700900123", "u-1", 1_000, writes);
        assertThat(writes).singleElement().isEqualTo(new StoreWrite.PutConversation("b", "+447700900123", 1_000, false));
        InFlight first = message(30, "+447700900123", Set.of(ContentKind.TEXT, ContentKind.SUGGESTIONS));
        first.channel = Channel.RCS;
        writes.clear();
        charging.rate(first, MessageState.DELIVERED, 2_000, writes);
        assertThat(writes).contains(new StoreWrite.PutConversation("b", "+447700900123", 1_000, true));
        assertThat(lines(writes)).singleElement().asString().contains(",RCS_P2A_CONVERSATION,1,0.04,0.0400,")
                .contains(",primary,p2a-rs-");
        InFlight second = message(31, "+447700900123", Set.of(ContentKind.CARD));
        second.channel = Channel.RCS;
        writes.clear();
        charging.rate(second, MessageState.DISPLAYED, 3_000, writes);
        assertThat(lines(writes)).singleElement().asString().contains(",RCS_P2A_CONVERSATION,0,0.04,0.0000,");
        InFlight other = message(32, "+447700900999", Set.of(ContentKind.CARD));
        other.channel = Channel.RCS;
        writes.clear();
        charging.rate(other, MessageState.DELIVERED, 3_000, writes);
        assertThat(lines(writes)).singleElement().asString().contains(",RCS_SINGLE,1,0.015,0.0150,");
    }

    @Test
    void aReplyWithin24HoursTurnsTheBotsSingleChargesIntoAnA2pConversationAndCreditsThem() {
        long h = 3_600_000;
        InFlight first = message(50, "+447700900123", Set.of(ContentKind.TEXT));
        first.channel = Channel.RCS;
        List<StoreWrite> writes = new ArrayList<>();
        charging.rate(first, MessageState.DELIVERED, h, writes);
        assertThat(lines(writes)).singleElement().asString().contains(",RCS_BASIC,1,0.002,0.0020,");
        assertThat(writes).anySatisfy(w -> assertThat(w).isInstanceOfSatisfying(StoreWrite.PutConversation.class, pc -> {
            assertThat(pc.kind()).isEqualTo("BOT");
            assertThat(pc.singles()).startsWith(h + "\t50\tm50\tRCS_BASIC\t1\t");
        }));

        writes.clear();
        charging.userWrote("b", "+447700900123", "reply-1", h + 23 * h, writes);
        assertThat(writes).contains(new StoreWrite.PutConversation("b", "+447700900123", h, true, "A2P", ""));
        List<String> lines = lines(writes);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains(",b,reply-1,").contains(",RCS_A2P_CONVERSATION,1,0.03,0.0300,")
                .contains(",MO,conversation,a2p-");
        assertThat(lines.get(1)).contains(",b,m50,").contains(",RCS_BASIC,-1,0.002,-0.0020,").contains(",50,MT,credit,a2p-");

        InFlight covered = message(51, "+447700900123", Set.of(ContentKind.CARD));
        covered.channel = Channel.RCS;
        writes.clear();
        charging.rate(covered, MessageState.DELIVERED, h + 23 * h + 1, writes);
        assertThat(lines(writes)).singleElement().asString().contains(",RCS_A2P_CONVERSATION,0,0.03,0.0000,");
        assertThat(writes).noneMatch(w -> w instanceof StoreWrite.PutConversation);

        // its 24 hours ran from the bot's message: a message after them is charged singly again,
        // and a reply exactly 24 hours after that one opens a P2A conversation instead
        InFlight after = message(52, "+447700900123", Set.of(ContentKind.TEXT));
        after.channel = Channel.RCS;
        writes.clear();
        charging.rate(after, MessageState.DELIVERED, 25 * h, writes);
        assertThat(lines(writes)).singleElement().asString().contains(",RCS_BASIC,1,");
        writes.clear();
        charging.userWrote("b", "+447700900123", "reply-2", 49 * h, writes);
        assertThat(writes).singleElement().isEqualTo(new StoreWrite.PutConversation("b", "+447700900123", 49 * h, false));
    }

    @Test
    void perSegmentAnSmsIsOneRecordPerAcceptedSegmentEachWithItsSmscId() {
        Charging segments = new Charging(TABLE, ids::getAndIncrement, false, true, bot -> "BOTSMS", null);
        InFlight f = message(60, "+447700900123", Set.of(ContentKind.TEXT));
        f.channel = Channel.SMS;
        f.sizeParts(3);
        f.partKeys[0] = "l1/a";
        f.partKeys[1] = "l1/b";
        f.partKeys[2] = "l1/c";
        List<StoreWrite> writes = new ArrayList<>();
        segments.rate(f, MessageState.DELIVERED, 2_000, writes);
        assertThat(writes).filteredOn(w -> w instanceof StoreWrite.InsertCdr).extracting(w -> ((StoreWrite.InsertCdr) w).id())
                .containsExactly(60L, 5000L, 5001L);
        assertThat(lines(writes)).allSatisfy(l -> assertThat(l).contains(",SMS_SEGMENT,1,0.035,0.0350,"))
                .extracting(l -> l.split(",")[28]).containsExactly("l1/a", "l1/b", "l1/c");
        assertThat(writes).filteredOn(w -> w instanceof StoreWrite.InsertCdr)
                .extracting(w -> ((StoreWrite.InsertCdr) w).usage().firstOfMessage()).containsExactly(true, false, false);
    }

    @Test
    void withoutTariffsNothingIsWritten() {
        Charging off = new Charging(null, () -> 0, false, bot -> "");
        List<StoreWrite> writes = new ArrayList<>();
        off.rate(message(40, "+447700900123", Set.of(ContentKind.TEXT)), MessageState.DELIVERED, 1, writes);
        off.userWrote("b", "+447700900123", null, 1, writes);
        assertThat(writes).isEmpty();
        assertThat(off.enabled()).isFalse();
    }
}
