package io.rcsgw.gateway.cluster;

import io.rcsgw.gateway.delivery.Delivery;
import io.rcsgw.gateway.metrics.GatewayMetrics;
import io.rcsgw.gateway.store.MessageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The takeover singleton: every heartbeat, the open messages of each node whose lease ran out
 * (and, when it starts, those of no node, accepted before the cluster) become this node's, a
 * batch at a time and no more than it has room for in memory, and are resumed here as at a
 * start; the users' events such a node had stored but not relayed are relayed here, and the
 * prepaid credit it reserved for messages it never stored is released. A claim names the dead
 * node's row under a lock, so a node that joins again meanwhile resumes only what was not claimed.
 */
public final class Takeover implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Takeover.class);
    public static final String NAME = "takeover";
    static final int BATCH = 500;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cluster-takeover");
        t.setDaemon(true);
        return t;
    });

    private Takeover() {
    }

    public static Takeover start(ClusterNode node, MessageStore store, Delivery delivery, Duration every) {
        Takeover t = new Takeover();
        t.timer.scheduleWithFixedDelay(() -> {
            try {
                t.run(node, store, delivery);
            } catch (RuntimeException e) {
                log.warn("takeover run failed, tried again in {}: {}", every, e.toString());
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return t;
    }

    /** The deaths already handled, as node id and epoch. */
    private final java.util.Set<String> buried = new java.util.HashSet<>();

    private void run(ClusterNode node, MessageStore store, Delivery delivery) {
        for (ClusterNode.Node n : node.nodes()) {
            // a death is claimed once: the store refuses the dead node's writes, so nothing becomes its again
            if (!n.alive() && !n.id().equals(node.nodeId()) && !buried.contains(n.id() + "@" + n.epoch())
                    && takeOver(node, store, delivery, n.id()) == Claim.ALL) {
                buried.add(n.id() + "@" + n.epoch());
                relayTheirs(node, delivery, n.id());
            }
        }
        // messages of no node were accepted before the cluster: claimed when the takeover starts
        // (the claim reads every stored message, so it is not repeated each heartbeat once done)
        if (unowned && takeOver(node, store, delivery, null) == Claim.ALL) {
            relayTheirs(node, delivery, null);
            unowned = false;
        }
    }

    /** The users' events {@code from} stored but had not relayed yet become this node's (offered again: at least once). */
    private static void relayTheirs(ClusterNode node, Delivery delivery, String from) {
        int relayed = delivery.relayClaimed(from);
        if (relayed > 0 || from != null) {
            log.info("node {} relays {} pending user events of {}", node.nodeId(), relayed, from == null ? "no node" : from);
        }
        int released = from == null ? 0 : delivery.releaseHoldsOf(from);
        if (released > 0) {
            log.info("node {} released {} prepaid holds {} reserved for messages it never stored", node.nodeId(), released, from);
        }
    }

    private boolean unowned = true;

    /** How far a claim went: every open message, as many as this node has room for, or none (it lost the takeover). */
    enum Claim { ALL, ROOM_FULL, LOST }

    /**
     * Claims and resumes {@code from}'s open messages, no more than this node has room for in
     * memory ({@code overload.maxOpen}): the rest stay the dead node's and are claimed at a later
     * heartbeat, as room frees.
     */
    private Claim takeOver(ClusterNode node, MessageStore store, Delivery delivery, String from) {
        int total = 0;
        int inDoubt = 0;
        Claim claim = Claim.ALL;
        List<Long> ids;
        int limit;
        do {
            if (!node.holds(NAME)) {
                claim = Claim.LOST;
                break;
            }
            limit = Math.min(BATCH, delivery.room());
            if (limit <= 0) {
                claim = Claim.ROOM_FULL;
                break;
            }
            ids = store.claimOpen(from, node.nodeId(), limit);
            if (!ids.isEmpty()) {
                inDoubt += delivery.adopt(ids).partsInDoubt();
                total += ids.size();
            }
        } while (ids.size() == limit);
        if (total > 0) {
            GatewayMetrics.CLUSTER_TAKEN_OVER.inc(total);
            // parts it marked queued but whose SMSC answer it had not stored: the SMSC may have them, they go again
            log.info("node {} took over {} open messages of {}; {} parts in doubt are sent again{}", node.nodeId(), total,
                    from == null ? "no node" : from, inDoubt, claim == Claim.ROOM_FULL ? "; the rest as room frees" : "");
        } else if (claim == Claim.ROOM_FULL && !full.contains(String.valueOf(from))) {
            log.warn("node {} has no room for the open messages of {} (overload.maxOpen): it takes them as room frees",
                    node.nodeId(), from == null ? "no node" : from);
        }
        if (claim == Claim.ROOM_FULL) {
            full.add(String.valueOf(from));
        } else {
            full.remove(String.valueOf(from));
        }
        return claim;
    }

    /** Dead nodes whose messages wait for room here: warned of once. */
    private final java.util.Set<String> full = new java.util.HashSet<>();

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
