package io.rcsgw.gateway.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Adds amounts to rows that may not exist yet. PostgreSQL: one INSERT ... ON CONFLICT DO UPDATE
 * per row (several nodes may add to one row at once). H2, one node with one writer: an UPDATE,
 * then an INSERT of the rows it did not find.
 */
final class AddingUpsert {

    private AddingUpsert() {
    }

    /** The writer's prepared statements, kept for as long as its connection lives (not closed here). */
    interface Statements {
        PreparedStatement get(String sql) throws SQLException;
    }

    interface Binder<T> {
        void bind(PreparedStatement ps, T item) throws SQLException;
    }

    /**
     * @param update   an UPDATE adding to the row of an item (H2)
     * @param insert   an INSERT of an item's row
     * @param conflict the ON CONFLICT clause that adds instead (PostgreSQL)
     */
    static <T> void run(Statements statements, boolean postgres, List<T> items, String update, Binder<T> bindUpdate,
                        String insert, String conflict, Binder<T> bindInsert) throws SQLException {
        if (items.isEmpty()) {
            return;
        }
        List<T> missing = new ArrayList<>();
        if (postgres) {
            missing.addAll(items);
        } else {
            PreparedStatement ps = statements.get(update);
            for (T item : items) {
                bindUpdate.bind(ps, item);
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0) {
                    missing.add(items.get(i));
                }
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        PreparedStatement ps = statements.get(postgres ? insert + " " + conflict : insert);
        for (T item : missing) {
            bindInsert.bind(ps, item);
            ps.addBatch();
        }
        ps.executeBatch();
    }
}
