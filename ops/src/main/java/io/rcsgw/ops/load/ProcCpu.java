package io.rcsgw.ops.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU use read from Linux's /proc, in clock ticks (100 a second): of a process, its JIT threads, the machine. */
final class ProcCpu {

    private ProcCpu() {
    }

    /** CPU ticks of the whole process and of its JIT compiler threads. */
    static long[] cpuTicksByKind(long pid) throws IOException {
        long all = 0;
        long jit = 0;
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    all += ticks;
                    if (Files.readString(t.resolve("comm")).contains("CompilerThre")) {
                        jit += ticks;
                    }
                } catch (IOException | RuntimeException gone) {
                    // the thread ended while we looked
                }
            }
        }
        return new long[]{all, jit};
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
