#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# A real single-node Kafka broker (KRaft, broker+controller in one JVM) from the Maven Central jars.
#   dev/kafka.sh start   copies the jars once, formats the storage once, starts on 127.0.0.1:9092
#   dev/kafka.sh stop
#   dev/kafka.sh status
#   dev/kafka.sh check   creates a topic, produces and consumes one record (a smoke test)
# State: .dev/kafka/{libs,data,server.properties,cluster-id}; log .dev/logs/kafka.log.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
HS_LOG_TAG=kafka

NAME=kafka
PORT=9092
CONTROLLER_PORT=9093
KAFKA_DIR="$HS_DEV/kafka"
LIBS="$KAFKA_DIR/libs"
DATA="$KAFKA_DIR/data"
PROPS="$KAFKA_DIR/server.properties"
START_TIMEOUT=60
JAVA_OPTS="${HYPERSTUDY_KAFKA_JAVA_OPTS:--Xmx512m}"
# slf4j-simple: the broker at WARN (HYPERSTUDY_KAFKA_LOG_LEVEL=info for everything), except the line
# that says it started.
LOG_LEVEL="${HYPERSTUDY_KAFKA_LOG_LEVEL:-warn}"
LOG_OPTS=(
  -Dorg.slf4j.simpleLogger.showDateTime=true
  -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS
  -Dorg.slf4j.simpleLogger.log.kafka="$LOG_LEVEL"
  -Dorg.slf4j.simpleLogger.log.org.apache.kafka="$LOG_LEVEL"
  -Dorg.slf4j.simpleLogger.log.state.change.logger="$LOG_LEVEL"
  -Dorg.slf4j.simpleLogger.log.kafka.server.KafkaRaftServer=info
)

ensure_libs() {
  if [[ -f "$LIBS/.complete" ]] && compgen -G "$LIBS/kafka_2.13-*.jar" >/dev/null; then
    return 0
  fi
  hs_ensure_dirs
  command -v mvn >/dev/null 2>&1 || hs_die "mvn is not on PATH: it is needed once to copy the Kafka jars into $LIBS"
  hs_log "copying the Kafka broker jars into $LIBS (log: $HS_LOGS/kafka-libs.log)"
  rm -rf "$LIBS"
  mkdir -p "$LIBS"
  if ! mvn -B -q -f "$HS_DEV_SCRIPTS/kafka/pom.xml" dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$LIBS" >"$HS_LOGS/kafka-libs.log" 2>&1; then
    hs_fail kafka-libs "copying the Kafka jars with Maven failed"
  fi
  touch "$LIBS/.complete"
}

write_properties() {
  mkdir -p "$DATA"
  cat >"$PROPS" <<PROPS
# Written by dev/kafka.sh on every start: edit the script, not this file.
# KRaft combined mode, one node.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$DATA

auto.create.topics.enable=true
num.partitions=3
default.replication.factor=1
min.insync.replicas=1

# internal topics: a single replica
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=10
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1

group.initial.rebalance.delay.ms=0
PROPS
}

ensure_formatted() {
  if [[ -f "$DATA/meta.properties" ]]; then
    return 0
  fi
  local cluster_id
  if [[ -s "$KAFKA_DIR/cluster-id" ]]; then
    cluster_id="$(cat "$KAFKA_DIR/cluster-id")"
  else
    cluster_id="$(java -cp "$LIBS/*" kafka.tools.StorageTool random-uuid 2>>"$HS_LOGS/kafka-format.log" | tail -n 1)" ||
      hs_fail kafka-format "StorageTool random-uuid failed"
    [[ -n "$cluster_id" ]] || hs_fail kafka-format "StorageTool random-uuid printed no id"
    echo "$cluster_id" >"$KAFKA_DIR/cluster-id"
  fi
  hs_log "formatting the KRaft storage in $DATA (cluster id $cluster_id)"
  java -cp "$LIBS/*" kafka.tools.StorageTool format --cluster-id "$cluster_id" --config "$PROPS" \
    >>"$HS_LOGS/kafka-format.log" 2>&1 || hs_fail kafka-format "formatting the Kafka storage failed"
}

start() {
  hs_ensure_dirs
  if hs_is_running "$NAME"; then
    hs_log "Kafka already running on 127.0.0.1:$PORT (pid $(hs_pid_of "$NAME"))"
    return 0
  fi
  command -v java >/dev/null 2>&1 || hs_die "java is not on PATH"
  hs_require_free_port "$NAME" "$PORT"
  hs_require_free_port "$NAME" "$CONTROLLER_PORT"
  local t0=$SECONDS
  ensure_libs
  write_properties
  ensure_formatted
  local since
  since="$(hs_log_lines "$NAME")"
  # shellcheck disable=SC2086
  hs_start_bg "$NAME" "$KAFKA_DIR" java $JAVA_OPTS "${LOG_OPTS[@]}" -cp "$LIBS/*" kafka.Kafka "$PROPS"
  local rc=0
  hs_wait_log_line "$NAME" "Kafka Server started" "$START_TIMEOUT" "$since" || rc=$?
  case $rc in
    0) ;;
    2) hs_fail "$NAME" "Kafka exited during start" ;;
    *) hs_port_open 127.0.0.1 "$PORT" || hs_fail "$NAME" "Kafka did not start within ${START_TIMEOUT}s" ;;
  esac
  hs_wait_port 127.0.0.1 "$PORT" 10 "$NAME" || hs_fail "$NAME" "Kafka logged that it started but 127.0.0.1:$PORT does not accept connections"
  hs_log "Kafka ready on 127.0.0.1:$PORT in $((SECONDS - t0))s"
}

stop() {
  if [[ -z "$(hs_pid_of "$NAME")" ]]; then
    hs_log "Kafka was not started by dev/kafka.sh: nothing to stop"
    return 0
  fi
  hs_stop "$NAME" 15
}

status() {
  if hs_is_running "$NAME"; then
    echo "kafka: running (pid $(hs_pid_of "$NAME"), 127.0.0.1:$PORT, RSS $(hs_rss_mb "$(hs_pid_of "$NAME")") MB)"
  else
    echo "kafka: down"
    return 1
  fi
}

# A round trip with the kafka-clients API: create a topic, produce a record, consume it back.
check() {
  hs_port_open 127.0.0.1 "$PORT" || hs_die "nothing listens on 127.0.0.1:$PORT: run dev/kafka.sh start first"
  ensure_libs
  local src="$KAFKA_DIR/check/KafkaCheck.java"
  mkdir -p "$(dirname "$src")"
  cat >"$src" <<'JAVA'
import java.time.Duration;
import java.util.*;
import org.apache.kafka.clients.admin.*;
import org.apache.kafka.clients.consumer.*;
import org.apache.kafka.clients.producer.*;
import org.apache.kafka.common.serialization.*;

public class KafkaCheck {
  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    String topic = "hyperstudy.dev-check";
    String value = "ping-" + UUID.randomUUID();
    Properties common = new Properties();
    common.put("bootstrap.servers", bootstrap);
    try (Admin admin = Admin.create(common)) {
      Set<String> names = admin.listTopics().names().get();
      if (!names.contains(topic)) {
        admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
      }
      System.out.println("topics: " + admin.listTopics().names().get());
    }
    Properties p = new Properties();
    p.putAll(common);
    p.put("acks", "all");
    p.put("enable.idempotence", "true");
    try (Producer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      RecordMetadata md = producer.send(new ProducerRecord<>(topic, "room-1", value)).get();
      System.out.println("produced to " + md.topic() + "-" + md.partition() + "@" + md.offset());
    }
    Properties c = new Properties();
    c.putAll(common);
    c.put("group.id", "dev-check-" + UUID.randomUUID());
    c.put("auto.offset.reset", "earliest");
    try (Consumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.currentTimeMillis() + 30_000;
      while (System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          if (value.equals(r.value())) {
            System.out.println("consumed it back with a consumer group: OK");
            return;
          }
        }
      }
    }
    System.err.println("FAILED: the record did not come back within 30 s");
    System.exit(1);
  }
}
JAVA
  hs_log "round trip through 127.0.0.1:$PORT (create topic, produce, consume)"
  if ! java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$LIBS/*" "$src" "127.0.0.1:$PORT" 2>"$HS_LOGS/kafka-check.log"; then
    hs_fail kafka-check "the Kafka round trip failed"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  check) check ;;
  *) echo "usage: $0 {start|stop|status|check}" >&2; exit 2 ;;
esac
