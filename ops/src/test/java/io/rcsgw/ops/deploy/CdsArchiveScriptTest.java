package io.rcsgw.ops.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ops/deploy/cds-archive.sh} (run by the container build) writes an archive the JVM maps
 * at start: the gateway's own classes then come from it, not from the jar. It starts the demo,
 * on its fixed loopback ports.
 */
class CdsArchiveScriptTest {

    static final Path JAR = Path.of("../gateway/target/rcsgw.jar").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    static String run(List<String> command, Path log) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void theArchiveItWritesIsUsedAtTheNextStart() throws Exception {
        assertThat(JAR).as("the gateway jar, built before this module").exists();
        Path archive = dir.resolve("rcsgw.jsa");
        String made = run(List.of("sh", "deploy/cds-archive.sh", JAR.toString(), archive.toString()), dir.resolve("made.log"));
        assertThat(made).contains("wrote " + archive);
        assertThat(Files.size(archive)).isGreaterThan(1_000_000);

        // -Xshare:on: a JVM that cannot map the archive refuses to start instead of running without it
        Path probe = dir.resolve("probe.log");
        Process p = new ProcessBuilder("java", "-Xshare:on", "-XX:SharedArchiveFile=" + archive, "-Xlog:class+load=info",
                "-jar", JAR.toString()).redirectErrorStream(true).redirectOutput(probe.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String loaded = Files.readString(probe, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("usage error without arguments").isEqualTo(2);
        assertThat(loaded).contains("usage: java -jar rcsgw.jar");
        assertThat(loaded.lines().filter(l -> l.contains(" io.rcsgw.gateway.Main ")).findFirst().orElse(""))
                .contains("source: shared objects file (top)");
    }
}
