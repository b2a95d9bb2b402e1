package io.rcsgw.smpp.server;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * An ESME account's password as configured: a bcrypt hash ({@code $2a$}, {@code $2b$} or
 * {@code $2y$}, as htpasswd and most tools make them), a PBKDF2 hash
 * ({@code pbkdf2-sha256:<iterations>:<salt base64>:<hash base64>}) or, for the demo and tests,
 * the password itself. Checked in constant time; never printed ({@link #toString()}).
 */
public final class PasswordHash {

    private static final String PBKDF2 = "pbkdf2-sha256:";

    private final String configured;

    private PasswordHash(String configured) {
        this.configured = configured;
    }

    public static PasswordHash of(String configured) {
        if (configured == null || configured.isEmpty()) {
            throw new IllegalArgumentException("a password is required");
        }
        if (configured.startsWith(PBKDF2) && configured.split(":").length != 4) {
            throw new IllegalArgumentException("a PBKDF2 hash reads pbkdf2-sha256:<iterations>:<salt>:<hash>");
        }
        if (bcrypt(configured) && !configured.matches("\\$2[aby]\\$\\d{2}\\$[./A-Za-z0-9]{53}")) {
            throw new IllegalArgumentException("a bcrypt hash reads $2b$<cost>$ and 53 characters");
        }
        return new PasswordHash(configured);
    }

    /** A hash of {@code password} in the configured form (for operators making one). */
    public static String hash(String password, int iterations) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return PBKDF2 + iterations + ":" + Base64.getEncoder().encodeToString(salt) + ":"
                + Base64.getEncoder().encodeToString(pbkdf2(password, salt, iterations, 32));
    }

    public boolean isHashed() {
        return configured.startsWith(PBKDF2) || bcrypt(configured);
    }

    private static boolean bcrypt(String s) {
        return s.startsWith("$2a$") || s.startsWith("$2b$") || s.startsWith("$2y$");
    }

    public boolean matches(String candidate) {
        if (candidate == null) {
            return false;
        }
        if (!isHashed()) {
            return MessageDigest.isEqual(configured.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
        }
        if (bcrypt(configured)) {
            try {
                return org.springframework.security.crypto.bcrypt.BCrypt.checkpw(candidate, configured);
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        String[] p = configured.split(":");
        byte[] expected = Base64.getDecoder().decode(p[3]);
        byte[] got = pbkdf2(candidate, Base64.getDecoder().decode(p[2]), Integer.parseInt(p[1]), expected.length);
        return MessageDigest.isEqual(expected, got);
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations, int bytes) {
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, bytes * 8)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return configured.startsWith(PBKDF2) ? "pbkdf2-sha256:***" : bcrypt(configured) ? "bcrypt:***" : "***";
    }
}
