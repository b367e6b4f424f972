package dev.earshot.edge;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jetty.JettyConnectionMetrics;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The metrics of one long-running command, with Micrometer, scraped as Prometheus text: the JVM's
 * (memory, GC, threads, classes, CPU, uptime), each HTTP server's (Jetty threads and connections),
 * and whatever the command binds (Kafka clients and Kafka Streams, Earshot's own counters, all
 * named {@code earshot_*}).
 */
public final class EdgeMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<AutoCloseable> closeable = new ArrayList<>();

    public EdgeMetrics() {
        bind(new ClassLoaderMetrics());
        bind(new JvmMemoryMetrics());
        bind(new JvmGcMetrics());
        bind(new JvmThreadMetrics());
        bind(new ProcessorMetrics());
        bind(new UptimeMetrics());
        // One unlabelled heap figure, as earlier releases published it and load tests read it.
        Gauge.builder("jvm.memory.heap.used", () -> ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed())
                .baseUnit("bytes").description("Heap in use").register(registry);
        Gauge.builder("jvm.memory.heap.max", () -> ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax())
                .baseUnit("bytes").description("Heap limit").register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Binds a binder; one that holds resources (a Kafka client's metrics) is closed with these metrics. */
    public EdgeMetrics bind(MeterBinder binder) {
        binder.bindTo(registry);
        if (binder instanceof AutoCloseable c) {
            closeable.add(c);
        }
        return this;
    }

    /** The thread pool and connections of an HTTP server. */
    public EdgeMetrics bind(EdgeServer server) {
        bind(new JettyServerThreadPoolMetrics(server.jetty().getThreadPool(), List.of()));
        JettyConnectionMetrics.addToAllConnectors(server.jetty(), registry);
        return this;
    }

    /** Prometheus text exposition format. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        for (AutoCloseable c : closeable) {
            try {
                c.close();
            } catch (Exception e) {
                // closing metrics must not stop a shutdown
            }
        }
        registry.close();
    }
}
