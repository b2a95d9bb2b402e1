package io.rcsgw.gateway;

import org.junit.jupiter.api.Assumptions;

/** Every end-to-end case again with the store on PostgreSQL (a fresh database per test). */
class GatewayOnPostgresTest extends GatewayEndToEndTest {

    private String url;

    @Override
    String storeUrl() throws Exception {
        Assumptions.assumeTrue(Harness.pgReachable(), "PostgreSQL not reachable");
        url = Harness.freshPgDatabase();
        return url;
    }

    @Override
    void afterStore() {
        if (url != null) {
            Harness.dropPgDatabase(url);
        }
    }
}
