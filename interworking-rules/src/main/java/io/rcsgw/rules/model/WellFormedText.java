package io.rcsgw.rules.model;

/**
 * Text every input path takes (HTTP, platform events, SMPP): no NUL, which the store refuses,
 * and no unpaired surrogate, which would be stored as '?' and make two texts one.
 */
public final class WellFormedText {

    private WellFormedText() {
    }

    public static boolean isWellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
