package io.rcsgw.rcs.platform;

import java.util.Set;

/** A number's RCS capability as the platform reported it: whether it is RCS at all, and its features. */
public record Capability(boolean capable, Set<String> features) {

    public static final Capability NOT_CAPABLE = new Capability(false, Set.of());

    public Capability {
        features = Set.copyOf(features);
    }
}
