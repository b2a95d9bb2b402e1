package io.rcsgw.rules.routing;

import java.util.Set;

/** What is known of the handset's RCS capabilities when the decision is made. */
public sealed interface Capabilities {

    /** Not looked up (the rule needs no RCS, or there is no platform). */
    record NotAsked() implements Capabilities {
    }

    /** The platform answered: RCS or not, and the features it lists (empty: none listed). */
    record Known(boolean capable, Set<String> features) implements Capabilities {
        public Known {
            features = Set.copyOf(features);
        }
    }

    /** The platform could not be asked: {@code detail} says why (breaker-open, timeout, rcs-http-503...). */
    record Unknown(String detail) implements Capabilities {
    }

    Capabilities NOT_ASKED = new NotAsked();

    static Capabilities known(boolean capable, Set<String> features) {
        return new Known(capable, features);
    }
}
