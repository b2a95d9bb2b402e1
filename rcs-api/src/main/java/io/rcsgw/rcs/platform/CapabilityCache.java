package io.rcsgw.rcs.platform;

import com.github.benmanes.caffeine.cache.AsyncCacheLoader;
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
 * call. A failed lookup is not cached (and a failed refresh keeps the answer there was).
 */
public final class CapabilityCache {

    private record Key(String botId, String userContact) {
    }

    /**
     * An answer, or why there is none. A failed lookup completes normally with its error (which
     * expires at once), so that everyone waiting on it hears the same and the cache does not
     * log each failure as a loader error.
     */
    private record Answer(Capability capability, Throwable error) {
    }

    private final AsyncLoadingCache<Key, Answer> cache;

    public CapabilityCache(RcsPlatform platform, Duration capableTtl, Duration notCapableTtl, Duration refreshAfter,
                           long maxEntries, Executor executor) {
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .executor(executor)
                .expireAfter(new Expiry<Key, Answer>() {
                    @Override
                    public long expireAfterCreate(Key key, Answer value, long currentTime) {
                        if (value.error() != null) {
                            return 0;
                        }
                        return (value.capability().capable() ? capableTtl : notCapableTtl).toNanos();
                    }

                    @Override
                    public long expireAfterUpdate(Key key, Answer value, long currentTime, long currentDuration) {
                        // a failed refresh keeps the answer we had
                        return value.error() != null ? currentDuration : expireAfterCreate(key, value, currentTime);
                    }

                    @Override
                    public long expireAfterRead(Key key, Answer value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .refreshAfterWrite(refreshAfter)
                .recordStats()
                .buildAsync(new AsyncCacheLoader<Key, Answer>() {
                    @Override
                    public CompletableFuture<Answer> asyncLoad(Key key, Executor ex) {
                        return platform.capabilities(key.botId(), key.userContact())
                                .handle((c, e) -> e == null ? new Answer(c, null) : new Answer(null, e));
                    }

                    @Override
                    public CompletableFuture<Answer> asyncReload(Key key, Answer old, Executor ex) {
                        return asyncLoad(key, ex).thenApply(a -> a.error() != null && old.error() == null ? old : a);
                    }
                });
    }

    public CompletableFuture<Capability> lookup(String botId, String userContact) {
        return cache.get(new Key(botId, userContact)).thenCompose(a -> a.error() == null
                ? CompletableFuture.completedFuture(a.capability()) : CompletableFuture.failedFuture(unwrap(a.error())));
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
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
