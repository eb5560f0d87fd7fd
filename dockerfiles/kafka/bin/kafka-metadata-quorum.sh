#!/bin/sh
# Kafka's kafka-metadata-quorum.sh: org.apache.kafka.tools.MetadataQuorumCommand on the image's jars.
exec kafka-run-class.sh org.apache.kafka.tools.MetadataQuorumCommand "$@"
