package io.rcsgw.gateway;

import io.rcsgw.smpp.sim.SmscSimulator;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.session.SMPPSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.rcsgw.gateway.ClusterFailoverTest.perDestination;
import static io.rcsgw.gateway.Harness.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An ESME bound to one live node of a cluster gets what another live node holds for it: the
 * receipts of messages it submitted through that other node, and a user's message that came in
 * over that node's SMSC bind. Each node has its own SMSC (a simulator of its own), so what comes
 * back from an SMSC comes to the node that sent there.
 */
class ClusterEsmeEndToEndTest {

    @TempDir
    Path dir;

    static boolean isReceiptFor(DeliverSm d, String id) {
        return (d.getEsmClass() & 0x04) != 0
                && new String(d.getShortMessage(), StandardCharsets.ISO_8859_1).startsWith("id:" + id + " ");
    }

    @Test
    void receiptsAndUsersMessagesReachAnEsmeBoundToAnotherLiveNodeEachOnce() throws Exception {
        Assumptions.assumeTrue(Harness.pgReachable(), "PostgreSQL not reachable");
        try (ClusterRig rig = new ClusterRig(dir);
             SmscSimulator smsc1 = SmscSimulator.start(SmscSimulator.Options.defaults());
             SmscSimulator smsc2 = SmscSimulator.start(SmscSimulator.Options.defaults())) {
            int[] smpp = new int[2];
            SmscSimulator[] smscs = {smsc1, smsc2};
            for (int k = 0; k < 2; k++) {
                smpp[k] = CrashRecoveryTest.freePort();
                rig.extraYaml = ClusterRig.esmeServer(smpp[k]);
                rig.start("n" + (k + 1), smscs[k]);
            }
            List<DeliverSm> delivered = new CopyOnWriteArrayList<>();
            // the ESME submits through n1 and takes deliver_sm only over its receiver bind to n2
            SMPPSession tx = EsmeClient.bind(smpp[0], "esme1", "esme-pw1", BindType.BIND_TX, new ArrayList<>(), () -> 0);
            SMPPSession rx = EsmeClient.bind(smpp[1], "esme1", "esme-pw1", BindType.BIND_RX, delivered, () -> 0);
            try {
                int n = 10;
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    ids.add(SmppServerEndToEndTest.submit(tx, "12345", "44770090310" + i,
                            ("esme " + i).getBytes(StandardCharsets.ISO_8859_1), (byte) 0, (byte) 0));
                }
                await("every receipt reached the ESME over n2", 30_000, () -> ids.stream().allMatch(id ->
                        delivered.stream().anyMatch(d -> isReceiptFor(d, id))));
                assertThat(perDestination(smsc1, "44770090310")).as("n1 sent each once").hasSize(n)
                        .allSatisfy((d, c) -> assertThat(c).isEqualTo(1L));
                assertThat(smsc2.received()).as("n2 sent none of them").isEmpty();

                // a user's SMS to the ESME's number comes in over n1's SMSC
                smsc1.sendMobileOriginated("447700900777", "12345", (byte) 0, false,
                        "a user's answer".getBytes(StandardCharsets.ISO_8859_1), null);
                await("the user's message reached the ESME over n2", 30_000, () -> delivered.stream().anyMatch(d ->
                        (d.getEsmClass() & 0x04) == 0 && new String(d.getShortMessage(), StandardCharsets.ISO_8859_1)
                                .equals("a user's answer")));

                Thread.sleep(1_000); // time for anything sent twice to show
                for (String id : ids) {
                    assertThat(delivered.stream().filter(d -> isReceiptFor(d, id)).count()).as("receipts for " + id)
                            .isEqualTo(1);
                }
                assertThat(delivered.stream().filter(d -> (d.getEsmClass() & 0x04) == 0).count()).as("user's messages")
                        .isEqualTo(1);
                assertThat(Files.readString(rig.log("n1"))).doesNotContain("not handed to node").doesNotContain("ESME forwards not read");
            } catch (AssertionError | Exception e) {
                rig.printLogs();
                throw e;
            } finally {
                rx.unbindAndClose();
                tx.unbindAndClose();
            }
        }
    }
}
