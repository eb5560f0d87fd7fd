#!/bin/sh
# Kafka's kafka-consumer-groups.sh: org.apache.kafka.tools.consumer.group.ConsumerGroupCommand on the image's jars.
exec kafka-run-class.sh org.apache.kafka.tools.consumer.group.ConsumerGroupCommand "$@"
