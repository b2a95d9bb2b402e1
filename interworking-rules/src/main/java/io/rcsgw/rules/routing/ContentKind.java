package io.rcsgw.rules.routing;

import io.rcsgw.rules.model.WireNames;

import io.rcsgw.rules.content.RichMessage;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a message holds, as rules match on it: an audio message is a {@link #FILE} (a file
 * transfer on RCS), a pushed location a {@link #LOCATION}; a message with suggestion chips is
 * also {@link #SUGGESTIONS}.
 */
public enum ContentKind {
    TEXT, FILE, LOCATION, CARD, CAROUSEL, SUGGESTIONS;

    public String wireName() {
        return WireNames.of(this);
    }

    public static ContentKind parse(String s) {
        return WireNames.parse(ContentKind.class, s);
    }

    /** The kinds of a message: its content's, plus SUGGESTIONS when it or one of its cards carries any. */
    public static Set<ContentKind> of(RichMessage m) {
        Set<ContentKind> out = EnumSet.noneOf(ContentKind.class);
        boolean suggestions = !m.chips().isEmpty();
        if (m.content() instanceof RichMessage.Text) {
            out.add(TEXT);
        } else if (m.content() instanceof RichMessage.File || m.content() instanceof RichMessage.Audio) {
            out.add(FILE);
        } else if (m.content() instanceof RichMessage.Location) {
            out.add(LOCATION);
        } else if (m.content() instanceof RichMessage.RichCard rc) {
            out.add(rc.carousel() ? CAROUSEL : CARD);
            suggestions |= rc.cards().stream().anyMatch(c -> !c.suggestions().isEmpty());
        }
        if (suggestions) {
            out.add(SUGGESTIONS);
        }
        return out;
    }

    /**
     * The handset feature this kind needs, under each name capability lists use for it (GSMA
     * MaaP's and Google RBM's); empty when any RCS handset shows it.
     */
    public Set<String> features() {
        return switch (this) {
            case FILE -> Set.of("fileTransfer", "FILE_TRANSFER");
            case LOCATION -> Set.of("geolocationPush", "GEOLOCATION_PUSH");
            case CARD -> Set.of("richcard", "RICHCARD_STANDALONE");
            case CAROUSEL -> Set.of("carousel", "RICHCARD_CAROUSEL");
            case TEXT, SUGGESTIONS -> Set.of();
        };
    }
}
