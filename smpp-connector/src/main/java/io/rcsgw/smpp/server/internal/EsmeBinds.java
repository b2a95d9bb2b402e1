package io.rcsgw.smpp.server.internal;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.rcsgw.smpp.server.CommandStatus;
import io.rcsgw.smpp.server.EsmeAccount;
import io.rcsgw.smpp.server.ServerObserver;
import io.rcsgw.smpp.server.SmppServer;
import io.rcsgw.smpp.server.SmppServerSettings;
import io.rcsgw.smpp.server.SubmitPort;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.ServerResponseDeliveryAdapter;
import org.jsmpp.session.connection.Connection;
import org.jsmpp.session.connection.socket.ServerSocketConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The SMPP server: accepts connections, waits for each one's bind (on a small pool, bounded
 * by the bind timeout), checks it against the accounts, and keeps the binds each account
 * holds. Each bind gets its own {@link EsmeSession}; jSMPP reads its PDUs on a thread of its own
 * and processes them on one more, neither of which waits on the store.
 */
public final class EsmeBinds implements SmppServer {

    private static final Logger log = LoggerFactory.getLogger(EsmeBinds.class);

    /** A bind held: its session, what it is, and what reads its PDUs (which knows when it was last used). */
    record Held(SMPPServerSession session, SmppServer.Bind bind, LimitedPduReader reader) {
    }

    private final SmppServerSettings settings;
    private final SubmitPort port;
    private final ServerObserver observer;
    private final Map<String, EsmeAccount> accounts;
    private final Map<String, RateLimiter> rates = new ConcurrentHashMap<>();
    private final Map<String, List<Held>> held = new ConcurrentHashMap<>();
    /** Waits for binds, each at most the bind timeout; connections beyond what it holds are closed. */
    private final ThreadPoolExecutor binding = new ThreadPoolExecutor(4, 32, 60, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(1000), r -> {
        Thread t = new Thread(r, "smpp-bind");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService closer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "smpp-close");
        t.setDaemon(true);
        return t;
    });
    /** Sends receipts, each thread waiting for its deliver_sm_resp: the receipt window. */
    private final ExecutorService receipts = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "smpp-receipts");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger nextReceiver = new AtomicInteger();
    private final java.util.Set<String> disabled = ConcurrentHashMap.newKeySet();
    private ServerSocket socket;
    private ServerSocket tlsSocket;
    private volatile boolean closed;

    public EsmeBinds(SmppServerSettings settings, SubmitPort port, ServerObserver observer) {
        this.settings = settings;
        this.port = port;
        this.observer = observer;
        this.accounts = settings.accounts().stream().collect(Collectors.toMap(EsmeAccount::systemId, Function.identity()));
        for (EsmeAccount a : settings.accounts()) {
            rates.put(a.systemId(), RateLimiter.of("smpp-" + a.systemId(), RateLimiterConfig.custom()
                    .limitForPeriod(a.tps()).limitRefreshPeriod(Duration.ofSeconds(1)).timeoutDuration(Duration.ZERO).build()));
            held.put(a.systemId(), new ArrayList<>());
        }
    }

    @Override
    public SmppServer start() throws IOException {
        socket = listen(new ServerSocket(), settings.port(), "smpp-accept");
        if (settings.tls() != null) {
            javax.net.ssl.SSLServerSocket tls = (javax.net.ssl.SSLServerSocket) settings.tls().context().getServerSocketFactory()
                    .createServerSocket();
            tlsSocket = listen(tls, settings.tls().port(), "smpp-accept-tls");
        }
        long idle = settings.idleTimeout().toMillis();
        if (idle > 0) {
            long every = Math.max(100, Math.min(idle / 4, 10_000));
            closer.scheduleWithFixedDelay(this::endIdle, every, every, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** Binds the socket and accepts on it on a thread of its own. */
    private ServerSocket listen(ServerSocket s, int port, String threadName) throws IOException {
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(settings.host(), port), 256);
        ServerSocketConnection listener = new ServerSocketConnection(s);
        Thread acceptor = new Thread(() -> acceptLoop(listener), threadName);
        acceptor.setDaemon(true);
        acceptor.start();
        return s;
    }

    @Override
    public int port() {
        return socket.getLocalPort();
    }

    @Override
    public int tlsPort() {
        return tlsSocket == null ? -1 : tlsSocket.getLocalPort();
    }

    /** Ends the binds whose ESME sent no request (not even enquire_link) for the idle timeout. */
    private void endIdle() {
        for (List<Held> list : held.values()) {
            List<Held> idle;
            synchronized (list) {
                idle = list.stream().filter(h -> h.reader().sinceLastRequest().compareTo(settings.idleTimeout()) > 0).toList();
            }
            for (Held h : idle) {
                log.info("SMPP {} bind of {} from {} idle for {}: ended", h.bind().bindType(), h.bind().systemId(),
                        h.bind().address(), settings.idleTimeout());
                end(h.session());
            }
        }
    }

    @Override
    public java.util.concurrent.CompletableFuture<Boolean> deliver(String systemId, io.rcsgw.smpp.server.EsmeReceipt receipt) {
        return toReceiver(systemId, s -> DeliverSender.receipt(s, receipt));
    }

    @Override
    public java.util.concurrent.CompletableFuture<Boolean> deliver(String systemId, io.rcsgw.smpp.server.EsmeMessage message) {
        return toReceiver(systemId, s -> DeliverSender.message(s, message));
    }

    /** Sends on one of the account's receiver or transceiver binds, taking them in turn. */
    private java.util.concurrent.CompletableFuture<Boolean> toReceiver(String systemId,
                                                                        java.util.function.Predicate<SMPPServerSession> send) {
        List<Held> list = held.get(systemId);
        if (list == null) {
            return java.util.concurrent.CompletableFuture.completedFuture(false);
        }
        Held to;
        synchronized (list) {
            List<Held> receivers = list.stream().filter(h -> !h.bind().bindType().equals("transmitter")).toList();
            if (receivers.isEmpty()) {
                return java.util.concurrent.CompletableFuture.completedFuture(false);
            }
            to = receivers.get(Math.floorMod(nextReceiver.getAndIncrement(), receivers.size()));
        }
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> send.test(to.session()), receipts);
    }

    @Override
    public int disconnect(String systemId) {
        List<Held> list = held.get(systemId);
        if (list == null) {
            return 0;
        }
        List<Held> copy;
        synchronized (list) {
            copy = List.copyOf(list);
        }
        copy.forEach(h -> end(h.session()));
        return copy.size();
    }

    @Override
    public boolean setEnabled(String systemId, boolean enabled) {
        if (!accounts.containsKey(systemId)) {
            return false;
        }
        observer.enabled(systemId, enabled);
        if (enabled) {
            disabled.remove(systemId);
        } else {
            disabled.add(systemId);
            disconnect(systemId);
        }
        log.info("SMPP account {} {}", systemId, enabled ? "enabled" : "disabled");
        return true;
    }

    @Override
    public Map<String, Boolean> accounts() {
        Map<String, Boolean> out = new java.util.TreeMap<>();
        accounts.keySet().forEach(id -> out.put(id, !disabled.contains(id)));
        return out;
    }

    /** Unbinds (not waiting for the answer) and closes a session, off the caller's thread. */
    private void end(SMPPServerSession session) {
        binding.execute(() -> {
            try {
                session.unbindAndClose();
            } catch (RuntimeException e) {
                session.close();
            }
        });
    }

    @Override
    public List<SmppServer.Bind> binds() {
        List<SmppServer.Bind> all = new ArrayList<>();
        held.values().forEach(list -> {
            synchronized (list) {
                list.forEach(h -> all.add(h.bind()));
            }
        });
        return all;
    }

    private void acceptLoop(ServerSocketConnection listener) {
        while (!closed) {
            try {
                Connection c = listener.accept();
                try {
                    binding.execute(() -> open(c));
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    log.warn("SMPP server: too many connections waiting to bind; one from {} closed", c.getInetAddress());
                    c.close();
                }
            } catch (IOException e) {
                if (!closed) {
                    log.warn("SMPP server: accepting a connection failed: {}", e.toString());
                }
            }
        }
    }

    /** A new connection: a session of its own, and its bind checked. */
    private void open(Connection c) {
        AtomicInteger inFlight = new AtomicInteger();
        DeferredResponses responses = new DeferredResponses(inFlight::decrementAndGet);
        java.util.concurrent.atomic.AtomicBoolean bound = new java.util.concurrent.atomic.AtomicBoolean();
        LimitedPduReader reader = new LimitedPduReader(settings.maxCommandLength(), c.getOutputStream(), responses, bound::get);
        SMPPServerSession session = new SMPPServerSession(c, (n, o, s) -> { }, new EsmeSession(null, null, responses,
                inFlight, port, observer), new ServerResponseDeliveryAdapter() { }, 1, 10_000, responses, reader);
        session.setEnquireLinkTimer((int) settings.enquireLinkInterval().toMillis());
        session.setTransactionTimer(10_000);
        InetAddress from = c.getInetAddress();
        BindRequest request;
        try {
            request = session.waitForBind(settings.bindTimeout().toMillis());
        } catch (Exception e) {
            log.debug("SMPP server: no bind from {}: {}", from, e.toString());
            session.close();
            return;
        }
        String systemId = request.getSystemId();
        EsmeAccount account = accounts.get(systemId);
        int status = account == null ? CommandStatus.ESME_RINVSYSID
                : !account.password().matches(request.getPassword()) ? CommandStatus.ESME_RINVPASWD
                : !account.mayBindFrom(from) || disabled.contains(systemId) ? CommandStatus.ESME_RBINDFAIL
                : CommandStatus.ESME_ROK;
        String type = switch (request.getBindType()) {
            case BIND_TX -> "transmitter";
            case BIND_RX -> "receiver";
            case BIND_TRX -> "transceiver";
        };
        Held h = null;
        if (status == CommandStatus.ESME_ROK) {
            h = new Held(session, new SmppServer.Bind(systemId, type, from.getHostAddress(), System.currentTimeMillis()), reader);
            List<Held> list = held.get(systemId);
            synchronized (list) {
                if (list.size() >= account.maxBinds()) {
                    status = CommandStatus.ESME_RBINDFAIL;
                    h = null;
                } else {
                    list.add(h);
                }
            }
        }
        if (status != CommandStatus.ESME_ROK) {
            // the system_id and the reason, never the password
            log.warn("SMPP bind refused for system_id {} from {}: {}", printable(systemId), from.getHostAddress(), reason(status));
            observer.bindRefused(systemId, status);
            try {
                request.reject(status);
            } catch (Exception e) {
                log.debug("SMPP server: bind refusal not sent: {}", e.toString());
            }
            // closed a moment later: closed at once, the refusal can be lost with the connection
            closer.schedule(session::close, 200, TimeUnit.MILLISECONDS);
            return;
        }
        session.setMessageReceiverListener(new EsmeSession(account, rates.get(systemId), responses, inFlight, port, observer));
        Held mine = h;
        String bindType = type;
        session.addSessionStateListener((newState, oldState, source) -> {
            if (newState == SessionState.CLOSED || newState == SessionState.UNBOUND) {
                List<Held> list = held.get(systemId);
                boolean removed;
                synchronized (list) {
                    removed = list.remove(mine);
                }
                if (removed) {
                    observer.unbound(systemId, bindType);
                    log.info("SMPP {} bind of {} from {} ended", bindType, systemId, mine.bind().address());
                }
            }
        });
        try {
            bound.set(true);
            request.accept("rcsgw");
        } catch (Exception e) {
            log.info("SMPP server: bind of {} not answered: {}", systemId, e.toString());
            session.close();
            return;
        }
        observer.bound(systemId, type);
        log.info("SMPP {} bind of {} from {}", type, systemId, from.getHostAddress());
    }

    private static String reason(int status) {
        return switch (status) {
            case CommandStatus.ESME_RINVSYSID -> "unknown system_id";
            case CommandStatus.ESME_RINVPASWD -> "wrong password";
            default -> "not allowed from this address, or too many binds";
        };
    }

    /** A system_id as it may go into a log line: printable ASCII, at most 16 characters. */
    static String printable(String s) {
        if (s == null) {
            return "-";
        }
        String p = s.replaceAll("[^\\x21-\\x7e]", "?");
        return p.length() > 16 ? p.substring(0, 16) + "..." : p;
    }

    @Override
    public void close() {
        closed = true;
        try {
            if (socket != null) {
                socket.close();
            }
            if (tlsSocket != null) {
                tlsSocket.close();
            }
        } catch (IOException e) {
            log.debug("SMPP server socket close: {}", e.toString());
        }
        for (List<Held> list : held.values()) {
            List<Held> copy;
            synchronized (list) {
                copy = List.copyOf(list);
            }
            for (Held h : copy) {
                try {
                    h.session().unbindAndClose();
                } catch (RuntimeException e) {
                    h.session().close();
                }
            }
        }
        binding.shutdownNow();
        receipts.shutdownNow();
        closer.shutdown();
    }
}
