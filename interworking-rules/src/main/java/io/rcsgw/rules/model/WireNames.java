package io.rcsgw.rules.model;

import java.util.Locale;

/** How enum constants are spelled in the config and the API: lower case, words joined by '-' (RCS_FIRST is rcs-first). */
public final class WireNames {

    private WireNames() {
    }

    public static String of(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The constant spelled {@code s}, or null when there is none. */
    public static <E extends Enum<E>> E parse(Class<E> type, String s) {
        for (E e : type.getEnumConstants()) {
            if (of(e).equals(s)) {
                return e;
            }
        }
        return null;
    }
}
