package io.rcsgw.smpp.server;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCrypt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Plain, PBKDF2 and bcrypt passwords: the right one matches, nothing else does, and none is ever printed. */
class PasswordHashTest {

    @Test
    void eachFormMatchesOnlyItsPassword() {
        PasswordHash plain = PasswordHash.of("demo1234");
        PasswordHash pbkdf2 = PasswordHash.of(PasswordHash.hash("demo1234", 1000));
        PasswordHash bcrypt = PasswordHash.of(BCrypt.hashpw("demo1234", BCrypt.gensalt(4)));
        // as htpasswd -B writes it
        PasswordHash bcrypt2y = PasswordHash.of(BCrypt.hashpw("demo1234", BCrypt.gensalt(4)).replaceFirst("^\\$2a\\$", "\\$2y\\$"));
        for (PasswordHash h : new PasswordHash[]{plain, pbkdf2, bcrypt, bcrypt2y}) {
            assertThat(h.matches("demo1234")).as(h.toString()).isTrue();
            assertThat(h.matches("demo1235")).isFalse();
            assertThat(h.matches("")).isFalse();
            assertThat(h.matches(null)).isFalse();
            assertThat(h.toString()).doesNotContain("demo1234").contains("***");
        }
        assertThat(plain.isHashed()).isFalse();
        assertThat(pbkdf2.isHashed()).isTrue();
        assertThat(bcrypt.isHashed()).isTrue();
        assertThat(bcrypt.toString()).isEqualTo("bcrypt:***");
    }

    @Test
    void aMalformedHashIsRefusedAtConfigTime() {
        assertThatThrownBy(() -> PasswordHash.of("$2b$10$short")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PasswordHash.of("pbkdf2-sha256:1000:abc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PasswordHash.of("")).isInstanceOf(IllegalArgumentException.class);
    }
}
