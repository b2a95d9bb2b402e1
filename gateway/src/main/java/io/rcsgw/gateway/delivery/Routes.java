package io.rcsgw.gateway.delivery;

import io.rcsgw.rules.sms.NationalLanguage;
import io.rcsgw.smpp.SmscLink;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which SMSCs may carry a destination: the route with the longest matching prefix of the
 * number (E.164 digits) names them in order of preference; each SMSC has one or more binds.
 * Without routes every SMSC carries everything, in configuration order.
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

    /**
     * @param binds each SMSC's binds, by SMSC name, in configuration order
     */
    Routes(List<Route> routes, Map<String, List<SmscLink>> binds) {
        List<Route> sorted = new ArrayList<>(routes);
        sorted.sort(Comparator.comparingInt((Route r) -> r.prefix().length()).reversed());
        this.byLongestPrefix = List.copyOf(sorted);
        this.binds = Map.copyOf(binds);
        this.everything = List.copyOf(binds.values());
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
}
