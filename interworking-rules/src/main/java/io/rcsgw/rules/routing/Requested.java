package io.rcsgw.rules.routing;

import java.time.Duration;
import java.time.Instant;

/**
 * What the message itself asks for (API fields), each null when not given: a channel policy
 * ({@code gateway.channel}), a shorter undelivered timeout ({@code gateway.fallbackAfter}), an
 * expiry ({@code RCSMessage.expiry} or {@code gateway.ttl}, named by {@code expiryField}), and
 * whether an SMS-bound text may be upgraded to RCS ({@code gateway.upgrade}).
 */
public record Requested(ChannelPolicy channel, Duration fallbackAfter, Instant expiresAt, String expiryField,
                        boolean upgrade) {

    public static final Requested NOTHING = new Requested(null, null, null, null, false);
}
