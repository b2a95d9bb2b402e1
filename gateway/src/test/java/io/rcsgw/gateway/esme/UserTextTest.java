package io.rcsgw.gateway.esme;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class UserTextTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            {"textMessage":"hello"}                                                                      | hello
            {"suggestedResponse":{"response":{"reply":{"displayText":"Yes","postback":{"data":"y"}}}}}    | Yes
            {"suggestedResponse":{"response":{"action":{"displayText":"Call us"}}}}                      | Call us
            {"fileMessage":{"fileUrl":"https://f.example/a.jpg","fileMIMEType":"image/jpeg"}}             | https://f.example/a.jpg
            {"audioMessage":{"fileUrl":"https://f.example/a.ogg"}}                                         | https://f.example/a.ogg
            {"geolocationPushMessage":{"pos":{"latitude":51.5,"longitude":-0.12}}}                        | geo:51.5,-0.12
            {"geolocationPushMessage":{"label":"Home","latitude":51.5,"longitude":-0.12}}                 | Home geo:51.5,-0.12
            {"geolocationPushMessage":{"pos":{"latitude":"51.5","longitude":"-0.12"}}}                    | NULL
            {"isTyping":"active"}                                                                         | NULL
            {"textMessage":5}                                                                             | NULL
            {}                                                                                            | NULL
            """)
    void readsAsText(String rcsMessage, String expected) throws Exception {
        assertThat(UserText.of(JSON.readTree(rcsMessage))).isEqualTo(expected);
    }
}
