package io.rcsgw.gateway;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads CDR files the way a billing importer would: closed files only, by their header. */
public final class CdrRecords {

    private CdrRecords() {
    }

    /** The records of every closed CDR file in the directory, by msg_id; fails on a message with two records. */
    public static Map<String, Map<String, String>> read(Path cdrs) throws Exception {
        Map<String, Map<String, String>> out = new HashMap<>();
        for (Map<String, String> r : readAll(cdrs)) {
            assertThat(out.put(r.get("msg_id"), r)).as("one record per message").isNull();
        }
        return out;
    }

    /** Every record of every closed CDR file in the directory, each file in its order; fails on a repeated record_id. */
    public static List<Map<String, String>> readAll(Path cdrs) throws Exception {
        List<Map<String, String>> out = new ArrayList<>();
        if (!Files.isDirectory(cdrs)) {
            return out;
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        List<Path> files = new ArrayList<>();
        try (var s = Files.newDirectoryStream(cdrs, "*.csv")) {
            s.forEach(files::add);
        }
        for (Path f : files) {
            try (MappingIterator<Map<String, String>> it = new CsvMapper().readerFor(Map.class)
                    .with(CsvSchema.emptySchema().withHeader()).readValues(f.toFile())) {
                while (it.hasNext()) {
                    Map<String, String> r = it.next();
                    assertThat(ids.add(r.get("record_id"))).as("record_id " + r.get("record_id") + " once").isTrue();
                    out.add(r);
                }
            }
        }
        return out;
    }
}
