package io.rcsgw.rcs.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;

/**
 * Jetty's own errors (a bad percent escape, bad chunking, headers too large, an ambiguous path) as
 * {@code application/problem+json} like every other error, instead of an HTML page that echoes
 * the URI: the status and its reason phrase only, nothing from the request.
 */
public final class ProblemErrorHandler extends ErrorHandler {

    private static final ObjectMapper JSON = new ObjectMapper();

    static byte[] body(int status) {
        String reason = HttpStatus.getMessage(status);
        try {
            return JSON.writeValueAsBytes(Problem.of("http-" + status, reason == null ? "Error" : reason, status,
                    "the request could not be read: " + (reason == null ? "error " + status : reason.toLowerCase()), null));
        } catch (Exception e) {
            return ("{\"status\":" + status + "}").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        byte[] b = body(code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/problem+json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, b.length);
        response.write(true, ByteBuffer.wrap(b), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/problem+json");
        return ByteBuffer.wrap(body(status));
    }
}
