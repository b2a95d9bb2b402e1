package io.rcsgw.rules.content;

import java.util.List;

/** A rich message as SMS text, with the suggestions it numbered (for numeric answers). */
public record RenderedSms(String text, List<NumberedSuggestion> suggestions) {

    public RenderedSms {
        suggestions = List.copyOf(suggestions);
    }
}
