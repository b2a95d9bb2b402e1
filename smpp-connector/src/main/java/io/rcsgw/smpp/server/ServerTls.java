package io.rcsgw.smpp.server;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/**
 * The SMPP server's TLS port: where it listens (0: any free port) and the PKCS#12 key store
 * holding the server's key and certificate chain (its password also the key's).
 */
public record ServerTls(int port, Path keyStore, String keyStorePassword) {

    @Override
    public String toString() {
        return "ServerTls[port=" + port + ", keyStore=" + keyStore + "]"; // never the password
    }

    public SSLContext context() throws IOException {
        char[] password = keyStorePassword == null ? new char[0] : keyStorePassword.toCharArray();
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("the SMPP server's TLS key store " + keyStore + " could not be used: " + e.getMessage(), e);
        }
    }
}
