package io.rcsgw.gateway.config;

/** A configuration problem; the message names the key. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
