#!/bin/sh
# kafka-run-class.sh CLASS [ARGS...]: runs one of Kafka's command-line classes on the image's jars,
# logging warnings to stderr. Heap and JVM options: KAFKA_TOOLS_HEAP_OPTS, KAFKA_TOOLS_JVM_OPTS.
set -eu
[ $# -ge 1 ] || { echo "usage: kafka-run-class.sh CLASS [ARGS...]" >&2; exit 2; }
class=$1; shift
# shellcheck disable=SC2086 # the options are a word list
exec java ${KAFKA_TOOLS_HEAP_OPTS:--Xmx256m} -XX:-UsePerfData -XX:TieredStopAtLevel=1 -Djava.awt.headless=true \
  -Dlog4j2.configurationFile=/opt/kafka/config/tools-log4j2.properties ${KAFKA_TOOLS_JVM_OPTS:-} \
  -cp '/opt/kafka/libs/*' "$class" "$@"
