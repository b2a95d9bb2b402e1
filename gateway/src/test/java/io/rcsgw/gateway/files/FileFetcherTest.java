package io.rcsgw.gateway.files;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which fileUrls the gateway would fetch under an allow-list, and as what URL. */
class FileFetcherTest {

    static final FileFetcher FETCHER = new FileFetcher(List.of("https://cdn.example.com/media", "http://files.example.net:8080/"),
            Duration.ofSeconds(1), 1000);

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "-", value = {
            "https://cdn.example.com/media/a.png,                 https://cdn.example.com:443/media/a.png",
            "https://CDN.example.com:443/media/x/y.jpg?v=2,       https://cdn.example.com:443/media/x/y.jpg?v=2",
            "https://cdn.example.com/media/./a.png,               https://cdn.example.com:443/media/a.png",
            "http://files.example.net:8080/any/thing.pdf,         http://files.example.net:8080/any/thing.pdf",
            // outside the prefix, however it is spelt
            "https://cdn.example.com/mediaX/a.png,                -",
            "https://cdn.example.com/media/../private/a.png,      -",
            "https://cdn.example.com/media/%2e%2e/private/a.png,  -",
            "https://cdn.example.com/media%2fa.png,               -",
            "https://cdn.example.com.evil.net/media/a.png,        -",
            "https://user:pw@cdn.example.com/media/a.png,         -",
            "http://cdn.example.com/media/a.png,                  -",
            "https://cdn.example.com:8443/media/a.png,            -",
            "http://files.example.net/any/thing.pdf,              -",
            "ftp://cdn.example.com/media/a.png,                   -",
            "file:///etc/passwd,                                  -",
            "https://cdn.example.com/media/a.png#frag,            -",
            "not a url,                                           -",
    })
    void onlyUrlsUnderAnAllowedPrefixAreFetched(String url, String fetched) {
        assertThat(FETCHER.allowed(url).map(Object::toString).orElse(null)).isEqualTo(fetched);
    }

    @org.junit.jupiter.api.Test
    void withNoAllowListNothingIsFetched() {
        FileFetcher off = new FileFetcher(List.of(), Duration.ofSeconds(1), 1000);
        assertThat(off.enabled()).isFalse();
        assertThat(off.fetch("https://cdn.example.com/media/a.png")).isInstanceOf(FileFetcher.Refused.class);
    }
}
