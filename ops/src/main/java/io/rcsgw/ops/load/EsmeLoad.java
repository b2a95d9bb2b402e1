package io.rcsgw.ops.load;

import io.rcsgw.smpp.sim.SmscSimulator;
import org.eclipse.jetty.client.HttpClient;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GeneralDataCoding;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.Session;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ESME side of the load test ({@code --esme}): one jSMPP transceiver bind to the gateway's
 * SMPP server keeps {@code window} submit_sm outstanding (a thread each, as jSMPP's client
 * waits per submit), every submit asks for a receipt, and the run ends once every receipt has
 * come back as a deliver_sm on the same bind. Reported: submit_sm/s accepted, submit_sm_resp
 * latency, SMSC submits/s and receipts/s, with the gateway's CPU.
 */
final class EsmeLoad {

    private EsmeLoad() {
    }

    static void run(Path jar, int n, int window, int warmup, Duration limit, List<String> jvmOpts, String commitDelay,
                    int receiptWindow) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        Path work = Files.createTempDirectory("rcsgw-esme-load");
        try (SmscSimulator smsc = SmscSimulator.start(SmscSimulator.Options.defaults().withRecordSubmits(false)
                .withReceiptWindow(receiptWindow))) {
            int api = GatewayNode.freePort();
            int mgmt = GatewayNode.freePort();
            int smpp = GatewayNode.freePort();
            Path config = work.resolve("esme-load.yaml");
            Files.writeString(config, """
                    api: {host: 127.0.0.1, port: %d}
                    management: {host: 127.0.0.1, port: %d}
                    store: {url: "jdbc:h2:file:%s", commitDelay: %s}
                    cdr: {directory: "%s"}
                    smsc:
                      - {name: load, host: 127.0.0.1, port: %d, systemId: load, password: load, window: 50}
                    rules:
                      - {name: sms, channel: sms-only}
                    bots:
                      - {id: load, secret: load-secret}
                    webhooks: {retryMin: 100ms, retryMax: 1s}
                    smppServer:
                      host: 127.0.0.1
                      port: %d
                      accounts:
                        - {systemId: load, password: load1234, bot: load, tps: 1000000, window: %d}
                    """.formatted(api, mgmt, work.resolve("data/rcsgw"), commitDelay, work.resolve("data/cdr"), smsc.port(), smpp,
                    window));
            List<String> command = new ArrayList<>();
            command.add("java");
            command.addAll(jvmOpts);
            command.addAll(List.of("-jar", jar.toString(), "--config", config.toString()));
            System.out.println("gateway: " + String.join(" ", command));
            Process gw = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(work.resolve("gateway.log").toFile())
                    .start();
            HttpClient http = new HttpClient();
            http.start();
            AtomicLong receipts = new AtomicLong();
            AtomicLong lastReceipt = new AtomicLong();
            SMPPSession esme = new SMPPSession();
            try {
                GatewayNode.awaitReady(http, "http://127.0.0.1:" + mgmt + "/health/ready", gw, work.resolve("gateway.log"),
                        deadline);
                esme.setPduProcessorDegree(4);
                esme.setTransactionTimer(30_000);
                esme.setMessageReceiverListener(new MessageReceiverListener() {
                    @Override
                    public void onAcceptDeliverSm(DeliverSm d) {
                        if ((d.getEsmClass() & 0x04) != 0) {
                            receipts.incrementAndGet();
                            lastReceipt.set(System.nanoTime());
                        }
                    }

                    @Override
                    public void onAcceptAlertNotification(AlertNotification a) {
                    }

                    @Override
                    public DataSmResult onAcceptDataSm(DataSm d, Session s) {
                        return null;
                    }
                });
                esme.connectAndBind("127.0.0.1", smpp, new BindParameter(BindType.BIND_TRX, "load", "load1234", "",
                        TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null), 10_000);
                System.out.printf("gateway pid %d ready, ESME bound; warm-up in rounds of %d submits%n", gw.pid(), warmup);
                // as the HTTP test: until the JIT compiler has settled, which is not what the gateway costs once it runs
                long warmed = 0;
                for (int round = 0; round < LoadGenerator.MAX_WARMUP_ROUNDS; round++) {
                    long[] t0 = ProcCpu.cpuTicksByKind(gw.pid());
                    warmed += blast(esme, warmup, window, deadline).accepted;
                    awaitCount(receipts, warmed, deadline);
                    long[] t1 = ProcCpu.cpuTicksByKind(gw.pid());
                    double jit = (double) (t1[1] - t0[1]) / Math.max(1, t1[0] - t0[0]);
                    System.out.printf("warm-up round %d: %d submits, JIT compiler %.0f%% of gateway CPU%n", round + 1, warmup,
                            jit * 100);
                    if (jit < LoadGenerator.JIT_SETTLED) {
                        break;
                    }
                }

                long cpu0 = ProcCpu.cpuTicks(gw.pid());
                long own0 = ProcCpu.cpuTicks(ProcessHandle.current().pid());
                long submits0 = smsc.submitCount();
                long receipts0 = receipts.get();
                long start = System.nanoTime();
                Blast b = blast(esme, n, window, deadline);
                long[] lat = b.latencies;
                long sendEnd = System.nanoTime();
                while (smsc.submitCount() - submits0 < b.accepted && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                long lastSubmit = System.nanoTime();
                awaitCount(receipts, receipts0 + b.accepted, deadline);
                long cpu1 = ProcCpu.cpuTicks(gw.pid());
                long own1 = ProcCpu.cpuTicks(ProcessHandle.current().pid());
                double sendSec = (sendEnd - start) / 1e9;
                double receiptSec = (lastReceipt.get() - start) / 1e9;
                Arrays.sort(lat);
                System.out.println();
                System.out.printf("submits                %d on one bind, window %d (after %d warm-up)%n", n, window, warmed);
                System.out.printf("accepted (submit_sm)   %.0f /s (%.2f s)%n", n / sendSec, sendSec);
                System.out.printf("submit_sm_resp         p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", LoadGenerator.pct(lat, 0.50),
                        LoadGenerator.pct(lat, 0.99), lat.length == 0 ? 0 : lat[lat.length - 1] / 1e6);
                System.out.printf("submits seen by SMSC   %d, %.0f /s%n", smsc.submitCount() - submits0,
                        n / ((lastSubmit - start) / 1e9));
                System.out.printf("receipts at the ESME   %d, %.0f /s; the last %.2f s after the last submit_sm_resp%n",
                        receipts.get() - receipts0, n / receiptSec, Math.max(0, receiptSec - sendSec));
                System.out.printf("gateway CPU            %.2f s per 1000 submits (%.1f s total)%n",
                        (cpu1 - cpu0) / 100.0 / n * 1000, (cpu1 - cpu0) / 100.0);
                System.out.printf("generator CPU          %.2f s per 1000 submits (ESME, SMSC simulator)%n",
                        (own1 - own0) / 100.0 / n * 1000);
            } finally {
                esme.unbindAndClose();
                http.stop();
                gw.destroy();
                if (!gw.waitFor(15, TimeUnit.SECONDS)) {
                    gw.destroyForcibly();
                }
            }
        }
        System.out.println("work directory (config, gateway log, H2 file): " + work);
    }

    /** How many submits were accepted, and each one's response latency in nanoseconds. */
    private record Blast(int accepted, long[] latencies) {
    }

    /** {@code n} submits with {@code window} outstanding. */
    private static Blast blast(SMPPSession esme, int n, int window, long deadline) throws Exception {
        long[] lat = new long[n];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        java.util.Map<String, Integer> why = new java.util.concurrent.ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(window);
        byte[] text = "Your one-time code is 481516. It expires in 5 minutes.".getBytes(StandardCharsets.ISO_8859_1);
        for (int t = 0; t < window; t++) {
            pool.execute(() -> {
                int i;
                while ((i = next.getAndIncrement()) < n && System.nanoTime() < deadline) {
                    String to = String.format("4477%08d", i % 100_000_000);
                    long t0 = System.nanoTime();
                    try {
                        esme.submitShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, "12345",
                                TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, to, new ESMClass(), (byte) 0, (byte) 1,
                                null, null, new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE), (byte) 0,
                                new GeneralDataCoding(), (byte) 0, text);
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        why.merge(e instanceof org.jsmpp.extra.NegativeResponseException nr
                                ? String.format("command_status 0x%02X", nr.getCommandStatus()) : e.getClass().getSimpleName(),
                                1, Integer::sum);
                    }
                    lat[i] = System.nanoTime() - t0;
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (errors.get() > 0) {
            System.out.printf("submit errors          %d %s%n", errors.get(), why);
        }
        return new Blast(n - errors.get(), lat);
    }

    private static void awaitCount(AtomicLong counter, long target, long deadline) throws InterruptedException {
        while (counter.get() < target && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        if (counter.get() < target) {
            System.out.printf("time limit: %d of %d receipts%n", counter.get(), target);
        }
    }
}
