package io.rcsgw.ops.load;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a run costs the PostgreSQL database the gateway stores on: its transactions, the rows it
 * inserted, updated and deleted, the WAL it wrote (what a replica receives, and what the
 * primary's disk writes at each commit) and, where {@code pg_stat_statements} is loaded, the
 * statements it ran, and the CPU its server processes took when it runs on this machine; read
 * before and after, reported per message.
 */
final class DbCost {

    private final String url;
    private final String user;

    DbCost(String url, String user) {
        this.url = url;
        this.user = user;
    }

    /** The counters now, by name; statistics are flushed first so the reading is current. */
    Map<String, Double> snapshot() throws SQLException {
        Map<String, Double> out = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement()) {
            try {
                s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            } catch (SQLException absent) {
                // not installed: statements are not counted
            }
            try (ResultSet rs = s.executeQuery("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')")) {
                rs.next();
                out.put("wal bytes", rs.getDouble(1));
            }
            s.execute("SELECT pg_stat_clear_snapshot()");
            try (ResultSet rs = s.executeQuery("SELECT xact_commit, tup_inserted, tup_updated, tup_deleted, "
                    + "tup_returned + tup_fetched FROM pg_stat_database WHERE datname = current_database()")) {
                rs.next();
                out.put("transactions", rs.getDouble(1));
                out.put("rows inserted", rs.getDouble(2));
                out.put("rows updated", rs.getDouble(3));
                out.put("rows deleted", rs.getDouble(4));
                out.put("rows read", rs.getDouble(5));
            }
            try (ResultSet rs = s.executeQuery("SELECT sum(calls) FROM pg_stat_statements "
                    + "WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())")) {
                rs.next();
                out.put("statements", rs.getDouble(1));
            } catch (SQLException notLoaded) {
                // pg_stat_statements is not in shared_preload_libraries: statements are not counted
            }
        }
        out.put("server CPU-ms", localServerTicks() * 10.0);
        return out;
    }

    /** CPU ticks (1/100 s) of the PostgreSQL server's processes on this machine (0 when it runs elsewhere). */
    static long localServerTicks() {
        long sum = 0;
        java.io.File[] procs = new java.io.File("/proc").listFiles((d, name) -> name.chars().allMatch(Character::isDigit));
        for (java.io.File p : procs == null ? new java.io.File[0] : procs) {
            try {
                String stat = java.nio.file.Files.readString(p.toPath().resolve("stat"));
                int close = stat.lastIndexOf(')');
                if (!stat.substring(stat.indexOf('(') + 1, close).startsWith("postgres")) {
                    continue;
                }
                String[] f = stat.substring(close + 2).split(" ");
                sum += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
            } catch (java.io.IOException | RuntimeException gone) {
                // the process ended meanwhile
            }
        }
        return sum;
    }

    /** Prints each counter's growth between {@code before} and {@code after} per message. */
    static void report(Map<String, Double> before, Map<String, Double> after, long messages) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Double> e : after.entrySet()) {
            double per = (e.getValue() - before.getOrDefault(e.getKey(), 0.0)) / Math.max(1, messages);
            sb.append(sb.isEmpty() ? "" : ", ").append(String.format(per >= 100 ? "%.0f %s" : "%.2f %s", per, e.getKey()));
        }
        System.out.printf("database per message   %s%n", sb);
    }
}
