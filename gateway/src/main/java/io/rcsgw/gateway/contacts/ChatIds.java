package io.rcsgw.gateway.contacts;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.rcsgw.gateway.store.JdbcChatIds;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * chatIds: how a bot knows a user without (or besides) their number. A chatId is an HMAC of the
 * bot and the number under the deployment's key, so it is the same on every node and never
 * changes, two bots get different chatIds for one user, and none can be turned back into a
 * number without the store. Each chatId is remembered in the store before a bot is shown it,
 * so the bot can address the user by it from then on.
 */
public final class ChatIds {

    static final String KEY_NAME = "chat-id";

    private final JdbcChatIds store;
    private final Set<String> anonymous;
    private final Executor background;
    private final Clock clock;
    private final ThreadLocal<Mac> mac;
    /** bot + number of chatIds known to be stored: they need no write. */
    private final Cache<String, Boolean> remembered = Caffeine.newBuilder().maximumSize(200_000).executor(Runnable::run).build();
    /** bot + chatId to number, as stored (rows never change). */
    private final Cache<String, String> users = Caffeine.newBuilder().maximumSize(200_000).executor(Runnable::run).build();

    public ChatIds(JdbcChatIds store, Set<String> anonymousBots, Executor background, Clock clock) {
        this.store = store;
        this.anonymous = Set.copyOf(anonymousBots);
        this.background = background;
        this.clock = clock;
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        byte[] key = Base64.getDecoder().decode(store.key(KEY_NAME, Base64.getEncoder().encodeToString(fresh)));
        this.mac = ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(new SecretKeySpec(key, "HmacSHA256"));
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Whether the bot must never learn users' numbers. */
    public boolean anonymous(String botId) {
        return anonymous.contains(botId);
    }

    /** The user's chatId for this bot: 128 bits in URL-safe base64. */
    public String chatId(String botId, String userContact) {
        Mac m = mac.get();
        m.update(botId.getBytes(StandardCharsets.UTF_8));
        m.update((byte) 0);
        byte[] h = m.doFinal(userContact.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(h, 16));
    }

    /** The chatId, once it is stored (at once when it is known to be). */
    public CompletableFuture<String> remember(String botId, String userContact) {
        String chatId = chatId(botId, userContact);
        String k = botId + '\n' + userContact;
        if (remembered.getIfPresent(k) != null) {
            return CompletableFuture.completedFuture(chatId);
        }
        return CompletableFuture.supplyAsync(() -> {
            store.remember(botId, chatId, userContact, clock.millis());
            remembered.put(k, Boolean.TRUE);
            users.put(botId + '\n' + chatId, userContact);
            return chatId;
        }, background);
    }

    /** The number behind a chatId the bot was given; reads the store on a cache miss. */
    public Optional<String> userOf(String botId, String chatId) {
        String k = botId + '\n' + chatId;
        String cached = users.getIfPresent(k);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<String> user = store.userOf(botId, chatId);
        user.ifPresent(u -> users.put(k, u));
        return user;
    }
}
