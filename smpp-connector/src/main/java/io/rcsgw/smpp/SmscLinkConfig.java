package io.rcsgw.smpp;

import java.time.Duration;
import java.util.Objects;

/** How to reach and use one SMSC. */
public record SmscLinkConfig(
        String name,
        String host,
        int port,
        String systemId,
        String password,
        String systemType,
        int window,
        Duration enquireLinkInterval,
        Duration responseTimeout,
        Duration reconnectMin,
        Duration reconnectMax,
        SmsSettings sms,
        SubmitPolicy policy,
        BindMode bindMode,
        TlsSettings tls) {

    public SmscLinkConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535");
        }
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1");
        }
        systemType = systemType == null ? "" : systemType;
        sms = sms == null ? SmsSettings.DEFAULT : sms;
        policy = policy == null ? SubmitPolicy.DEFAULT : policy;
        bindMode = bindMode == null ? BindMode.TRX : bindMode;
    }

    /** Defaults for everything but where to connect and who to be. */
    public static SmscLinkConfig of(String name, String host, int port, String systemId, String password) {
        return new SmscLinkConfig(name, host, port, systemId, password, "", 50,
                Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofMillis(200), Duration.ofSeconds(30), SmsSettings.DEFAULT,
                SubmitPolicy.DEFAULT, BindMode.TRX, null);
    }

    public SmscLinkConfig withWindow(int window) {
        return new SmscLinkConfig(name, host, port, systemId, password, systemType, window,
                enquireLinkInterval, responseTimeout, reconnectMin, reconnectMax, sms, policy, bindMode, tls);
    }

    public SmscLinkConfig withReconnect(Duration min, Duration max) {
        return new SmscLinkConfig(name, host, port, systemId, password, systemType, window,
                enquireLinkInterval, responseTimeout, min, max, sms, policy, bindMode, tls);
    }

    public SmscLinkConfig withSms(SmsSettings settings) {
        return new SmscLinkConfig(name, host, port, systemId, password, systemType, window,
                enquireLinkInterval, responseTimeout, reconnectMin, reconnectMax, settings, policy, bindMode, tls);
    }

    public SmscLinkConfig withPolicy(SubmitPolicy p) {
        return new SmscLinkConfig(name, host, port, systemId, password, systemType, window,
                enquireLinkInterval, responseTimeout, reconnectMin, reconnectMax, sms, p, bindMode, tls);
    }

    public SmscLinkConfig withBinding(BindMode mode, TlsSettings tlsSettings) {
        return new SmscLinkConfig(name, host, port, systemId, password, systemType, window,
                enquireLinkInterval, responseTimeout, reconnectMin, reconnectMax, sms, policy, mode, tlsSettings);
    }
}
