#!/usr/bin/env bash
# Starts or stops a single-node Apache Kafka broker in KRaft mode on 127.0.0.1,
# from Apache's own jars resolved through Maven Central. No Docker needed.
#
#   scripts/kafka.sh start    resolve the jars (cached), format a fresh log dir, start, wait
#   scripts/kafka.sh stop     stop the broker started by `start` and wait for it to exit
#   scripts/kafka.sh status   exit 0 when the broker responds to a topic listing
#
# Environment:
#   DRIFTWATCH_CACHE  cache folder outside the repo (default ~/.cache/driftwatch)
#   KAFKA_PORT        client port (default 9092); the controller listens on KAFKA_PORT+1
#   KAFKA_HEAP        JVM heap for the broker (default 768m)
#   KAFKA_RUN_DIR     folder for config, data, log and pid (default $DRIFTWATCH_CACHE/kafka-run)
#   KAFKA_KEEP_DATA   1: keep the log directory of an earlier start (restart after an outage)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
kafka_version=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$here/kafka/pom.xml")
cache=${DRIFTWATCH_CACHE:-$HOME/.cache/driftwatch}
libs="$cache/kafka-$kafka_version/libs"
run_dir=${KAFKA_RUN_DIR:-$cache/kafka-run}
port=${KAFKA_PORT:-9092}
controller_port=$((port + 1))
pid_file="$run_dir/broker.pid"
log_file="$run_dir/broker.log"

resolve_jars() {
  if [ -f "$libs/.complete" ]; then
    return
  fi
  echo "kafka: resolving Apache Kafka $kafka_version jars from Maven Central into $libs"
  rm -rf "$libs"
  mvn -q -B -Dstyle.color=never -f "$here/kafka/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$libs" -DincludeScope=runtime
  touch "$libs/.complete"
}

java_run() {
  java -cp "$libs/*" -Dlog4j2.configurationFile="$here/kafka/log4j2.properties" "$@"
}

is_running() {
  [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null
}

lists_topics() {
  java_run org.apache.kafka.tools.TopicCommand \
    --bootstrap-server "127.0.0.1:$port" --list >/dev/null 2>&1
}

write_config() {
  cat > "$run_dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$run_dir/data
num.partitions=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
PROPS
}

start() {
  if is_running; then
    echo "kafka: already running (pid $(cat "$pid_file")) on 127.0.0.1:$port"
    return
  fi
  if ! command -v java >/dev/null || ! command -v mvn >/dev/null; then
    echo "kafka: Java 17 and Maven are required to run the local broker; install them or set KAFKA_BROKERS" >&2
    exit 1
  fi

  resolve_jars

  if [ "${KAFKA_KEEP_DATA:-0}" = 1 ] && [ -f "$run_dir/data/meta.properties" ]; then
    echo "kafka: keeping the log directory $run_dir/data"
  else
    # A fresh log directory each start: tests expect an empty cluster.
    rm -rf "$run_dir"
    mkdir -p "$run_dir/data"
    write_config
    cluster_id=$(java_run kafka.tools.StorageTool random-uuid)
    java_run kafka.tools.StorageTool format -t "$cluster_id" -c "$run_dir/server.properties" >/dev/null
  fi

  heap=${KAFKA_HEAP:-768m}
  nohup java -Xms256m -Xmx"$heap" -cp "$libs/*" \
    -Dlog4j2.configurationFile="$here/kafka/log4j2.properties" \
    kafka.Kafka "$run_dir/server.properties" >"$log_file" 2>&1 &
  echo $! >"$pid_file"

  for _ in $(seq 1 60); do
    if ! is_running; then
      echo "kafka: broker exited during start; last lines of $log_file:" >&2
      tail -n 30 "$log_file" >&2
      exit 1
    fi
    if lists_topics; then
      echo "kafka: broker $kafka_version ready on 127.0.0.1:$port (pid $(cat "$pid_file"), log $log_file)"
      return
    fi
    sleep 1
  done
  echo "kafka: broker did not respond to a topic listing within 60 s; see $log_file" >&2
  stop
  exit 1
}

stop() {
  if ! is_running; then
    echo "kafka: not running"
    rm -f "$pid_file"
    return
  fi
  pid=$(cat "$pid_file")
  kill -TERM "$pid"

  # A controlled shutdown takes a few seconds; escalate only if it hangs.
  for _ in $(seq 1 30); do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$pid_file"
      echo "kafka: stopped"
      return
    fi
    sleep 1
  done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$pid_file"
  echo "kafka: killed after 30 s without a clean shutdown" >&2
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) resolve_jars && lists_topics ;;
  *) echo "usage: scripts/kafka.sh start|stop|status" >&2; exit 2 ;;
esac
