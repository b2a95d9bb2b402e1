package io.rcsgw.rules.rating;

/** Which way a message went: bot to user (mobile terminated) or user to bot (mobile originated). */
public enum Direction {
    MT,
    MO
}
