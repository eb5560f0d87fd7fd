#!/bin/sh
# Kafka's kafka-console-consumer.sh: org.apache.kafka.tools.consumer.ConsoleConsumer on the image's jars.
exec kafka-run-class.sh org.apache.kafka.tools.consumer.ConsoleConsumer "$@"
