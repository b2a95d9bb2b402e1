package io.rcsgw.rules.content;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SmsTemplateTest {

    @Test
    void aBrokenTemplateSaysWhatAndWhere() {
        assertThatThrownBy(() -> SmsTemplate.compile("Hello\n{{#cards}}\n{{title}}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cards").hasMessageContaining("line");
    }

    @Test
    void noPartialsAndNoMethodsOrFieldsOfAnyObject() {
        assertThatThrownBy(() -> SmsTemplate.compile("{{> /etc/passwd}}")).isInstanceOf(IllegalArgumentException.class);
        // a value's own methods (String.getBytes, .length, .class) are not reachable: they render empty
        SmsTemplate t = SmsTemplate.compile("{{text.bytes}}|{{text.class}}|{{#text}}{{length}}{{class.name}}{{/text}}|{{text}}");
        assertThat(SmsRendering.render(RichMessage.text("hi"), t).text()).isEqualTo("|||hi");
    }

    @Test
    void nothingIsEscaped() {
        SmsTemplate t = SmsTemplate.compile("{{text}}");
        assertThat(SmsRendering.render(RichMessage.text("<b>&\"'</b>"), t).text()).isEqualTo("<b>&\"'</b>");
        assertThat(SmsRendering.render(new RichMessage(new RichMessage.Text("x"), List.of()), t).suggestions()).isEmpty();
    }
}
