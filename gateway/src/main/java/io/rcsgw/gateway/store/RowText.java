package io.rcsgw.gateway.store;

import io.rcsgw.rules.model.MessageState;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The append-only text columns of a message row: one line per entry, fields separated by
 * tabs. Appending is a plain {@code ||} in SQL on both databases, so a change never reads the
 * row first. Field values are the gateway's own words (states, reasons, ids); tabs and line
 * breaks in them are replaced so that a line always parses.
 */
final class RowText {

    private RowText() {
    }

    static String historyLine(int seq, MessageState state, String reason, long at) {
        return seq + "\t" + state.name() + "\t" + clean(reason) + "\t" + at + "\n";
    }

    /** A part's state; {@code smscKey} and {@code link} are known from the first line of a part on. */
    static String partLine(int partNo, String state, String smscKey, String link, String error) {
        return partNo + "\t" + clean(state) + "\t" + clean(smscKey) + "\t" + clean(link) + "\t" + clean(error) + "\n";
    }

    static String lateLine(long at, String what) {
        return at + "\t" + clean(what) + "\n";
    }

    static List<StoredMessage.Late> late(String text) {
        List<StoredMessage.Late> out = new ArrayList<>();
        for (String[] f : lines(text, 2)) {
            out.add(new StoredMessage.Late(Long.parseLong(f[0]), f.length > 1 ? f[1] : ""));
        }
        return out;
    }

    static List<StoredMessage.Event> history(String text) {
        List<StoredMessage.Event> out = new ArrayList<>();
        for (String[] f : lines(text, 4)) {
            out.add(new StoredMessage.Event(Integer.parseInt(f[0]), MessageState.valueOf(f[1]), f[2], Long.parseLong(f[3])));
        }
        return out;
    }

    /** The parts, each as its last line says, by part number. */
    static List<StoredMessage.Part> parts(String text) {
        TreeMap<Integer, StoredMessage.Part> byNo = new TreeMap<>();
        for (String[] f : lines(text, 5)) {
            int no = Integer.parseInt(f[0]);
            StoredMessage.Part before = byNo.get(no);
            String key = f[2].isEmpty() && before != null ? before.smscKey() : f[2];
            String link = f[3].isEmpty() && before != null ? before.link() : f[3];
            byNo.put(no, new StoredMessage.Part(key, link, no, f[1], f[4].isEmpty() ? null : f[4]));
        }
        return List.copyOf(byNo.values());
    }

    private static List<String[]> lines(String text, int fields) {
        List<String[]> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            if (end > start) {
                out.add(text.substring(start, end).split("\t", fields));
            }
            start = end + 1;
        }
        return out;
    }

    private static String clean(String s) {
        if (s == null) {
            return "";
        }
        return s.indexOf('\t') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0 ? s : s.replaceAll("[\\t\\r\\n]", " ");
    }
}
