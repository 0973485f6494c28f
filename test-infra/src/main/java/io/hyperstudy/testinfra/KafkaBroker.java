package io.hyperstudy.testinfra;

import io.hyperstudy.model.events.Topics;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) in its own process, from the
 * Kafka jars on the test classpath. It keeps its port and data across {@link #stop()} and
 * {@link #start()}, so tests can take the broker away and bring it back.
 */
public final class KafkaBroker {
    public static final int PARTITIONS = 3;
    private static KafkaBroker shared;

    private final int port = Ports.free();
    private final int controllerPort = Ports.free();
    private final Path dir = ChildProcess.workDir("kafka-" + port);
    private final Path config = dir.resolve("server.properties");
    private ChildProcess process;

    /** The broker shared by every test of this JVM, started on first use. */
    public static synchronized KafkaBroker shared() {
        if (shared == null) {
            shared = new KafkaBroker();
            shared.format();
            shared.start();
            shared.createTopics();
        }
        return shared;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public synchronized void start() {
        if (process != null && process.alive()) {
            return;
        }
        process = ChildProcess.start("kafka", List.of(ChildProcess.java(), "-Xmx512m", "-XX:+UseSerialGC",
                "-cp", ChildProcess.testClasspath(), "kafka.Kafka", config.toString()), Map.of(),
                dir.resolve("broker.log"));
        process.awaitReady(() -> Ports.open(port), Duration.ofSeconds(60));
    }

    public synchronized void stop() {
        if (process != null) {
            process.stop();
        }
    }

    /**
     * Creates the platform's topics up front, as a deployment does, so that a consumer never starts on
     * a topic that does not exist yet and then waits for a metadata refresh to see its partitions.
     */
    private void createTopics() {
        try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of(
                org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            var topics = List.of(Topics.EXPERIMENTS, Topics.SESSIONS, Topics.MEDIA, Topics.SYNC_QUALITY).stream()
                    .map(t -> new org.apache.kafka.clients.admin.NewTopic(t, PARTITIONS, (short) 1)).toList();
            admin.createTopics(topics).all().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the platform topics", e);
        }
    }

    private void format() {
        String props = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=3",
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "");
        try {
            Files.writeString(config, props);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChildProcess storage = ChildProcess.start("kafka-storage", List.of(ChildProcess.java(), "-cp",
                ChildProcess.testClasspath(), "kafka.tools.StorageTool", "format", "--cluster-id",
                Uuid.randomUuid().toString(), "--config", config.toString(), "--ignore-formatted"), Map.of(),
                dir.resolve("format.log"));
        storage.awaitReady(() -> !storage.alive(), Duration.ofSeconds(60));
    }
}
