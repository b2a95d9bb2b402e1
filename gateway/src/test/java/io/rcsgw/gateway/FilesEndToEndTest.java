package io.rcsgw.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.rcsgw.rcs.sim.RcsPlatformSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.rcsgw.gateway.GatewayEndToEndTest.io;
import static io.rcsgw.gateway.Harness.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MaaP files API end to end: a bot uploads a file as a multipart form, sees and deletes it,
 * sends a fileMessage that refers to it (the platform is told its type and size and fetches it
 * from the public URL), and cannot use it once it is deleted or past its until. Fetching a
 * fileUrl happens only under an allowed prefix, never through a redirect.
 */
class FilesEndToEndTest {

    static final byte[] PNG = png();

    @TempDir
    Path dir;
    RulesRig rig;

    @BeforeEach
    void start() throws Exception {
        rig = new RulesRig(dir, RulesRig.RCS_FIRST);
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    @Test
    void anUploadedFileIsShownServedSentAndDeleted() throws Exception {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("fileType", "image/png");
        form.put("until", Instant.now().plus(Duration.ofDays(1)).toString());
        form.put("fileContent", new Part("logo.png", "image/png", PNG));
        HttpResponse<String> up = upload(form);
        assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
        JsonNode file = JSON.readTree(up.body());
        String id = file.get("fileId").asText();
        assertThat(id).matches("[A-Za-z0-9_-]{22}");
        assertThat(up.headers().firstValue("Location")).hasValue("/rcs/bot/v1/bot1/files/" + id);
        String url = "http://127.0.0.1:" + rig.webViewPort + "/f/" + id;
        JsonNode info = file.at("/fileInfo/0");
        assertThat(info.get("fileUrl").asText()).isEqualTo(url);
        assertThat(info.get("fileMIMEType").asText()).isEqualTo("image/png");
        assertThat(info.get("fileSize").asLong()).isEqualTo(PNG.length);
        assertThat(info.get("fileName").asText()).isEqualTo("logo.png");

        Reply shown = call("GET", files() + "/" + id, rig.token, null, null);
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.body()).isEqualTo(file);

        HttpResponse<byte[]> served = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body()).isEqualTo(PNG);
        assertThat(served.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(served.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(served.headers().firstValue("Content-Security-Policy").orElse("")).contains("sandbox");

        // a fileMessage naming only the URL, with an SDK's nulls: the platform gets its type, size and name
        Reply sent = rig.send("""
                {"RCSMessage":{"msgId":"file-1","fileMessage":{"fileUrl":"%s","fileMIMEType":null,"fileSize":null,
                 "fileName":null,"thumbnailUrl":null}},"messageContact":{"userContact":"+447700900001","chatId":null}}"""
                .formatted(url));
        assertThat(sent.status()).as(sent.body().toString()).isEqualTo(202);
        await("platform got it", 5000, () -> rig.platform().received().stream().anyMatch(r -> r.msgId().equals("file-1")));
        RcsPlatformSimulator.Received got = rig.platform().received().stream().filter(r -> r.msgId().equals("file-1"))
                .findFirst().orElseThrow();
        JsonNode fm = got.rcsMessage().get("fileMessage");
        assertThat(fm.get("fileUrl").asText()).isEqualTo(url);
        assertThat(fm.get("fileMIMEType").asText()).isEqualTo("image/png");
        assertThat(fm.get("fileSize").asLong()).isEqualTo(PNG.length);
        assertThat(fm.get("fileName").asText()).isEqualTo("logo.png");
        rig.awaitState("file-1", "DELIVERED", 5000);

        Reply deleted = call("DELETE", files() + "/" + id, rig.token, null, null);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.body().get("status").asText()).isEqualTo("deleted");
        assertThat(call("GET", files() + "/" + id, rig.token, null, null).status()).isEqualTo(404);
        assertThat(call("DELETE", files() + "/" + id, rig.token, null, null).status()).isEqualTo(404);
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode()).isEqualTo(404);
        Reply refused = rig.send("""
                {"RCSMessage":{"msgId":"file-2","fileMessage":{"fileUrl":"%s"}},"messageContact":{"userContact":"+447700900001"}}"""
                .formatted(url));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("field").asText()).isEqualTo("RCSMessage.fileMessage.fileUrl");
        assertThat(status(rig.port, rig.token, "bot1", "file-2").status()).isEqualTo(404);
    }

    @Test
    void badUploadsAreRefusedNamingTheField() throws Exception {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("fileType", "text/html");
        form.put("fileContent", new Part("x.html", "text/html", "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8)));
        assertProblem(upload(form), 400, "fileType");

        form = new LinkedHashMap<>();
        form.put("fileType", "image/png");
        assertProblem(upload(form), 400, "fileContent");

        form.put("until", "tomorrow");
        form.put("fileContent", new Part("a.png", "image/png", PNG));
        assertProblem(upload(form), 400, "until");

        form.put("until", Instant.now().minusSeconds(60).toString());
        assertProblem(upload(form), 400, "until");

        form.remove("until");
        form.put("fileUrl", "https://cdn.example.com/a.png");
        assertProblem(upload(form), 400, "fileUrl");

        form.remove("fileContent");
        HttpResponse<String> noFetch = upload(form);
        assertProblem(noFetch, 400, "fileUrl");
        assertThat(JSON.readTree(noFetch.body()).get("detail").asText()).contains("does not fetch");

        form = new LinkedHashMap<>();
        form.put("fileType", "image/png");
        form.put("colour", "blue");
        form.put("fileContent", new Part("a.png", "image/png", PNG));
        assertProblem(upload(form), 400, "colour");

        form = new LinkedHashMap<>();
        form.put("fileType", "image/png");
        byte[] big = new byte[10 * 1024 * 1024 + 1];
        form.put("fileContent", new Part("big.png", "image/png", big));
        assertProblem(upload(form), 413, "fileContent");

        Reply json = call("POST", files(), rig.token, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(json.status()).isEqualTo(415);
        assertThat(call("POST", files(), null, "multipart/form-data; boundary=x", new byte[0]).status()).isEqualTo(401);
        assertThat(call("GET", files() + "/AAAAAAAAAAAAAAAAAAAAAA", rig.token, null, null).status()).isEqualTo(404);
    }

    @Test
    void anUntilInThePastOfTheFileEndsIt() throws Exception {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("fileType", "image/png");
        form.put("until", Instant.now().plusMillis(1500).toString());
        form.put("fileContent", new Part("a.png", "image/png", PNG));
        HttpResponse<String> up = upload(form);
        assertThat(up.statusCode()).isEqualTo(201);
        String id = JSON.readTree(up.body()).get("fileId").asText();
        assertThat(call("GET", files() + "/" + id, rig.token, null, null).status()).isEqualTo(200);
        await("file gone", 5000, () -> io(() -> call("GET", files() + "/" + id, rig.token, null, null).status()) == 404);
        URI url = URI.create("http://127.0.0.1:" + rig.webViewPort + "/f/" + id);
        assertThat(HTTP.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.discarding()).statusCode())
                .isEqualTo(404);
    }

    @Test
    void aFileUrlIsFetchedOnlyUnderAnAllowedPrefixAndNeverThroughARedirect() throws Exception {
        int hook = rig.hooks.port();
        rig.extraConfig = "files: {fetch: {allow: [\"http://127.0.0.1:%d/media/\"], timeout: 2s}}\n".formatted(hook);
        rig.restart();
        rig.hooks.stubFor(get(urlEqualTo("/media/pic.png")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "image/png").withBody(PNG)));
        rig.hooks.stubFor(get(urlEqualTo("/private/secret.png")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "image/png").withBody(PNG)));
        rig.hooks.stubFor(get(urlEqualTo("/media/moved.png")).willReturn(aResponse().withStatus(302)
                .withHeader("Location", "http://127.0.0.1:" + hook + "/private/secret.png")));

        Map<String, Object> form = new LinkedHashMap<>();
        form.put("fileUrl", "http://127.0.0.1:" + hook + "/media/pic.png");
        HttpResponse<String> up = upload(form);
        assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
        JsonNode info = JSON.readTree(up.body()).at("/fileInfo/0");
        assertThat(info.get("fileMIMEType").asText()).isEqualTo("image/png");
        assertThat(info.get("fileName").asText()).isEqualTo("pic.png");
        HttpResponse<byte[]> served = HTTP.send(HttpRequest.newBuilder(URI.create(info.get("fileUrl").asText())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(served.body()).isEqualTo(PNG);

        for (String bad : new String[]{"http://127.0.0.1:" + hook + "/private/secret.png",
                "http://127.0.0.1:" + hook + "/media/../private/secret.png",
                "http://127.0.0.1:" + hook + "/media/%2e%2e/private/secret.png",
                "http://user@127.0.0.1:" + hook + "/media/pic.png",
                "http://127.0.0.1:" + hook + "/media/moved.png",
                "file:///etc/passwd"}) {
            form.put("fileUrl", bad);
            assertProblem(upload(form), 400, "fileUrl");
        }
        rig.hooks.verify(0, getRequestedFor(urlEqualTo("/private/secret.png")));
    }

    private String files() {
        return "http://127.0.0.1:" + rig.port + "/rcs/bot/v1/bot1/files";
    }

    private static void assertProblem(HttpResponse<String> r, int status, String field) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JSON.readTree(r.body()).path("field").asText()).as(r.body()).isEqualTo(field);
    }

    record Part(String fileName, String type, byte[] bytes) {
    }

    /** Posts a multipart form as MaaP SDKs build it: text fields, and files as parts with a file name. */
    private HttpResponse<String> upload(Map<String, Object> form) throws Exception {
        String boundary = "----rcsgw" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, Object> e : form.entrySet()) {
            body.write(("--" + boundary + "\r\n").getBytes(StandardCharsets.UTF_8));
            if (e.getValue() instanceof Part p) {
                body.write(("Content-Disposition: form-data; name=\"" + e.getKey() + "\"; filename=\"" + p.fileName()
                        + "\"\r\nContent-Type: " + p.type() + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                body.write(p.bytes());
            } else {
                body.write(("Content-Disposition: form-data; name=\"" + e.getKey() + "\"\r\n\r\n" + e.getValue())
                        .getBytes(StandardCharsets.UTF_8));
            }
            body.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(files())).timeout(Duration.ofSeconds(20))
                .header("Authorization", rig.token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A small PNG's bytes (its signature and a few more): what matters is that they come back unchanged. */
    private static byte[] png() {
        byte[] b = new byte[300];
        byte[] sig = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        System.arraycopy(sig, 0, b, 0, sig.length);
        for (int i = sig.length; i < b.length; i++) {
            b[i] = (byte) (i * 7);
        }
        return Arrays.copyOf(b, b.length);
    }
}
