package io.rcsgw.rcs.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rcsgw.rcs.api.MessagingService;
import io.rcsgw.rcs.api.QuoteResult;
import io.rcsgw.rcs.api.Usage;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** What a bot's messages cost: {@code POST .../quote} before it sends, {@code GET .../usage} after. */
final class BillingRoutes {

    private static final Logger log = LoggerFactory.getLogger(BillingRoutes.class);
    private static final String JSON = "application/json";

    private final MessagingService service;
    private final ObjectMapper json;
    private final ApiHandler api;

    BillingRoutes(MessagingService service, ObjectMapper json, ApiHandler api) {
        this.service = service;
        this.json = json;
        this.api = api;
    }

    boolean quote(Request request, Response response, Callback callback, String botId) {
        return api.readMessage(request, response, callback, botId, parsed -> {
            if (parsed.typingTo() != null) {
                api.problem(response, callback, Problem.invalidField("RCSMessage.isTyping", "a typing notification has no price"));
                return;
            }
            service.quote(botId, parsed.message()).whenComplete((result, failure) -> {
                if (failure != null) {
                    log.warn("quote for bot {} failed: {}", botId, failure.toString());
                    api.problem(response, callback, ApiHandler.unavailable(failure));
                } else if (result instanceof QuoteResult.Quoted q) {
                    api.write(response, callback, 200, JSON, QuoteJson.of(json, q.quote()));
                } else if (result instanceof QuoteResult.Refused r) {
                    api.problem(response, callback, r.tooLong() ? Problem.tooLong(r.field(), r.detail())
                            : Problem.refusedByRule(r.field(), r.detail()));
                } else if (result instanceof QuoteResult.NotOffered n) {
                    api.problem(response, callback, Problem.notFound(n.detail()));
                }
            });
        });
    }

    boolean usage(Request request, Response response, Callback callback, String botId) {
        String from;
        String to;
        try {
            var query = Request.extractQueryParameters(request);
            from = query.getValue("from");
            to = query.getValue("to");
        } catch (IllegalArgumentException | IllegalStateException e) {
            // Jetty's HttpException (as either) for a query with a bad percent escape or not UTF-8
            return api.problem(response, callback, Problem.of("bad-query", "The query is not valid", 400,
                    "the query has a bad percent escape or is not UTF-8", "from"));
        }
        Instant start;
        Instant end;
        try {
            start = instant("from", from);
            end = instant("to", to);
        } catch (IllegalArgumentException e) {
            String field = e.getMessage().substring(0, e.getMessage().indexOf(':'));
            return api.problem(response, callback, Problem.invalidField(field, e.getMessage().substring(field.length() + 2)));
        }
        if (!end.isAfter(start)) {
            return api.problem(response, callback, Problem.invalidField("to", "must be after from"));
        }
        service.usage(botId, start, end).whenComplete((usage, failure) -> {
            if (failure != null) {
                api.problem(response, callback, ApiHandler.unavailable(failure));
            } else if (usage.isEmpty()) {
                api.problem(response, callback, Problem.notFound("rating is off on this gateway (cdr.enabled)"));
            } else {
                api.write(response, callback, 200, JSON, json(usage.get()));
            }
        });
        return true;
    }

    /** An ISO 8601 instant, with Z or an offset, or a date (its start, UTC). */
    private static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + ": is required (ISO 8601, e.g. 2026-12-01T00:00:00Z)");
        }
        try {
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + ": not an ISO 8601 instant or date: " + value.substring(0,
                    Math.min(value.length(), 40)));
        }
    }

    private ObjectNode json(Usage u) {
        ObjectNode out = json.createObjectNode();
        out.put("from", u.from().toString());
        out.put("to", u.to().toString());
        // one total, or one per currency when the bot was rated in several
        ArrayNode totals = json.createArrayNode();
        for (Usage.Total t : u.totals()) {
            totals.addObject().put("messages", t.messages()).put("amount", t.amount()).put("currency", t.currency());
        }
        out.set("total", totals.size() == 1 ? totals.get(0) : totals);
        ArrayNode byCategory = out.putArray("byCategory");
        for (Usage.ByCategory c : u.byCategory()) {
            byCategory.addObject().put("category", c.category()).put("messages", c.messages()).put("units", c.units())
                    .put("amount", c.amount()).put("currency", c.currency());
        }
        ArrayNode byChannel = out.putArray("byChannel");
        for (Usage.ByChannel c : u.byChannel()) {
            byChannel.addObject().put("channel", c.channel()).put("messages", c.messages()).put("amount", c.amount())
                    .put("currency", c.currency());
        }
        return out;
    }
}
