package io.rcsgw.rules.content;

/**
 * A suggestion as an SMS shows it: its number (what the user may answer), its label, and what
 * a tap on it would have sent back in RCS ({@code postback}, null when the bot gave none).
 */
public record NumberedSuggestion(int number, RichMessage.Suggestion.Kind kind, String text, String postback) {
}
