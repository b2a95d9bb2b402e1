package io.rcsgw.rcs.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rcsgw.rcs.api.MessageStatusView;
import io.rcsgw.rcs.api.MessagingService;
import io.rcsgw.rules.model.Msisdn;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.Optional;

/**
 * A message's status: {@code GET .../messages/{msgId}/status} reads it; {@code PUT} with
 * {@code cancelled} revokes one of the bot's messages, with {@code displayed} sends a read
 * receipt for one of the user's.
 */
final class StatusRoutes {

    private static final String JSON = "application/json";

    private final MessagingService service;
    private final ObjectMapper json;
    private final ApiHandler api;

    StatusRoutes(MessagingService service, ObjectMapper json, ApiHandler api) {
        this.service = service;
        this.json = json;
        this.api = api;
    }

    /** GET status: the message's state and history as the bot may see them, or 404. */
    boolean read(Response response, Callback callback, String botId, String msgId) {
        Optional<MessageStatusView> view = service.status(botId, msgId);
        if (view.isEmpty()) {
            return api.problem(response, callback, Problem.notFound("no message " + msgId));
        }
        api.write(response, callback, 200, JSON, StatusJson.of(json, view.get()));
        return true;
    }

    /** PUT status: {@code cancelled} or {@code displayed}, answered when the gateway has done it. */
    boolean update(Request request, Response response, Callback callback, String botId, String msgId) {
        api.readJson(request, response, callback, 4096, root -> {
            JsonNode status = root == null ? null : root.path("RCSMessage").get("status");
            if (status == null || !status.isTextual()) {
                api.problem(response, callback, Problem.missingField("RCSMessage.status"));
                return;
            }
            switch (status.textValue()) {
                case "cancelled" -> service.revoke(botId, msgId).whenComplete((result, failure) -> {
                    if (failure != null) {
                        api.problem(response, callback, ApiHandler.unavailable(failure));
                    } else if (result.isEmpty()) {
                        api.problem(response, callback, Problem.notFound("no message " + msgId));
                    } else {
                        ObjectNode out = json.createObjectNode();
                        ObjectNode rcs = out.putObject("RCSMessage");
                        rcs.put("msgId", msgId);
                        rcs.put("status", result.get().status());
                        out.putObject("gateway").put("revoked", result.get().revoked()).put("state", result.get().state());
                        api.write(response, callback, 200, JSON, out);
                    }
                });
                case "displayed" -> {
                    JsonNode user = root.path("messageContact").get("userContact");
                    if (user != null && (!user.isTextual() || !Msisdn.isValid(user.textValue()))) {
                        api.problem(response, callback, Problem.invalidField("messageContact.userContact",
                                "the user who sent the message, as an E.164 number (or leave it out)"));
                        return;
                    }
                    service.displayed(botId, msgId, user == null ? null : user.textValue()).whenComplete((receipt, failure) -> {
                        if (failure != null) {
                            api.problem(response, callback, ApiHandler.unavailable(failure));
                            return;
                        }
                        switch (receipt) {
                            case UNKNOWN -> api.problem(response, callback, Problem.notFound("no message " + msgId
                                    + " from a user of this bot; give messageContact.userContact"));
                            case OTHER_USER -> api.problem(response, callback, Problem.invalidField("messageContact.userContact",
                                    "message " + msgId + " came from another user"));
                            case SENT, SMS -> {
                                ObjectNode out = json.createObjectNode();
                                out.putObject("RCSMessage").put("msgId", msgId).put("status", "displayed");
                                // an SMS has no read receipt: nothing went to the user
                                out.putObject("gateway").put("forwarded", receipt == MessagingService.ReadReceipt.SENT);
                                api.write(response, callback, 200, JSON, out);
                            }
                        }
                    });
                }
                default -> api.problem(response, callback, Problem.invalidField("RCSMessage.status", "must be cancelled or displayed"));
            }
        });
        return true;
    }
}
