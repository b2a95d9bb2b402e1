package io.rcsgw.smpp.server;

import java.time.Duration;
import java.util.List;

/**
 * The SMPP server's settings: where it listens, its accounts, how long a connection may take to
 * bind, how often an idle bind is asked whether it is still there (enquire_link), the largest
 * PDU taken (a longer command_length closes the connection), how long a bind may go without a
 * request from its ESME before it is ended ({@code idleTimeout}; zero: never), and a second,
 * TLS port (null: none).
 */
public record SmppServerSettings(String host, int port, List<EsmeAccount> accounts, Duration bindTimeout,
                                 Duration enquireLinkInterval, int maxCommandLength, Duration idleTimeout, ServerTls tls) {

    public SmppServerSettings {
        accounts = List.copyOf(accounts);
        idleTimeout = idleTimeout == null ? Duration.ZERO : idleTimeout;
    }

    /** Without an idle timeout or a TLS port. */
    public SmppServerSettings(String host, int port, List<EsmeAccount> accounts, Duration bindTimeout,
                              Duration enquireLinkInterval, int maxCommandLength) {
        this(host, port, accounts, bindTimeout, enquireLinkInterval, maxCommandLength, Duration.ZERO, null);
    }

    public SmppServerSettings withIdleTimeout(Duration d) {
        return new SmppServerSettings(host, port, accounts, bindTimeout, enquireLinkInterval, maxCommandLength, d, tls);
    }

    public SmppServerSettings withTls(ServerTls t) {
        return new SmppServerSettings(host, port, accounts, bindTimeout, enquireLinkInterval, maxCommandLength, idleTimeout, t);
    }
}
