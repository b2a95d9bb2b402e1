package io.rcsgw.gateway;

import io.rcsgw.gateway.cluster.ClusterNode;
import io.rcsgw.gateway.cluster.Takeover;
import io.rcsgw.gateway.config.GatewayConfig;
import io.rcsgw.gateway.delivery.Delivery;
import io.rcsgw.gateway.store.MessageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Wires a gateway into a cluster: its singletons and their lock keys, its join, and what it does for the others. */
final class ClusterSetup {

    private static final Logger log = LoggerFactory.getLogger(ClusterSetup.class);
    static final String CDR_EXPORT = "cdr-export";

    private ClusterSetup() {
    }

    static ClusterNode.Singleton cdrExport(Supplier<AutoCloseable> exporter) {
        return new ClusterNode.Singleton(CDR_EXPORT, 0x7263_7367_0000_0001L, exporter);
    }

    static ClusterNode.Singleton retention(Supplier<AutoCloseable> retention) {
        return new ClusterNode.Singleton("retention", 0x7263_7367_0000_0002L, retention);
    }

    static ClusterNode.Singleton takeover(Supplier<ClusterNode> node, MessageStore store, Delivery delivery,
                                          GatewayConfig.Cluster k) {
        return new ClusterNode.Singleton(Takeover.NAME, 0x7263_7367_0000_0003L,
                () -> Takeover.start(node.get(), store, delivery, k.heartbeat()));
    }

    /**
     * Joins the cluster before the node resumes anything (a claim of its messages by another node
     * waits for its join); a node that later finds its lease gone halts.
     */
    static ClusterNode join(GatewayConfig config, List<ClusterNode.Singleton> singletons) throws java.sql.SQLException {
        GatewayConfig.Cluster k = config.cluster();
        return new ClusterNode(config.store().url(), config.store().user(), config.store().password(), k.nodeId(),
                k.lease(), k.heartbeat(), singletons, () -> {
                    log.error("this node's lease ran out and other nodes may have its messages: it halts; started "
                            + "again, it resumes what it still owns");
                    Runtime.getRuntime().halt(3);
                }).start();
    }

    /**
     * From its join on, the store takes this node's writes only while its lease holds, and
     * prepaid credit (if any bot is prepaid) is reserved in the store under that lease.
     */
    static void fence(ClusterNode cluster, GatewayConfig.Cluster k, io.rcsgw.gateway.store.JdbcMessageStore jdbc,
                      io.rcsgw.gateway.delivery.Credit credit) throws java.sql.SQLException {
        io.rcsgw.gateway.store.StoreFence fence = new io.rcsgw.gateway.store.StoreFence(cluster.nodeId(), cluster.epoch(),
                k.lease());
        jdbc.fenceWith(fence);
        if (credit != null) {
            credit.shareThrough(new io.rcsgw.gateway.store.JdbcCreditReservations(jdbc), fence);
        }
    }

    /** Every node's admin API shows this node's links, as of its last heartbeat. */
    static void reportLinks(ClusterNode cluster, List<io.rcsgw.smpp.SmscLink> links, java.util.Map<String, String> smscByLink) {
        List<io.rcsgw.smpp.SmscLink> reported = List.copyOf(links);
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        cluster.reportLinks(() -> io.rcsgw.gateway.admin.LinkReports.report(reported, smscByLink, json).toString());
    }

    /** Picks up, twice a second, the receipts other nodes parked for this node's messages; closing stops it. */
    static AutoCloseable claimParkedReceipts(Delivery delivery) {
        ScheduledExecutorService parked = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cluster-receipts");
            t.setDaemon(true);
            return t;
        });
        parked.scheduleWithFixedDelay(() -> {
            try {
                delivery.claimParkedReceipts();
            } catch (RuntimeException e) {
                log.warn("parked receipts not read: {}", e.toString());
            }
        }, 500, 500, TimeUnit.MILLISECONDS);
        return parked::shutdownNow;
    }

    /** A reload here tells the other nodes; another node's reload makes this one reload its own file. */
    static void shareReloads(ClusterNode node, RulesReloader reloader) {
        node.onSignal("reload", reloader::reloadHere);
        reloader.announceWith(() -> {
            try {
                node.signal("reload");
            } catch (java.sql.SQLException e) {
                log.warn("the other nodes were not told to reload: {}", e.getMessage());
            }
        });
    }
}
