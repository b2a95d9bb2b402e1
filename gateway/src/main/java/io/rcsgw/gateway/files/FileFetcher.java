package io.rcsgw.gateway.files;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Fetches a file an upload names by {@code fileUrl}, and only one under an operator's allowed
 * URL prefix: the gateway must not become a way into the networks it can reach (SSRF). The URL
 * is compared as parsed (scheme, host, port, path with dot segments resolved; no user info,
 * no encoded dots or slashes); redirects are not followed, the body is cut off past the limit,
 * and the whole fetch ends at the timeout.
 */
final class FileFetcher {

    /** What came back, or why nothing did ({@code field} fileUrl, {@code status} for the API). */
    sealed interface Fetched {
    }

    record Got(String mimeType, byte[] bytes) implements Fetched {
    }

    record Refused(int status, String detail) implements Fetched {
    }

    private final List<URI> allow;
    private final Duration timeout;
    private final long maxBytes;
    private final HttpClient client;

    FileFetcher(List<String> allow, Duration timeout, long maxBytes) {
        this.allow = allow.stream().map(a -> normalise(URI.create(a))).flatMap(Optional::stream)
                .map(u -> u.getPath().endsWith("/") ? u : URI.create(u + "/")).toList();
        this.timeout = timeout;
        this.maxBytes = maxBytes;
        this.client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(timeout).build();
    }

    boolean enabled() {
        return !allow.isEmpty();
    }

    /** {@code url} as it will be fetched, when it lies under an allowed prefix. */
    Optional<URI> allowed(String url) {
        Optional<URI> u;
        try {
            u = normalise(new URI(url));
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
        return u.filter(n -> allow.stream().anyMatch(a -> n.toString().startsWith(a.toString())));
    }

    /** Blocks for at most the timeout (and the time to read what arrived). */
    Fetched fetch(String url) {
        if (!enabled()) {
            return new Refused(400, "the gateway does not fetch files; upload the file as fileContent");
        }
        Optional<URI> target = allowed(url);
        if (target.isEmpty()) {
            return new Refused(400, "not under a URL prefix the operator allows files to be fetched from");
        }
        // the URL as checked, not as given: what is fetched is what was allowed
        HttpRequest request = HttpRequest.newBuilder(target.get()).timeout(timeout).GET().build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                    return new Refused(400, "fetching it was answered " + response.statusCode());
                }
                long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                if (declared > maxBytes) {
                    return new Refused(413, "the file is " + declared + " bytes, the limit is " + maxBytes);
                }
                byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                if (bytes.length > maxBytes) {
                    return new Refused(413, "the file is larger than the limit of " + maxBytes + " bytes");
                }
                String type = response.headers().firstValue("Content-Type").map(t -> t.split(";", 2)[0].trim()
                        .toLowerCase(Locale.ROOT)).orElse(null);
                return new Got(type, bytes);
            }
        } catch (java.net.http.HttpTimeoutException e) {
            return new Refused(400, "fetching it took longer than " + timeout);
        } catch (IOException e) {
            return new Refused(400, "it could not be fetched");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Refused(503, "interrupted");
        }
    }

    /** http(s) with a host, no user info or fragment, no encoded dot, slash or backslash; dot segments resolved. */
    static Optional<URI> normalise(URI u) {
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null || u.getRawUserInfo() != null
                || u.getRawFragment() != null) {
            return Optional.empty();
        }
        String rawPath = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        String lower = rawPath.toLowerCase(Locale.ROOT);
        if (lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c") || rawPath.contains("\\")) {
            return Optional.empty();
        }
        int port = u.getPort() != -1 ? u.getPort() : scheme.equals("https") ? 443 : 80;
        try {
            URI n = new URI(scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + ":" + port + rawPath
                    + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery())).normalize();
            return n.getRawPath().startsWith("/..") ? Optional.empty() : Optional.of(n);
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }
}
