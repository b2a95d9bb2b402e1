package io.rcsgw.gateway.delivery;

import io.rcsgw.gateway.store.MessageStore;
import io.rcsgw.gateway.store.StoreWrite;
import io.rcsgw.rcs.api.AcceptResult;

import io.rcsgw.rules.rating.Rating;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Prepaid credit control. Each prepaid bot has a balance (what it topped up, less what it was
 * charged) and holds (what each unfinished message reserved at accept: the most it may cost).
 * A message is taken only if the balance less the holds covers it, decided under the account's
 * lock, so parallel accepts never together reserve more than there is. A charge takes its amount
 * from the balance and releases its hold; a message that ends uncharged releases it all. The
 * store holds the same, written with the message and with its charge, and is read back at start.
 * In a cluster the store decides instead ({@link #shareThrough}): every node reserves there, so
 * nodes together never reserve more than a balance, and an account shows what the store has.
 */
public final class Credit {

    /** What an account shows: balance, held by unfinished messages, and what is left to reserve. */
    public record View(String botId, String currency, BigDecimal balance, BigDecimal reserved, BigDecimal available) {
    }

    private static final class Account {
        String currency;
        BigDecimal balance = BigDecimal.ZERO;
        BigDecimal reserved = BigDecimal.ZERO;
    }

    private final Set<String> prepaid;
    private final Map<String, Account> accounts = new HashMap<>();
    private final MessageStore store;
    private final Clock clock;
    /** Set in a cluster: reservations and accounts are the store's, not this node's memory. */
    private volatile Shared shared;

    /** The store's reservations and the lease this node reserves under. */
    private record Shared(io.rcsgw.gateway.store.JdbcCreditReservations reservations, io.rcsgw.gateway.store.StoreFence fence) {
    }

    public Credit(Set<String> prepaidBots, MessageStore store, Clock clock) {
        this.prepaid = Set.copyOf(prepaidBots);
        this.store = store;
        this.clock = clock;
        for (String bot : prepaid) {
            accounts.put(bot, new Account());
        }
    }

    /**
     * From now on credit is reserved in the store under {@code fence} (this node's lease). The
     * holds this node reserved in an earlier life for messages it never stored are released.
     */
    public void shareThrough(io.rcsgw.gateway.store.JdbcCreditReservations reservations, io.rcsgw.gateway.store.StoreFence fence)
            throws java.sql.SQLException {
        reservations.releaseOrphans(fence.nodeId());
        this.shared = new Shared(reservations, fence);
    }

    /** A dead node's holds for messages it never stored go (its writes are fenced now); how many. */
    int releaseOrphansOf(String node) {
        Shared s = shared;
        if (s == null) {
            return 0;
        }
        try {
            return s.reservations().releaseOrphans(node);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("a dead node's credit holds were not released: " + e.getSQLState(), e);
        }
    }

    boolean prepaid(String botId) {
        return prepaid.contains(botId);
    }

    /** Whether {@link #reserve} asks the shared store (a cluster's nodes), so it blocks for a query. */
    boolean reservesInStore() {
        return shared != null;
    }

    /** The balances and holds a previous run left; the holds by message id, for the messages it resumes. */
    Map<Long, BigDecimal> load(List<MessageStore.CreditAccount> stored, List<MessageStore.CreditHold> holds) {
        Map<Long, BigDecimal> byMessage = new HashMap<>();
        synchronized (accounts) {
            for (MessageStore.CreditAccount a : stored) {
                Account acc = accounts.get(a.botId());
                if (acc != null) {
                    acc.balance = a.balance();
                    acc.currency = a.currency();
                }
            }
            for (MessageStore.CreditHold h : holds) {
                Account acc = accounts.get(h.botId());
                if (acc != null) {
                    acc.reserved = acc.reserved.add(h.amount());
                    byMessage.put(h.id(), h.amount());
                }
            }
        }
        return byMessage;
    }

    /**
     * Reserves {@code amount} of the bot's credit for message {@code id}, or says how short it is
     * (nothing reserved).
     *
     * @throws IllegalStateException when the store could not decide (in a cluster)
     */
    AcceptResult.PaymentRequired reserve(String botId, String currency, BigDecimal amount, long id) {
        Shared s = shared;
        if (s != null) {
            if (amount.signum() == 0) {
                return null;
            }
            try {
                io.rcsgw.gateway.store.JdbcCreditReservations.Account a = s.reservations().reserve(s.fence(), id, botId, amount);
                return a == null ? null : shortOf(amount, a.available(), a.currency() != null ? a.currency() : currency);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("credit could not be reserved: " + e.getSQLState(), e);
            }
        }
        synchronized (accounts) {
            Account a = accounts.get(botId);
            BigDecimal available = a.balance.subtract(a.reserved);
            if (available.compareTo(amount) < 0) {
                return shortOf(amount, available, a.currency != null ? a.currency : currency);
            }
            a.reserved = a.reserved.add(amount);
            return null;
        }
    }

    private static AcceptResult.PaymentRequired shortOf(BigDecimal amount, BigDecimal available, String currency) {
        BigDecimal left = available.max(BigDecimal.ZERO);
        return new AcceptResult.PaymentRequired(Rating.plain(amount), Rating.plain(left), Rating.plain(amount.subtract(left)),
                currency);
    }

    /**
     * Message {@code id} did not take its hold (a repeat, or its store write failed): released,
     * in the store too (where a cluster's node put it before the message).
     */
    void release(String botId, BigDecimal hold, long id) {
        store.write(List.of(new StoreWrite.SettleHold(id, botId, hold, BigDecimal.ZERO, clock.millis())));
        if (shared != null) {
            return;
        }
        synchronized (accounts) {
            Account a = accounts.get(botId);
            a.reserved = a.reserved.subtract(hold);
        }
    }

    /** The message was charged {@code charged} (0: it ended uncharged): off the balance, its hold released. */
    void settle(String botId, BigDecimal hold, BigDecimal charged) {
        if (shared != null) {
            return; // the store takes it with the charge's SettleHold
        }
        synchronized (accounts) {
            Account a = accounts.get(botId);
            a.reserved = a.reserved.subtract(hold);
            a.balance = a.balance.subtract(charged);
        }
    }

    /** {@code amount} comes off the balance (a refund when negative), held by no message: an A2P conversation's net charge. */
    void charge(String botId, BigDecimal amount) {
        if (shared != null) {
            return; // the store takes it with the charge's TopUp
        }
        synchronized (accounts) {
            Account a = accounts.get(botId);
            a.balance = a.balance.subtract(amount);
        }
    }

    /** Adds {@code amount} to the bot's balance once the store has it; the view after. */
    public CompletableFuture<View> topUp(String botId, String currency, BigDecimal amount) {
        return store.write(List.of(new StoreWrite.TopUp(botId, currency, amount, clock.millis()))).thenApply(x -> {
            if (shared != null) {
                return view(botId, currency);
            }
            synchronized (accounts) {
                Account a = accounts.get(botId);
                a.balance = a.balance.add(amount);
                if (a.currency == null) {
                    a.currency = currency;
                }
            }
            return view(botId, currency);
        });
    }

    /** The account of a prepaid bot, null for a bot that is not. */
    public View view(String botId, String currency) {
        Shared s = shared;
        if (s != null && prepaid(botId)) {
            try {
                io.rcsgw.gateway.store.JdbcCreditReservations.Account a = s.reservations().account(botId);
                return new View(botId, a.currency() != null ? a.currency() : currency, a.balance(), a.reserved(), a.available());
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("credit could not be read: " + e.getSQLState(), e);
            }
        }
        synchronized (accounts) {
            Account a = accounts.get(botId);
            if (a == null) {
                return null;
            }
            return new View(botId, a.currency != null ? a.currency : currency, a.balance, a.reserved,
                    a.balance.subtract(a.reserved));
        }
    }

}
