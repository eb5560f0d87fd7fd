#!/bin/sh
# The image's entrypoint: a single-node KRaft broker, broker and controller in one process.
# Writes server.properties from the environment, formats the data directory on first start
# (what `kafka-storage.sh format` does), then runs the broker (kafka.Kafka) as PID 1, so the
# pod's SIGTERM reaches it and it shuts down cleanly.
#
# Environment:
#   KAFKA_ADVERTISED_HOST        the name clients reach this broker by: its Service's DNS name
#                                (kafka.<namespace>.svc.cluster.local). Required, unless
#   KAFKA_ADVERTISED_LISTENERS   is given whole (PLAINTEXT://host:9092).
#   KAFKA_PORT                   the clients' port (default 9092, every address)
#   KAFKA_CONTROLLER_PORT        the controller's port, on 127.0.0.1 only (default 9093)
#   KAFKA_NODE_ID                default 1
#   KAFKA_CLUSTER_ID             the id given to `format` (default: a new random one); kept in
#                                the data directory's meta.properties afterwards
#   KAFKA_DATA_DIR               default /var/lib/kafka/data: mount a volume at /var/lib/kafka
#   KAFKA_CONFIG_FILE            where server.properties is written (default /tmp/kafka/server.properties)
#   KAFKA_CFG_<NAME>             any other broker setting: KAFKA_CFG_AUTO_CREATE_TOPICS_ENABLE=false
#                                sets auto.create.topics.enable=false (upper case and _ become lower
#                                case and .), after the defaults below, so it overrides them
#   KAFKA_HEAP_OPTS              default -Xms256m -Xmx512m; KAFKA_JVM_OPTS: more JVM options
#
# Writable paths: KAFKA_DATA_DIR and /tmp (the config file; Kafka's compression libraries unpack
# their native code into java.io.tmpdir). The root filesystem can be read-only.
set -eu
log() { echo "kafka-start: $*" >&2; }
# What `kafka-storage.sh random-uuid` prints: 16 random bytes, base64url without padding, not
# starting with "-" (Kafka's Uuid); made here so no JVM log line can end up in it.
new_cluster_id() {
  local id
  while :; do
    id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | cut -c 1-22)
    case "$id" in -*) ;; *) echo "$id"; return ;; esac
  done
}

: "${KAFKA_DATA_DIR:=/var/lib/kafka/data}"
: "${KAFKA_CONFIG_FILE:=/tmp/kafka/server.properties}"
: "${KAFKA_NODE_ID:=1}"
: "${KAFKA_PORT:=9092}"
: "${KAFKA_CONTROLLER_PORT:=9093}"
: "${KAFKA_HEAP_OPTS:=-Xms256m -Xmx512m}"

if [ -z "${KAFKA_ADVERTISED_LISTENERS:-}" ]; then
  if [ -z "${KAFKA_ADVERTISED_HOST:-}" ]; then
    log "KAFKA_ADVERTISED_HOST is not set: set it to the name clients reach this broker by (its Service's DNS name, e.g. kafka.<namespace>.svc.cluster.local), or set KAFKA_ADVERTISED_LISTENERS (PLAINTEXT://host:$KAFKA_PORT)"
    exit 2
  fi
  KAFKA_ADVERTISED_LISTENERS="PLAINTEXT://$KAFKA_ADVERTISED_HOST:$KAFKA_PORT"
fi

mkdir -p "$(dirname "$KAFKA_CONFIG_FILE")" "$KAFKA_DATA_DIR"
{
  echo "# Written by kafka-start.sh at each start; set KAFKA_CFG_<NAME> to change a setting."
  echo "process.roles=broker,controller"
  echo "node.id=$KAFKA_NODE_ID"
  echo "controller.quorum.voters=$KAFKA_NODE_ID@127.0.0.1:$KAFKA_CONTROLLER_PORT"
  echo "listeners=PLAINTEXT://:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT"
  echo "advertised.listeners=$KAFKA_ADVERTISED_LISTENERS"
  echo "controller.listener.names=CONTROLLER"
  echo "inter.broker.listener.name=PLAINTEXT"
  echo "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT"
  echo "log.dirs=$KAFKA_DATA_DIR"
  # One broker: every internal topic has one replica.
  echo "offsets.topic.replication.factor=1"
  echo "transaction.state.log.replication.factor=1"
  echo "transaction.state.log.min.isr=1"
  echo "share.coordinator.state.topic.replication.factor=1"
  echo "share.coordinator.state.topic.min.isr=1"
  echo "group.initial.rebalance.delay.ms=0"
  env | sed -n 's/^KAFKA_CFG_\([A-Za-z0-9_]*\)=\(.*\)$/\1=\2/p' | while IFS='=' read -r name value; do
    echo "$(echo "$name" | tr 'A-Z_' 'a-z.')=$value"
  done
} >"$KAFKA_CONFIG_FILE"

if [ ! -f "$KAFKA_DATA_DIR/meta.properties" ]; then
  cluster_id=${KAFKA_CLUSTER_ID:-$(new_cluster_id)}
  log "formatting $KAFKA_DATA_DIR (cluster id $cluster_id)"
  kafka-run-class.sh kafka.tools.StorageTool format --cluster-id "$cluster_id" --config "$KAFKA_CONFIG_FILE" --ignore-formatted >&2
fi

log "starting the broker; advertised listeners $KAFKA_ADVERTISED_LISTENERS"
# shellcheck disable=SC2086 # the options are word lists
exec java $KAFKA_HEAP_OPTS -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:-UsePerfData -XX:+ExitOnOutOfMemoryError \
  -Djava.awt.headless=true -Dlog4j2.configurationFile=/opt/kafka/config/log4j2.properties ${KAFKA_JVM_OPTS:-} \
  -cp '/opt/kafka/libs/*' kafka.Kafka "$KAFKA_CONFIG_FILE"
