package io.rcsgw.rcs.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rcsgw.rcs.api.MessagingService;
import io.rcsgw.rules.model.Msisdn;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.List;
import java.util.Optional;

/** Whether numbers are RCS users: {@code GET} and {@code POST .../contactCapabilities}. */
final class CapabilityRoutes {

    static final int MAX_BULK_CONTACTS = 100;
    private static final String JSON = "application/json";

    private final MessagingService service;
    private final ObjectMapper json;
    private final ApiHandler api;

    CapabilityRoutes(MessagingService service, ObjectMapper json, ApiHandler api) {
        this.service = service;
        this.json = json;
        this.api = api;
    }

    /** One number ({@code ?userContact=} or {@code ?chatId=}): its capabilities, or 404 when it is not an RCS user. */
    boolean one(Request request, Response response, Callback callback, String botId) {
        String contact;
        String chatId;
        try {
            var query = Request.extractQueryParameters(request);
            contact = query.getValue("userContact");
            chatId = query.getValue("chatId");
        } catch (IllegalArgumentException | IllegalStateException e) {
            // Jetty's HttpException (as either) for a query with a bad percent escape or not UTF-8
            return api.problem(response, callback, Problem.of("bad-query", "The query is not valid", 400,
                    "the query has a bad percent escape or is not UTF-8", "userContact"));
        }
        if (contact == null && chatId != null) {
            Optional<String> user = chatId.length() > 64 ? Optional.empty() : service.userOf(botId, chatId);
            if (user.isEmpty()) {
                return api.problem(response, callback, Problem.invalidField("chatId", "no user of this bot has this chatId"));
            }
            contact = user.get();
        }
        if (contact == null) {
            return api.problem(response, callback, Problem.missingField("userContact"));
        }
        if (!Msisdn.isValid(contact)) {
            return api.problem(response, callback, Problem.invalidField("userContact", "must be an E.164 number such as +447700900123"));
        }
        service.capabilities(botId, List.of(contact)).whenComplete((list, failure) -> {
            if (failure != null) {
                api.problem(response, callback, ApiHandler.unavailable(failure));
                return;
            }
            MessagingService.CapabilityView v = list.get(0);
            if (v.error() != null) {
                api.problem(response, callback, Problem.unavailable("the RCS platform could not be asked: " + v.error()));
            } else if (!v.capable()) {
                api.problem(response, callback, Problem.notFound((chatId != null ? "that user" : v.userContact()) + " is not an RCS user"));
            } else {
                ObjectNode out = json.createObjectNode();
                var features = out.putArray("capabilities");
                v.features().forEach(features::add);
                api.write(response, callback, 200, JSON, out);
            }
        });
        return true;
    }

    /** Bulk form: {@code {"userContacts":["+...",...]}}, at most {@value #MAX_BULK_CONTACTS}. */
    boolean many(Request request, Response response, Callback callback, String botId) {
        api.readJson(request, response, callback, 16384, root -> {
            JsonNode list = root == null ? null : root.get("userContacts");
            if (list == null || !list.isArray() || list.isEmpty()) {
                api.problem(response, callback, Problem.missingField("userContacts"));
                return;
            }
            if (list.size() > MAX_BULK_CONTACTS) {
                api.problem(response, callback, Problem.invalidField("userContacts", "at most " + MAX_BULK_CONTACTS + " numbers"));
                return;
            }
            List<String> contacts = new java.util.ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                JsonNode n = list.get(i);
                if (!n.isTextual() || !Msisdn.isValid(n.textValue())) {
                    api.problem(response, callback, Problem.invalidField("userContacts[" + i + "]", "must be an E.164 number"));
                    return;
                }
                contacts.add(n.textValue());
            }
            service.capabilities(botId, contacts).whenComplete((views, failure) -> {
                if (failure != null) {
                    api.problem(response, callback, ApiHandler.unavailable(failure));
                    return;
                }
                ObjectNode out = json.createObjectNode();
                var arr = out.putArray("contacts");
                for (MessagingService.CapabilityView v : views) {
                    ObjectNode e = arr.addObject();
                    e.put("userContact", v.userContact());
                    if (v.error() != null) {
                        e.put("error", v.error());
                        continue;
                    }
                    e.put("capable", v.capable());
                    var features = e.putArray("capabilities");
                    v.features().forEach(features::add);
                }
                api.write(response, callback, 200, JSON, out);
            });
        });
        return true;
    }
}
