package io.hyperstudy.testinfra;

import io.hyperstudy.model.events.CloudEvent;
import io.hyperstudy.model.events.CloudEventDeserializer;
import io.hyperstudy.model.events.CloudEventSerializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/** Plain Kafka clients for tests: put events on the broker as a service would, and read them back. */
public final class KafkaEvents {
    private KafkaEvents() {
    }

    /** Sends an event exactly as the services do: the shared serializer, keyed by aggregate. */
    public static void send(String bootstrap, CloudEvent event) {
        try (var producer = new KafkaProducer<String, CloudEvent>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new CloudEventSerializer())) {
            producer.send(new ProducerRecord<>(event.topic(), event.key(), event)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not send " + event.id(), e);
        }
    }

    /** Sends raw bytes, e.g. a malformed record, to a topic. */
    public static void sendRaw(String bootstrap, String topic, String key, byte[] value) {
        try (var producer = new KafkaProducer<String, byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not send to " + topic, e);
        }
    }

    /** Reads {@code topic} from the beginning until a record matches, or fails after {@code timeout}. */
    public static ConsumerRecord<String, CloudEvent> await(String bootstrap, String topic,
                                                           Predicate<ConsumerRecord<String, CloudEvent>> match,
                                                           Duration timeout) {
        return find(bootstrap, topic, match, timeout).orElseThrow(() -> new AssertionError(
                "no matching event on " + topic + " within " + timeout));
    }

    /** All records on {@code topic} seen within {@code window} that match. */
    public static List<ConsumerRecord<String, CloudEvent>> collect(String bootstrap, String topic,
                                                                   Predicate<ConsumerRecord<String, CloudEvent>> match,
                                                                   Duration window) {
        var found = new java.util.ArrayList<ConsumerRecord<String, CloudEvent>>();
        poll(bootstrap, topic, window, r -> {
            if (match.test(r)) {
                found.add(r);
            }
            return false;
        });
        return found;
    }

    private static Optional<ConsumerRecord<String, CloudEvent>> find(
            String bootstrap, String topic, Predicate<ConsumerRecord<String, CloudEvent>> match, Duration timeout) {
        var found = new java.util.concurrent.atomic.AtomicReference<ConsumerRecord<String, CloudEvent>>();
        poll(bootstrap, topic, timeout, r -> {
            if (match.test(r)) {
                found.set(r);
                return true;
            }
            return false;
        });
        return Optional.ofNullable(found.get());
    }

    /** Reads {@code topic} from the beginning until {@code stop} says so or {@code limit} has passed. */
    private static void poll(String bootstrap, String topic, Duration limit,
                             Predicate<ConsumerRecord<String, CloudEvent>> stop) {
        try (var consumer = consumer(bootstrap)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + limit.toNanos();
            while (System.nanoTime() < deadline) {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    if (stop.test(r)) {
                        return;
                    }
                }
            }
        }
    }

    private static KafkaConsumer<String, CloudEvent> consumer(String bootstrap) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new StringDeserializer(), new CloudEventDeserializer());
    }
}
