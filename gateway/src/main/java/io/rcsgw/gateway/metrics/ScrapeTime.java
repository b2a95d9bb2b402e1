package io.rcsgw.gateway.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.Gauge;

import java.util.List;
import java.util.function.DoubleSupplier;

/** Metrics whose values are read from the running gateway when Prometheus scrapes, unregistered when it stops. */
public final class ScrapeTime {

    private ScrapeTime() {
    }

    public static Collector gauge(String name, String help, DoubleSupplier value) {
        Gauge g = Gauge.build(name, help).create();
        g.setChild(new Gauge.Child() {
            @Override
            public double get() {
                return value.getAsDouble();
            }
        });
        return g;
    }

    /** A counter ({@code name} ends in _total) whose value is kept elsewhere, e.g. in a cache's statistics. */
    public static Collector counter(String name, String help, DoubleSupplier value) {
        return new Collector() {
            @Override
            public List<MetricFamilySamples> collect() {
                String base = name.substring(0, name.length() - "_total".length());
                return List.of(new CounterMetricFamily(base, help, value.getAsDouble()));
            }
        };
    }

    /** Registers the collectors; closing the result takes them out again. */
    public static AutoCloseable register(List<Collector> collectors) {
        collectors.forEach(CollectorRegistry.defaultRegistry::register);
        return () -> collectors.forEach(CollectorRegistry.defaultRegistry::unregister);
    }
}
