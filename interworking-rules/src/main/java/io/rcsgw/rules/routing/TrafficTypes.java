package io.rcsgw.rules.routing;

import java.util.Set;

/**
 * The traffic types a message may carry ({@code gateway.trafficType}) and rules may match: MaaP's
 * own (passed on to the RCS platform) and the plain words operators' rules use.
 */
public final class TrafficTypes {

    public static final Set<String> KNOWN = Set.of("advertisement", "payment", "premium", "subscription", "authentication",
            "transaction", "serviceRequest", "acknowledgement", "promotion", "service");

    private TrafficTypes() {
    }
}
