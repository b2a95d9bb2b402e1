package io.rcsgw.rcs.platform;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.stats.CacheStats;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Capability answers of the platform, cached: a capable number for {@code capableTtl}, a not
 * capable one for {@code notCapableTtl} (handsets gain RCS more often than they lose it, so
 * that answer is kept shorter). An entry older than {@code refreshAfter} is still served while
 * it is looked up again in the background; concurrent lookups of a number share one platform
 * call. A failed lookup is not cached.
 */
public final class CapabilityCache {

    private record Key(String botId, String userContact) {
    }

    private final AsyncLoadingCache<Key, Capability> cache;

    public CapabilityCache(RcsPlatform platform, Duration capableTtl, Duration notCapableTtl, Duration refreshAfter,
                           long maxEntries, Executor executor) {
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .executor(executor)
                .expireAfter(new Expiry<Key, Capability>() {
                    @Override
                    public long expireAfterCreate(Key key, Capability value, long currentTime) {
                        return (value.capable() ? capableTtl : notCapableTtl).toNanos();
                    }

                    @Override
                    public long expireAfterUpdate(Key key, Capability value, long currentTime, long currentDuration) {
                        return expireAfterCreate(key, value, currentTime);
                    }

                    @Override
                    public long expireAfterRead(Key key, Capability value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .refreshAfterWrite(refreshAfter)
                .recordStats()
                .buildAsync((key, ex) -> platform.capabilities(key.botId(), key.userContact()));
    }

    public CompletableFuture<Capability> lookup(String botId, String userContact) {
        return cache.get(new Key(botId, userContact));
    }

    /** Forgets a number (e.g. the platform said it is not RCS after all when sending). */
    public void invalidate(String botId, String userContact) {
        cache.synchronous().invalidate(new Key(botId, userContact));
    }

    public CacheStats stats() {
        return cache.synchronous().stats();
    }

    public long size() {
        return cache.synchronous().estimatedSize();
    }
}
