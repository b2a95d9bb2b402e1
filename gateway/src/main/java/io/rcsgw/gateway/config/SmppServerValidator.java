package io.rcsgw.gateway.config;

/**
 * Checks {@code smppServer}: its port and timings, and each ESME account (a unique system_id
 * SMPP can carry, a password or a hash of one, address ranges, limits, a configured bot, the
 * source addresses it owns). Nothing to check without accounts: the server is off.
 */
final class SmppServerValidator {

    private SmppServerValidator() {
    }

    static void validate(GatewayConfig c) {
        GatewayConfig.SmppServer s = c.smppServer();
        if (s.accounts().isEmpty()) {
            return;
        }
        ConfigValidator.port("smppServer.port", s.port(), true);
        ConfigValidator.positive("smppServer.bindTimeout", s.bindTimeout());
        ConfigValidator.positive("smppServer.enquireLinkInterval", s.enquireLinkInterval());
        ConfigValidator.range("smppServer.maxCommandLength", s.maxCommandLength(), 1024, 1_000_000);
        if (s.idleTimeout().isNegative()) {
            throw new ConfigException("smppServer.idleTimeout: a duration, 0 for none");
        }
        ConfigValidator.positive("smppServer.holdFor", s.holdFor());
        tls(s);
        java.util.Set<String> ids = new java.util.HashSet<>();
        java.util.Map<String, String> owners = new java.util.HashMap<>();
        for (int i = 0; i < s.accounts().size(); i++) {
            String k = "smppServer.accounts[" + i + "]";
            GatewayConfig.SmppAccount a = s.accounts().get(i);
            if (a == null || a.systemId() == null || a.systemId().isEmpty() || a.systemId().length() > 15) {
                throw new ConfigException(k + ".systemId: 1-15 characters (SMPP's system_id)");
            }
            if (!ids.add(a.systemId())) {
                throw new ConfigException(k + ".systemId: " + a.systemId() + " is used twice");
            }
            try {
                io.rcsgw.smpp.server.PasswordHash h = io.rcsgw.smpp.server.PasswordHash.of(a.password());
                if (!h.isHashed() && (a.password().length() < 6 || a.password().length() > 8)) {
                    // SMPP 3.4 carries at most 8 characters; a shorter one is too easy to guess
                    throw new IllegalArgumentException("a plain password of 6-8 characters, or a PBKDF2 hash");
                }
            } catch (IllegalArgumentException e) {
                throw new ConfigException(k + ".password: " + e.getMessage());
            }
            for (int j = 0; j < a.allow().size(); j++) {
                try {
                    io.rcsgw.smpp.server.AddressRange.parse(a.allow().get(j));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(k + ".allow[" + j + "]: " + e.getMessage());
                }
            }
            ConfigValidator.range(k + ".maxBinds", a.maxBinds(), 1, 1000);
            ConfigValidator.range(k + ".tps", a.tps(), 1, 1_000_000);
            ConfigValidator.range(k + ".window", a.window(), 1, 10_000);
            if (a.bot() == null || c.bots().stream().noneMatch(b -> b != null && a.bot().equals(b.id()))) {
                throw new ConfigException(k + ".bot: the id of a configured bot (its rules, tariff and CDRs)");
            }
            for (int j = 0; j < a.numbers().size(); j++) {
                String n = a.numbers().get(j);
                if (n == null || !n.matches("\\+?\\d{1,20}|[A-Za-z0-9 ]{1,11}")) {
                    throw new ConfigException(k + ".numbers[" + j + "]: digits, or an alphanumeric sender of at most 11");
                }
                String other = owners.putIfAbsent(n.startsWith("+") ? n.substring(1) : n, a.systemId());
                if (other != null && !other.equals(a.systemId())) {
                    // users' messages to it would have two ESMEs to go to
                    throw new ConfigException(k + ".numbers[" + j + "]: " + n + " is already " + other + "'s");
                }
            }
        }
    }

    /** A TLS port apart from the plain one, and a key store that opens with its password. */
    private static void tls(GatewayConfig.SmppServer s) {
        if (s.tls() == null) {
            return;
        }
        ConfigValidator.port("smppServer.tls.port", s.tls().port(), true);
        if (s.tls().port() != 0 && s.tls().port().equals(s.port())) {
            throw new ConfigException("smppServer.tls.port: another port than smppServer.port");
        }
        if (s.tls().keyStore() == null || s.tls().keyStore().isBlank()) {
            throw new ConfigException("smppServer.tls.keyStore: the PKCS#12 file with the server's key and certificate");
        }
        try {
            new io.rcsgw.smpp.server.ServerTls(s.tls().port(), java.nio.file.Path.of(s.tls().keyStore()),
                    s.tls().keyStorePassword()).context();
        } catch (java.io.IOException | RuntimeException e) {
            throw new ConfigException("smppServer.tls.keyStore: " + s.tls().keyStore() + " cannot be used (" + e.getClass()
                    .getSimpleName() + "): check the file and smppServer.tls.keyStorePassword");
        }
    }
}
