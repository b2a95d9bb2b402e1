package io.rcsgw.rcs.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rcsgw.rcs.api.FileService;
import io.rcsgw.rules.model.WellFormedText;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The MaaP files API: {@code POST …/files} takes a multipart form ({@code fileType},
 * {@code until}, and {@code fileContent} or {@code fileUrl}), {@code GET …/files/{fileId}} shows
 * a file, {@code DELETE} removes it. Every answer is JSON; the form is parsed in memory up to the
 * gateway's file limit, so an over-long upload is cut off as it arrives.
 */
final class FilesHandler {

    static final Set<String> PARTS = Set.of("fileType", "until", "fileContent", "fileUrl");
    /** Room for the form's other parts and its boundaries, beyond the file itself. */
    private static final int FORM_OVERHEAD = 16 * 1024;
    private static final int MAX_TEXT_PART = 2048;
    /** MaaP file ids as the gateway makes them: 128 bits in URL-safe base64. */
    static final Pattern FILE_ID = Pattern.compile("[A-Za-z0-9_-]{22}");

    private final FileService files;
    private final ObjectMapper json;
    private final ApiHandler out;

    FilesHandler(FileService files, ObjectMapper json, ApiHandler out) {
        this.files = files;
        this.json = json;
        this.out = out;
    }

    boolean upload(Request request, Response response, Callback callback, String botId) {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        String boundary = type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data") ? null
                : MultiPart.extractBoundary(type);
        if (boundary == null || boundary.isEmpty()) {
            return out.problem(response, callback, Problem.of("unsupported-media-type", "Unsupported media type", 415,
                    "send multipart/form-data with a boundary", null));
        }
        long max = files.maxBytes();
        if (request.getLength() > max + FORM_OVERHEAD) {
            return out.problem(response, callback, tooLarge(max));
        }
        MultiPartFormData.Parser parser = new MultiPartFormData.Parser(boundary);
        parser.setMaxParts(PARTS.size());
        parser.setMaxFileSize(max);
        parser.setMaxMemoryFileSize(max);
        parser.setMaxLength(max + FORM_OVERHEAD);
        parser.setPartHeadersMaxLength(4096);
        parser.parse(request).whenComplete((parts, error) -> {
            if (error != null) {
                Throwable cause = error.getCause() != null && error instanceof java.util.concurrent.CompletionException
                        ? error.getCause() : error;
                boolean size = cause instanceof IllegalStateException && String.valueOf(cause.getMessage()).contains("exceeded");
                out.problem(response, callback, size ? tooLarge(max) : Problem.of("malformed-form", "The form is not valid", 400,
                        "the multipart/form-data body could not be read", null));
                return;
            }
            try (parts) {
                FileService.FileUpload upload;
                try {
                    upload = read(parts);
                } catch (RichMessageReader.Invalid e) {
                    out.problem(response, callback, e.problem);
                    return;
                }
                files.upload(botId, upload).whenComplete((result, failure) -> {
                    if (failure != null) {
                        out.problem(response, callback, Problem.unavailable("the file could not be stored; retry"));
                    } else if (result instanceof FileService.Stored s) {
                        response.getHeaders().put(HttpHeader.LOCATION, "/rcs/bot/v1/" + botId + "/files/" + s.file().fileId());
                        out.write(response, callback, 201, "application/json", view(s.file()));
                    } else if (result instanceof FileService.Refused r) {
                        out.problem(response, callback, Problem.of(r.status() == 413 ? "file-too-large" : "invalid-field",
                                r.status() == 413 ? "File is too large" : "Field has an invalid value", r.status(),
                                r.field() + ": " + r.detail(), r.field()));
                    }
                });
            }
        });
        return true;
    }

    boolean get(Response response, Callback callback, String botId, String fileId) {
        var found = FILE_ID.matcher(fileId).matches() ? files.find(botId, fileId) : java.util.Optional.<FileService.FileInfo>empty();
        if (found.isEmpty()) {
            return out.problem(response, callback, Problem.notFound("no file " + fileId));
        }
        out.write(response, callback, 200, "application/json", view(found.get()));
        return true;
    }

    boolean delete(Response response, Callback callback, String botId, String fileId) {
        if (!FILE_ID.matcher(fileId).matches()) {
            return out.problem(response, callback, Problem.notFound("no file " + fileId));
        }
        files.delete(botId, fileId).whenComplete((deleted, failure) -> {
            if (failure != null) {
                out.problem(response, callback, Problem.unavailable("the file could not be deleted; retry"));
            } else if (!deleted) {
                out.problem(response, callback, Problem.notFound("no file " + fileId));
            } else {
                ObjectNode body = json.createObjectNode().put("fileId", fileId).put("status", "deleted");
                out.write(response, callback, 200, "application/json", body);
            }
        });
        return true;
    }

    /** The MaaP file object: its id, when it goes, and the file itself as {@code fileInfo[0]}. */
    ObjectNode view(FileService.FileInfo f) {
        ObjectNode body = json.createObjectNode();
        body.put("fileId", f.fileId());
        body.put("status", "ok");
        body.put("until", f.until().toString());
        ObjectNode info = body.putArray("fileInfo").addObject();
        info.put("type", "file");
        info.put("fileUrl", f.url());
        info.put("fileMIMEType", f.mimeType());
        info.put("fileSize", f.size());
        if (f.fileName() != null) {
            info.put("fileName", f.fileName());
        }
        info.put("until", f.until().toString());
        return body;
    }

    private static FileService.FileUpload read(MultiPartFormData.Parts parts) throws RichMessageReader.Invalid {
        for (MultiPart.Part p : parts) {
            if (p.getName() == null || !PARTS.contains(p.getName())) {
                throw invalid(p.getName() == null ? "form" : p.getName(), "not a field of a file upload; send fileType, "
                        + "until, and fileContent or fileUrl");
            }
            if (parts.getAll(p.getName()).size() > 1) {
                throw invalid(p.getName(), "given more than once");
            }
        }
        String fileType = text(parts, "fileType");
        if (fileType != null && !fileType.matches("[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,63}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,63}")) {
            throw invalid("fileType", "must be a MIME type such as image/jpeg");
        }
        Instant until = null;
        String u = text(parts, "until");
        if (u != null) {
            try {
                until = Instant.parse(u);
            } catch (DateTimeParseException e) {
                throw invalid("until", "must be an ISO 8601 UTC timestamp such as 2026-12-31T00:00:00Z");
            }
        }
        String url = text(parts, "fileUrl");
        MultiPart.Part content = parts.getFirst("fileContent");
        if ((content == null) == (url == null)) {
            throw new RichMessageReader.Invalid(content == null ? Problem.missingField("fileContent")
                    : Problem.invalidField("fileUrl", "send fileContent or fileUrl, not both"));
        }
        if (content == null) {
            return new FileService.FileUpload(fileType == null ? null : fileType.toLowerCase(Locale.ROOT), until, null, null, url);
        }
        String name = content.getFileName();
        if (name != null && (name.length() > 255 || !WellFormedText.isWellFormed(name) || name.chars().anyMatch(c -> c < 0x20))) {
            throw invalid("fileContent", "the file name must be at most 255 characters, without control characters");
        }
        if (fileType == null) {
            String partType = content.getHeaders().get(HttpHeader.CONTENT_TYPE);
            fileType = partType == null ? null : partType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        }
        if (fileType == null || fileType.isEmpty()) {
            throw new RichMessageReader.Invalid(Problem.missingField("fileType"));
        }
        byte[] bytes = bytes(content);
        return new FileService.FileUpload(fileType.toLowerCase(Locale.ROOT), until, bytes, name == null || name.isBlank()
                ? null : name, null);
    }

    /** A text part's value, strictly UTF-8 and without NUL or lone surrogates; null when absent. */
    private static String text(MultiPartFormData.Parts parts, String name) throws RichMessageReader.Invalid {
        MultiPart.Part p = parts.getFirst(name);
        if (p == null) {
            return null;
        }
        if (p.getLength() > MAX_TEXT_PART) {
            throw invalid(name, "at most " + MAX_TEXT_PART + " bytes");
        }
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes(p))).toString().trim();
        } catch (CharacterCodingException e) {
            throw invalid(name, "must be UTF-8");
        }
        if (!WellFormedText.isWellFormed(s)) {
            throw invalid(name, "must not hold NUL or an unpaired surrogate");
        }
        return s.isEmpty() ? null : s;
    }

    private static byte[] bytes(MultiPart.Part p) throws RichMessageReader.Invalid {
        try {
            ByteBuffer b = Content.Source.asByteBuffer(p.createContentSource());
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (java.io.IOException | RuntimeException e) {
            throw invalid(p.getName(), "could not be read");
        }
    }

    private static RichMessageReader.Invalid invalid(String field, String detail) {
        return new RichMessageReader.Invalid(Problem.invalidField(field, detail));
    }

    private static Problem tooLarge(long max) {
        return Problem.of("file-too-large", "File is too large", 413, "the limit is " + max + " bytes", "fileContent");
    }
}
