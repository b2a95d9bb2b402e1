package io.rcsgw.ops.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProcCpuTest {

    private static final long SELF = ProcessHandle.current().pid();

    @Test
    void countsThisProcessesCpuKernelTimeAndContextSwitches() throws Exception {
        long[] before = ProcCpu.cpuTicksByKind(SELF);
        long spin = System.nanoTime() + 300_000_000L;
        long x = 0;
        while (System.nanoTime() < spin) {
            x += Long.numberOfTrailingZeros(x + System.nanoTime());
        }
        for (int i = 0; i < 50; i++) {
            Thread.sleep(1); // each sleep parks the thread: a voluntary context switch
        }
        long[] after = ProcCpu.cpuTicksByKind(SELF);

        assertThat(x).isNotNegative();
        assertThat(after).hasSize(4);
        // 300 ms of spinning is about 30 ticks of 10 ms; other threads of the test JVM add some
        assertThat(after[0] - before[0]).isGreaterThanOrEqualTo(20);
        assertThat(after[1]).isBetween(0L, after[0]);
        assertThat(after[2]).isBetween(0L, after[0]);
        assertThat(after[3] - before[3]).isGreaterThanOrEqualTo(50);
        assertThat(ProcCpu.cpuTicks(SELF)).isGreaterThanOrEqualTo(after[0] - 5);
    }

    @Test
    void machineBusyTicksGrowWhileThisProcessSpins() throws Exception {
        long before = ProcCpu.machineBusyTicks();
        long spin = System.nanoTime() + 200_000_000L;
        while (System.nanoTime() < spin) {
            Thread.onSpinWait();
        }
        assertThat(ProcCpu.machineBusyTicks() - before).isGreaterThanOrEqualTo(10);
    }
}
