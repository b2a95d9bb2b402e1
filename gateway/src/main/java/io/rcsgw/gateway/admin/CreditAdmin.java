package io.rcsgw.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rcsgw.gateway.delivery.Credit;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import io.rcsgw.rules.rating.Rating;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * {@code GET /admin/bots/{botId}/credit} (balance, reserved by unfinished messages, available)
 * and {@code POST} of {@code {"amount":"10.00"}} to top a prepaid bot's credit up.
 */
final class CreditAdmin {

    /** What the admin server answers with. */
    interface Replies {
        void send(Response response, Callback callback, int status, JsonNode body);

        void problem(Response response, Callback callback, int status, String type, String detail);
    }

    private static final int MAX_BODY = 4096;

    private final Credit credit;
    private final Function<String, String> currencyOf;
    private final ObjectMapper json;
    private final Replies replies;

    /** @param credit null when no bot is prepaid */
    CreditAdmin(Credit credit, Function<String, String> currencyOf, ObjectMapper json, Replies replies) {
        this.credit = credit;
        this.currencyOf = currencyOf;
        this.json = json;
        this.replies = replies;
    }

    void handle(String method, String botId, Request request, Response response, Callback callback) {
        Credit.View view = credit == null ? null : credit.view(botId, currencyOf.apply(botId));
        if (view == null) {
            replies.problem(response, callback, 404, "not-found", "no prepaid bot " + botId);
            return;
        }
        if (method.equals("GET")) {
            replies.send(response, callback, 200, json(view));
            return;
        }
        if (!method.equals("POST")) {
            replies.problem(response, callback, 405, "method-not-allowed", "GET or POST");
            return;
        }
        Content.Source.asString(request, StandardCharsets.UTF_8, new org.eclipse.jetty.util.Promise<>() {
            @Override
            public void succeeded(String body) {
                topUp(botId, body, response, callback);
            }

            @Override
            public void failed(Throwable x) {
                replies.problem(response, callback, 400, "bad-request", "the body could not be read");
            }
        });
    }

    private void topUp(String botId, String body, Response response, Callback callback) {
        BigDecimal amount;
        try {
            if (body.length() > MAX_BODY) {
                throw new IllegalArgumentException("too long");
            }
            JsonNode n = json.readTree(body).path("amount");
            amount = new BigDecimal(n.isNumber() ? n.decimalValue().toPlainString() : n.asText());
        } catch (Exception e) {
            replies.problem(response, callback, 400, "invalid-field", "amount: a decimal, e.g. {\"amount\":\"10.00\"}");
            return;
        }
        if (amount.signum() <= 0 || amount.scale() > 12 || amount.precision() - amount.scale() > 18) {
            replies.problem(response, callback, 400, "invalid-field", "amount: more than 0, at most 18 digits and 12 places");
            return;
        }
        credit.topUp(botId, currencyOf.apply(botId), amount).whenComplete((view, failure) -> {
            if (failure != null) {
                replies.problem(response, callback, 503, "unavailable", "the top-up could not be stored; nothing was added");
            } else {
                replies.send(response, callback, 200, json(view));
            }
        });
    }

    private ObjectNode json(Credit.View v) {
        return json.createObjectNode().put("botId", v.botId()).put("currency", v.currency())
                .put("balance", Rating.plain(v.balance())).put("reserved", Rating.plain(v.reserved()))
                .put("available", Rating.plain(v.available()));
    }

}
