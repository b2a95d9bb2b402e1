package io.rcsgw.rules.rating;

/** What the 160 of a basic message counts. */
public enum TextLimit {
    /** Characters (Unicode code points): an emoji is one. */
    CHARACTERS,
    /** UTF-8 bytes: an accented letter is two, an emoji four. */
    BYTES
}
