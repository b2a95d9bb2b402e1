package io.rcsgw.rcs.server;

import org.eclipse.jetty.io.Content;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * Reads a request body up to a limit, without blocking. Unlike Jetty's
 * {@code Content.Source.asByteArrayAsync}, a body over the limit is not failed on the request
 * after the caller was told: the caller answers 413 and Jetty drops the rest as it completes the
 * response (failing the source after that answer went out made Jetty log a NullPointerException).
 */
final class BodyReader {

    /** The body is longer than the limit. */
    static final class TooLarge extends Exception {
        TooLarge() {
            super("body over the limit", null, false, false);
        }
    }

    private BodyReader() {
    }

    static CompletableFuture<byte[]> read(Content.Source source, int max) {
        CompletableFuture<byte[]> out = new CompletableFuture<>();
        long declared = source.getLength();
        if (declared > max) {
            out.completeExceptionally(new TooLarge());
            return out;
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream(declared > 0 ? (int) declared : 256);
        new Runnable() {
            @Override
            public void run() {
                while (true) {
                    Content.Chunk chunk = source.read();
                    if (chunk == null) {
                        source.demand(this);
                        return;
                    }
                    if (Content.Chunk.isFailure(chunk)) {
                        out.completeExceptionally(chunk.getFailure());
                        return;
                    }
                    ByteBuffer b = chunk.getByteBuffer();
                    if (buf.size() + b.remaining() > max) {
                        chunk.release();
                        out.completeExceptionally(new TooLarge());
                        return;
                    }
                    byte[] bytes = new byte[b.remaining()];
                    b.get(bytes);
                    buf.writeBytes(bytes);
                    boolean last = chunk.isLast();
                    chunk.release();
                    if (last) {
                        out.complete(buf.toByteArray());
                        return;
                    }
                }
            }
        }.run();
        return out;
    }

    /** The answer for a body that could not be read: 413 over the limit, else 400. */
    static Problem problem(Throwable failure, int max) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause instanceof TooLarge ? Problem.bodyTooLarge(max)
                : Problem.of("unreadable-body", "The request body could not be read", 400, "the body ended early or could not be decoded", null);
    }
}
