package io.rcsgw.rcs.api;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The files bots upload for their messages (the MaaP files API): stored by the gateway, served
 * at a public URL the RCS platform and SMS recipients fetch, gone after their {@code until}.
 * The gateway implements it.
 */
public interface FileService {

    /** The largest file taken, in bytes. */
    long maxBytes();

    /** Stores an upload; completes once it is durable, or with why it was refused. */
    CompletableFuture<UploadResult> upload(String botId, FileUpload upload);

    /** The bot's own file; empty when there is none of that id, it is another bot's, or its time is up. */
    Optional<FileInfo> find(String botId, String fileId);

    /** Deletes the bot's own file; false when there was none. */
    CompletableFuture<Boolean> delete(String botId, String fileId);

    /** A file's bytes, for its public URL: the id alone leads to it (128 random bits); empty when gone. */
    Optional<FileContent> content(String fileId);

    /**
     * What a bot sent: {@code content} (with its part's {@code fileName}, may be null) or a
     * {@code fileUrl} for the gateway to fetch, never both. {@code fileType} and {@code until} may
     * be null (the fetched file's type; the longest time files are kept).
     */
    record FileUpload(String fileType, Instant until, byte[] content, String fileName, String fileUrl) {
    }

    /** A stored file as the API shows it: {@code url} is where the platform and recipients fetch it. */
    record FileInfo(String fileId, String url, String mimeType, String fileName, long size, Instant until) {
    }

    /** The bytes and how to serve them. */
    record FileContent(String mimeType, String fileName, byte[] bytes) {
    }

    /** An upload's outcome. */
    sealed interface UploadResult {
    }

    record Stored(FileInfo file) implements UploadResult {
    }

    /** Nothing stored: {@code field} is the form field at fault, {@code status} the HTTP status to answer. */
    record Refused(String field, int status, String detail) implements UploadResult {
    }
}
