package io.rcsgw.ops.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU use read from Linux's /proc, in clock ticks (100 a second): of a process, its JIT threads, the machine. */
final class ProcCpu {

    private ProcCpu() {
    }

    /**
     * Of the whole process: CPU ticks, those of its JIT compiler threads, its system (kernel) ticks,
     * and its threads' context switches (voluntary and not; those of threads that ended are lost).
     */
    static long[] cpuTicksByKind(long pid) throws IOException {
        long[] sum = new long[4];
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long system = Long.parseLong(f[12]);
                    long ticks = Long.parseLong(f[11]) + system;
                    sum[0] += ticks;
                    if (Files.readString(t.resolve("comm")).contains("CompilerThre")) {
                        sum[1] += ticks;
                    }
                    sum[2] += system;
                    for (String line : Files.readAllLines(t.resolve("status"))) {
                        if (line.contains("ctxt_switches:")) {
                            sum[3] += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                } catch (IOException | RuntimeException gone) {
                    // the thread ended while we looked
                }
            }
        }
        return sum;
    }

    /** Busy clock ticks of the whole machine (all CPUs, everything but idle and iowait). */
    static long machineBusyTicks() throws IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long busy = 0;
        for (int i = 1; i < f.length && i <= 8; i++) {
            if (i != 4 && i != 5) {
                busy += Long.parseLong(f[i]);
            }
        }
        return busy;
    }

    /** utime + stime of a process in clock ticks (100 per second on Linux). */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
