package io.rcsgw.gateway.cdr;

import io.rcsgw.rules.model.Channel;
import io.rcsgw.rules.model.MessageState;
import io.rcsgw.rules.rating.ChargeCategory;
import io.rcsgw.rules.rating.ChargingRecord;
import io.rcsgw.rules.rating.Direction;
import java.util.List;
import io.rcsgw.rules.rating.Rating;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

class CdrCsvTest {

    @Test
    void headerNamesTheColumnsTheOriginalOnesFirst() {
        assertThat(CdrCsv.HEADER).startsWith("record_id,closed_at,accepted_at,bot_id,msg_id,recipient,channel,final_state,"
                + "category,units,unit_price,amount,currency,tariff,message_id,direction,leg,").endsWith(",price_version\n");
    }

    @Test
    void aClientMsgIdWithCommasAndQuotesIsQuotedSoTheColumnsStayAlignedAndNumbersMaskOnRequest() {
        // Jackson also quotes values that start with a sign, such as E.164 numbers: still RFC 4180
        ChargingRecord r = new ChargingRecord(7,
                new ChargingRecord.Subject(7, "bot", "a,\"b\"", Direction.MT, "bot", "+447700900123", 0, "default"),
                new ChargingRecord.LegFacts(Channel.RCS, ChargingRecord.LegKind.PRIMARY, MessageState.DELIVERED, 60_000, "", null, 0, "", 5, 5, 0, "",
                        null, List.of()),
                new Rating(ChargeCategory.RCS_BASIC, 1, new BigDecimal("0.002"), new BigDecimal("0.0020"), "EUR",
                        "standard", "initial"));
        assertThat(CdrCsv.line(r)).isEqualTo("7,1970-01-01T00:01:00Z,1970-01-01T00:00:00Z,bot,\"a,\"\"b\"\"\","
                + "\"+447700900123\",rcs,DELIVERED,RCS_BASIC,1,0.002,0.0020,EUR,standard,"
                + "7,MT,primary,,,bot,0,,5,5,,default,,,,initial\n");
        assertThat(CdrCsv.line(r, true)).contains(",\"+44770*****23\",rcs,");
    }
}
