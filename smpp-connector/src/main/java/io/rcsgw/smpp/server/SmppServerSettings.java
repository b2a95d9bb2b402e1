package io.rcsgw.smpp.server;

import java.time.Duration;
import java.util.List;

/**
 * The SMPP server's settings: where it listens, its accounts, how long a connection may take to
 * bind, how often an idle bind is asked whether it is still there (enquire_link), and the
 * largest PDU taken (a longer command_length closes the connection).
 */
public record SmppServerSettings(String host, int port, List<EsmeAccount> accounts, Duration bindTimeout,
                                 Duration enquireLinkInterval, int maxCommandLength) {

    public SmppServerSettings {
        accounts = List.copyOf(accounts);
    }
}
