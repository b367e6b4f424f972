package dev.earshot.app;

import dev.earshot.kafka.local.LocalKafkaBroker;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code earshot broker}: a local Kafka broker for development, until Ctrl+C. */
@Command(name = "broker",
        mixinStandardHelpOptions = true,
        description = {"Runs a single-node Kafka broker (KRaft) on loopback until Ctrl+C.",
            "Data is kept in the data directory across restarts."})
final class BrokerCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "9092", description = "Client port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data-dir", defaultValue = ".earshot/kafka",
            description = "Broker data directory (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Override
    public Integer call() throws InterruptedException {
        String taken = PortsInUse.taken("127.0.0.1", port, "Kafka", "--port");
        if (taken != null) {
            System.err.println(taken);
            return 2;
        }
        LocalKafkaBroker broker = LocalKafkaBroker.builder().port(port).dataDir(dataDir).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping the broker…");
            broker.close();
            stopped.countDown();
        }, "broker-stop"));
        System.out.printf("Kafka %s broker ready at %s in %d ms (data in %s). Press Ctrl+C to stop.%n",
                LocalKafkaBroker.kafkaVersion(), broker.bootstrapServers(), broker.startupTime().toMillis(),
                broker.dataDir().toAbsolutePath());
        stopped.await();
        return 0;
    }
}
