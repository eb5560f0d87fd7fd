#!/bin/sh
# Kafka's kafka-storage.sh: kafka.tools.StorageTool on the image's jars.
exec kafka-run-class.sh kafka.tools.StorageTool "$@"
