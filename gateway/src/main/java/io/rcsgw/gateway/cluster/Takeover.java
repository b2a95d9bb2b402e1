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
 * batch at a time, and are resumed here as at a start; the users' events such a node had stored
 * but not relayed are relayed here, and the prepaid credit it reserved for messages it never
 * stored is released. A claim names the dead node's row under a lock, so a node
 * that joins again meanwhile resumes only what was not claimed.
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
                    && takeOver(node, store, delivery, n.id())) {
                buried.add(n.id() + "@" + n.epoch());
                relayTheirs(node, delivery, n.id());
            }
        }
        // messages of no node were accepted before the cluster: claimed once, when the takeover starts
        // (the claim reads every stored message, so it is not repeated each heartbeat)
        if (unowned && takeOver(node, store, delivery, null)) {
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

    /** Claims and resumes {@code from}'s open messages; false if this node stopped holding the takeover meanwhile. */
    private static boolean takeOver(ClusterNode node, MessageStore store, Delivery delivery, String from) {
        int total = 0;
        int inDoubt = 0;
        List<Long> ids;
        do {
            if (!node.holds(NAME)) {
                return false;
            }
            ids = store.claimOpen(from, node.nodeId(), BATCH);
            if (!ids.isEmpty()) {
                inDoubt += delivery.adopt(ids).partsInDoubt();
                total += ids.size();
            }
        } while (ids.size() == BATCH);
        if (total > 0) {
            GatewayMetrics.CLUSTER_TAKEN_OVER.inc(total);
            // parts it marked queued but whose SMSC answer it had not stored: the SMSC may have them, they go again
            log.info("node {} took over {} open messages of {}; {} parts in doubt are sent again", node.nodeId(), total,
                    from == null ? "no node" : from, inDoubt);
        }
        return true;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
