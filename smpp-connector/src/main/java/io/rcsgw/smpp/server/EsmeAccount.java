package io.rcsgw.smpp.server;

import java.net.InetAddress;
import java.util.List;

/**
 * An ESME that may bind: its credentials, where it may bind from ({@code allowed}; empty: anywhere),
 * how many binds it may hold at once, its submit rate ({@code tps}) and window (submits awaiting
 * their response, per bind), the bot its traffic is accounted to (rules, tariff, CDRs) and the
 * numbers or short codes it owns: the source addresses it may submit from.
 */
public record EsmeAccount(String systemId, PasswordHash password, List<AddressRange> allowed, int maxBinds, int tps,
                          int window, String botId, List<String> numbers) {

    public EsmeAccount {
        allowed = List.copyOf(allowed);
        numbers = List.copyOf(numbers);
    }

    public boolean mayBindFrom(InetAddress address) {
        return allowed.isEmpty() || allowed.stream().anyMatch(r -> r.contains(address));
    }

    /** Whether the account may submit from this source address (digits, as given, without a leading +). */
    public boolean owns(String source) {
        String s = source.startsWith("+") ? source.substring(1) : source;
        return numbers.stream().anyMatch(n -> (n.startsWith("+") ? n.substring(1) : n).equals(s));
    }

    @Override
    public String toString() {
        return "EsmeAccount[" + systemId + "]";
    }
}
