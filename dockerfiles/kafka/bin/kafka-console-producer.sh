#!/bin/sh
# Kafka's kafka-console-producer.sh: org.apache.kafka.tools.ConsoleProducer on the image's jars.
exec kafka-run-class.sh org.apache.kafka.tools.ConsoleProducer "$@"
