package io.rcsgw.gateway.delivery;

import io.rcsgw.rules.sms.NationalLanguage;
import io.rcsgw.smpp.SmscLink;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * Which SMSCs may carry a destination: the route with the longest matching prefix of the
 * number (E.164 digits) names them in order of preference; each SMSC has one or more binds.
 * Without routes every SMSC carries everything, in configuration order. Also which bind a
 * message takes ({@link #bindFor}) and whether it may fail over ({@link #upElsewhere}).
 */
final class Routes {

    /**
     * Destinations starting with {@code prefix} go to these SMSCs, the first one up first;
     * {@code languages}, when set, are the national tables their handsets get (else the link's).
     */
    record Route(String prefix, List<String> smscs, Set<NationalLanguage> languages) {
    }

    private final List<Route> byLongestPrefix;
    private final Map<String, List<SmscLink>> binds;
    private final List<List<SmscLink>> everything;
    private final Map<String, SmscLink> byBindName = new HashMap<>();

    /**
     * @param binds each SMSC's binds, by SMSC name, in configuration order
     */
    Routes(List<Route> routes, Map<String, List<SmscLink>> binds) {
        List<Route> sorted = new ArrayList<>(routes);
        sorted.sort(Comparator.comparingInt((Route r) -> r.prefix().length()).reversed());
        this.byLongestPrefix = List.copyOf(sorted);
        this.binds = Map.copyOf(binds);
        this.everything = List.copyOf(binds.values());
        binds.values().forEach(list -> list.forEach(l -> byBindName.put(l.name(), l)));
    }

    /** The SMSCs for a destination, most preferred first, each as its list of binds; empty when no route matches. */
    List<List<SmscLink>> smscsFor(String destinationDigits) {
        if (byLongestPrefix.isEmpty()) {
            return everything;
        }
        for (Route r : byLongestPrefix) {
            if (destinationDigits.startsWith(r.prefix())) {
                List<List<SmscLink>> out = new ArrayList<>(r.smscs().size());
                for (String name : r.smscs()) {
                    out.add(binds.get(name));
                }
                return out;
            }
        }
        return List.of();
    }

    /** The national tables of the destination's route, or null when the route leaves them to the link. */
    Set<NationalLanguage> languagesFor(String destinationDigits) {
        for (Route r : byLongestPrefix) {
            if (destinationDigits.startsWith(r.prefix())) {
                return r.languages();
            }
        }
        return null;
    }

    /** The binds of the SMSC a bind belongs to (itself among them). */
    List<SmscLink> siblings(SmscLink bind) {
        for (List<SmscLink> b : binds.values()) {
            if (b.contains(bind)) {
                return b;
            }
        }
        return List.of(bind);
    }

    /**
     * The bind for a message: the one it started on ({@code chosen}, a bind name) or, while that
     * is down, another bind of the same SMSC (its parts are rendered for that SMSC). A message not
     * started yet takes, in its {@code turn} (drawn only then), a bound bind of the first SMSC of its route that has one;
     * with none up, a bind of the preferred SMSC, where it waits for the bind, then reports
     * LinkDown and is tried again. Null when no route covers the destination.
     */
    SmscLink bindFor(String chosen, String destinationDigits, IntSupplier turn) {
        SmscLink first = chosen == null ? null : byBindName.get(chosen);
        if (first != null) {
            if (first.isBound()) {
                return first;
            }
            for (SmscLink l : siblings(first)) {
                if (l.isBound()) {
                    return l;
                }
            }
            return first;
        }
        List<List<SmscLink>> smscs = smscsFor(destinationDigits);
        if (smscs.isEmpty()) {
            return null;
        }
        int t = turn.getAsInt();
        for (List<SmscLink> b : smscs) {
            int n = b.size();
            for (int i = 0; i < n; i++) {
                SmscLink l = b.get(Math.floorMod(t + i, n));
                if (l.isBound()) {
                    return l;
                }
            }
        }
        List<SmscLink> preferred = smscs.get(0);
        return preferred.get(Math.floorMod(t, preferred.size()));
    }

    /** Whether an SMSC of the destination's route other than {@code down}'s has a bind up: somewhere to fail over to. */
    boolean upElsewhere(SmscLink down, String destinationDigits) {
        List<SmscLink> current = siblings(down);
        return smscsFor(destinationDigits).stream()
                .anyMatch(b -> b != current && b.stream().anyMatch(SmscLink::isBound));
    }
}
