package io.rcsgw.rules.routing;

import java.util.Locale;

/** The conditions a rule may switch on or off for falling back from RCS to SMS. */
public enum FallbackTrigger {
    NOT_CAPABLE, MISSING_FEATURE, PLATFORM_UNAVAILABLE, RCS_FAILED, UNDELIVERED;

    /** The config spelling: notCapable, missingFeature, platformUnavailable, rcsFailed, undelivered. */
    public String configName() {
        String[] words = name().toLowerCase(Locale.ROOT).split("_");
        StringBuilder sb = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            sb.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return sb.toString();
    }
}
