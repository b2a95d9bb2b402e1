package io.rcsgw.smpp.server.internal;

import io.rcsgw.smpp.server.CommandStatus;
import io.rcsgw.smpp.server.EsmeAccount;
import io.rcsgw.smpp.server.PasswordHash;
import org.jsmpp.bean.OptionalParameter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Which addresses a submit may have: the account's own sources, international destinations. */
class SubmitDecoderTest {

    static final EsmeAccount ACCOUNT = new EsmeAccount("e", PasswordHash.of("secret"), List.of(), 1, 10, 10, "bot",
            List.of("12345", "+447700900555", "ACME"));

    @ParameterizedTest(name = "{0}/{1} -> {2}/{3}: {4}")
    @CsvSource(nullValues = "-", value = {
            "12345,        1, 447700900001,   +447700900001, 0",
            "447700900555, 1, +447700900001,  +447700900001, 0",
            "ACME,         0, 00447700900001, +447700900001, 0",
            "99999,        1, 447700900001,   -,             0x0A",
            "'',           1, 447700900001,   -,             0x0A",
            "12345,        1, 123,            -,             0x0B",
            "12345,        1, 4477009abc,     -,             0x0B",
            "12345,        2, 7700900001,     -,             0x50",
    })
    void addresses(String source, int destTon, String destination, String e164, String status) throws Exception {
        SubmitDecoder.Fields f = new SubmitDecoder.Fields((byte) 1, source, (byte) destTon, destination, (byte) 0, (byte) 1,
                (byte) 0, "hi".getBytes(StandardCharsets.ISO_8859_1), new OptionalParameter[0]);
        if (status.equals("0")) {
            assertThat(SubmitDecoder.decode(ACCOUNT, f).destination()).isEqualTo(e164);
        } else {
            SubmitDecoder.Refusal r = catchThrowableOfType(() -> SubmitDecoder.decode(ACCOUNT, f), SubmitDecoder.Refusal.class);
            assertThat(r.status).isEqualTo(Integer.decode(status));
        }
    }

    @ParameterizedTest(name = "esm_class {0}")
    @CsvSource({"0x00, 0", "0x40, 0", "0x03, 0", "0x02, 0x43", "0x04, 0x43", "0x08, 0x43"})
    void esmClass(String esmClass, String status) throws Exception {
        byte[] body = Integer.decode(esmClass) == 0x40 ? new byte[]{0x05, 0x00, 0x03, 0x01, 0x02, 0x01, 0x41}
                : "A".getBytes(StandardCharsets.ISO_8859_1);
        SubmitDecoder.Fields f = new SubmitDecoder.Fields((byte) 1, "12345", (byte) 1, "447700900001",
                Integer.decode(esmClass).byteValue(), (byte) 1, (byte) 0, body, new OptionalParameter[0]);
        if (status.equals("0")) {
            assertThat(SubmitDecoder.decode(ACCOUNT, f).text()).isEqualTo("A");
        } else {
            assertThat(catchThrowableOfType(() -> SubmitDecoder.decode(ACCOUNT, f), SubmitDecoder.Refusal.class).status)
                    .isEqualTo(CommandStatus.ESME_RINVESMCLASS);
        }
    }
}
