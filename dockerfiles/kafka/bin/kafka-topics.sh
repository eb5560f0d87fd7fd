#!/bin/sh
# Kafka's kafka-topics.sh: org.apache.kafka.tools.TopicCommand on the image's jars.
exec kafka-run-class.sh org.apache.kafka.tools.TopicCommand "$@"
