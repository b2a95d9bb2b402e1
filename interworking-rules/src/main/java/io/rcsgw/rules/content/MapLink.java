package io.rcsgw.rules.content;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** A map search link any phone's browser opens (a {@code geo:} URI is not a link in most SMS readers). */
public final class MapLink {

    private MapLink() {
    }

    /** {@code query}: an address, a place name, or {@code latitude,longitude}. */
    public static String of(String query) {
        return "https://www.google.com/maps/search/?api=1&query=" + URLEncoder.encode(query, StandardCharsets.UTF_8);
    }
}
