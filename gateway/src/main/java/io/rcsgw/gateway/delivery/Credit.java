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

    public Credit(Set<String> prepaidBots, MessageStore store, Clock clock) {
        this.prepaid = Set.copyOf(prepaidBots);
        this.store = store;
        this.clock = clock;
        for (String bot : prepaid) {
            accounts.put(bot, new Account());
        }
    }

    boolean prepaid(String botId) {
        return prepaid.contains(botId);
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

    /** Reserves {@code amount} of the bot's credit, or says how short it is (nothing reserved). */
    AcceptResult.PaymentRequired reserve(String botId, String currency, BigDecimal amount) {
        synchronized (accounts) {
            Account a = accounts.get(botId);
            BigDecimal available = a.balance.subtract(a.reserved);
            if (available.compareTo(amount) < 0) {
                return new AcceptResult.PaymentRequired(Rating.plain(amount), Rating.plain(available.max(BigDecimal.ZERO)),
                        Rating.plain(amount.subtract(available.max(BigDecimal.ZERO))), a.currency != null ? a.currency : currency);
            }
            a.reserved = a.reserved.add(amount);
            return null;
        }
    }

    /** The message did not take its hold (a repeat, or its store write failed). */
    void release(String botId, BigDecimal hold) {
        synchronized (accounts) {
            Account a = accounts.get(botId);
            a.reserved = a.reserved.subtract(hold);
        }
    }

    /** The message was charged {@code charged} (0: it ended uncharged): off the balance, its hold released. */
    void settle(String botId, BigDecimal hold, BigDecimal charged) {
        synchronized (accounts) {
            Account a = accounts.get(botId);
            a.reserved = a.reserved.subtract(hold);
            a.balance = a.balance.subtract(charged);
        }
    }

    /** {@code amount} comes off the balance (a refund when negative), held by no message: an A2P conversation's net charge. */
    void charge(String botId, BigDecimal amount) {
        synchronized (accounts) {
            Account a = accounts.get(botId);
            a.balance = a.balance.subtract(amount);
        }
    }

    /** Adds {@code amount} to the bot's balance once the store has it; the view after. */
    public CompletableFuture<View> topUp(String botId, String currency, BigDecimal amount) {
        return store.write(List.of(new StoreWrite.TopUp(botId, currency, amount, clock.millis()))).thenApply(x -> {
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
