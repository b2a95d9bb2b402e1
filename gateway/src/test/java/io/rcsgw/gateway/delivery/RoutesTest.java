package io.rcsgw.gateway.delivery;

import io.rcsgw.rules.sms.NationalLanguage;
import io.rcsgw.smpp.SmscLink;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoutesTest {

    private final TestLink a0 = new TestLink("a-0");
    private final TestLink a1 = new TestLink("a-1");
    private final TestLink b0 = new TestLink("b-0");

    private Routes routes(List<Routes.Route> r) {
        Map<String, List<SmscLink>> binds = new LinkedHashMap<>();
        binds.put("a", List.of(a0, a1));
        binds.put("b", List.of(b0));
        return new Routes(r, binds);
    }

    /** Only destinations starting 44 have a route: SMSC a first, then b. */
    private Routes ukOnly() {
        return routes(List.of(new Routes.Route("44", List.of("a", "b"), null)));
    }

    @Test
    void theLongestPrefixWinsAndAnUnroutedDestinationHasNoSmsc() {
        Routes r = routes(List.of(new Routes.Route("44", List.of("a"), null),
                new Routes.Route("447", List.of("b", "a"), Set.of(NationalLanguage.TURKISH))));
        assertEquals(List.of(List.of(b0), List.of(a0, a1)), r.smscsFor("447700900123"));
        assertEquals(List.of(List.of(a0, a1)), r.smscsFor("441632960000"));
        assertEquals(List.of(), r.smscsFor("33612345678"));
        assertEquals(Set.of(NationalLanguage.TURKISH), r.languagesFor("447700900123"));
        assertNull(r.languagesFor("441632960000"));
        assertEquals(List.of(List.of(a0, a1), List.of(b0)), routes(List.of()).smscsFor("33612345678"), "no routes: all, in order");
    }

    @Test
    void aNewMessageTakesTheBindsOfItsFirstSmscInTurn() {
        Routes r = ukOnly();
        AtomicInteger turn = new AtomicInteger();
        assertSame(a0, r.bindFor(null, "447700900123", turn::getAndIncrement));
        assertSame(a1, r.bindFor(null, "447700900123", turn::getAndIncrement));
        assertSame(a0, r.bindFor(null, "447700900123", turn::getAndIncrement));
        a0.down();
        assertSame(a1, r.bindFor(null, "447700900123", () -> 0), "a bind down: its sibling");
        assertNull(r.bindFor(null, "33612345678", turn::getAndIncrement), "no route");
    }

    @Test
    void aNewMessageGoesToTheNextSmscWhileEveryBindOfTheFirstIsDown() {
        Routes r = ukOnly();
        a0.down();
        a1.down();
        assertSame(b0, r.bindFor(null, "447700900123", () -> 1));
        b0.down();
        assertSame(a1, r.bindFor(null, "447700900123", () -> 1), "none up: the preferred SMSC's bind in turn, to wait on");
    }

    @Test
    void aStartedMessageKeepsItsBindOrAnotherBindOfTheSameSmsc() {
        Routes r = ukOnly();
        AtomicInteger turn = new AtomicInteger(7);
        assertSame(a1, r.bindFor("a-1", "447700900123", turn::getAndIncrement));
        a1.down();
        assertSame(a0, r.bindFor("a-1", "447700900123", turn::getAndIncrement));
        a0.down();
        assertSame(a1, r.bindFor("a-1", "447700900123", turn::getAndIncrement), "never another SMSC: its parts are rendered for a");
        assertEquals(7, turn.get(), "a started message draws no turn");
        assertSame(b0, r.bindFor("gone", "447700900123", turn::getAndIncrement), "a bind no longer configured: chosen afresh");
    }

    @Test
    void upElsewhereAsksForAnotherSmscOfTheRouteWithABindUp() {
        Routes r = ukOnly();
        assertTrue(r.upElsewhere(a0, "447700900123"));
        b0.down();
        assertFalse(r.upElsewhere(a0, "447700900123"), "a-1 is up, but it is the same SMSC");
        assertTrue(r.upElsewhere(b0, "447700900123"));
        assertFalse(r.upElsewhere(a0, "33612345678"), "no route: nowhere");
    }
}
