package io.rcsgw.rcs.server;

import io.rcsgw.rcs.api.FileService;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Serves a bot's uploaded file at {@code /f/{fileId}} to whoever has the link (the RCS platform,
 * a recipient of an SMS): the bytes as stored, under the type the upload was accepted as. A
 * file is never run as a page of this site: no sniffing, a sandboxing content security policy,
 * and anything but an image, audio or video is a download.
 */
final class FileDownloads {

    private FileDownloads() {
    }

    static boolean serve(Request request, Response response, Callback callback, FileService files) {
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            return text(response, callback, 405, "only GET and HEAD are allowed");
        }
        String id = Request.getPathInContext(request).substring(3);
        Optional<FileService.FileContent> found = FilesHandler.FILE_ID.matcher(id).matches() ? files.content(id) : Optional.empty();
        if (found.isEmpty()) {
            return text(response, callback, 404, "no file at this address");
        }
        FileService.FileContent f = found.get();
        response.setStatus(200);
        var h = response.getHeaders();
        h.put(HttpHeader.CONTENT_TYPE, f.mimeType());
        h.put(HttpHeader.CONTENT_LENGTH, f.bytes().length);
        String main = f.mimeType().split("/", 2)[0];
        boolean inline = main.equals("image") && !f.mimeType().contains("svg") || main.equals("audio") || main.equals("video");
        String disposition = inline ? "inline" : "attachment";
        if (f.fileName() != null) {
            disposition += "; filename*=UTF-8''" + java.net.URLEncoder.encode(f.fileName(), StandardCharsets.UTF_8).replace("+", "%20");
        }
        h.put("Content-Disposition", disposition);
        h.put(HttpHeader.CACHE_CONTROL, "private, max-age=300");
        h.put("Content-Security-Policy", "default-src 'none'; sandbox");
        h.put("X-Content-Type-Options", "nosniff");
        h.put("Referrer-Policy", "no-referrer");
        h.put("X-Robots-Tag", "noindex, nofollow");
        response.write(true, method.equals("HEAD") ? ByteBuffer.allocate(0) : ByteBuffer.wrap(f.bytes()), callback);
        return true;
    }

    private static boolean text(Response response, Callback callback, int status, String message) {
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }
}
