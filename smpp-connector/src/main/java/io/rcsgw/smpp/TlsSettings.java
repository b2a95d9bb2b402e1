package io.rcsgw.smpp;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/**
 * SMPP over TLS to an SMSC. Without a trust store the JVM's default trust anchors apply;
 * the SMSC's certificate must name the host the link connects to unless
 * {@code verifyHostname} is off.
 *
 * @param trustStore a PKCS#12 file with the certificates to trust, or null
 */
public record TlsSettings(Path trustStore, String trustStorePassword, boolean verifyHostname) {

    public SSLContext context() throws IOException {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (trustStore == null) {
                tmf.init((KeyStore) null);
            } else {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(trustStore)) {
                    ks.load(in, trustStorePassword == null ? new char[0] : trustStorePassword.toCharArray());
                }
                tmf.init(ks);
            }
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS set-up failed: " + e.getMessage(), e);
        }
    }
}
