# Kafka broker image: a single-node KRaft broker (broker and controller in one process) for the
# cluster's own Kafka (Phase V). Apache Kafka's jars come from Maven Central, resolved by Maven in
# the "jars" stage from kafka/pom.xml with checksums checked; the runtime is Debian's OpenJDK 17
# (Kafka 4 brokers need Java 17 or later).
# Build context: dockerfiles/kafka (pom.xml, bin/, config/); pass this file with -f:
#   docker build -f dockerfiles/kafka.Dockerfile dockerfiles/kafka
# Runs as 1000:1000 with a read-only root filesystem: mount a volume at /var/lib/kafka (the data)
# and an emptyDir at /tmp; set KAFKA_ADVERTISED_HOST to the broker's Service DNS name
# (bin/kafka-start.sh lists every setting).

# Every stage reads the base image from here so a mirror can substitute its copy:
# --build-arg DEBIAN_IMAGE=registry.example/debian:bookworm-slim
ARG DEBIAN_IMAGE=debian:bookworm-slim
# Kafka 4.x from Maven Central (org.apache.kafka:kafka_2.13).
ARG KAFKA_VERSION=4.1.1

FROM ${DEBIAN_IMAGE} AS jre
# ca-certificates-java builds Java's trust store from the system's CAs, added ones included.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openjdk-17-jre-headless \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb

FROM jre AS jars
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends maven \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /build
COPY pom.xml ./
ARG KAFKA_VERSION
# --strict-checksums: a jar whose SHA-1 does not match Maven Central's fails the build.
RUN mvn -B -q --strict-checksums -Dmaven.repo.local=/build/m2 -Dkafka.version="${KAFKA_VERSION}" \
      dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=/opt/kafka/libs \
 && test -f "/opt/kafka/libs/kafka_2.13-${KAFKA_VERSION}.jar"

FROM jre AS runtime
ARG KAFKA_VERSION
LABEL org.opencontainers.image.title="kafka" \
      org.opencontainers.image.description="Apache Kafka ${KAFKA_VERSION}, single-node KRaft broker" \
      org.opencontainers.image.version="${KAFKA_VERSION}"
# Numeric ids so the kubelet can verify runAsNonRoot (1000, as in apache/kafka's image).
RUN groupadd --system --gid 1000 kafka \
 && useradd --system --uid 1000 --gid 1000 --no-create-home --home-dir /tmp --shell /usr/sbin/nologin kafka \
 && mkdir -p /var/lib/kafka/data \
 && chown -R 1000:1000 /var/lib/kafka
COPY --from=jars /opt/kafka/libs /opt/kafka/libs
COPY config/ /opt/kafka/config/
COPY bin/ /opt/kafka/bin/
ENV PATH=/opt/kafka/bin:$PATH \
    KAFKA_VERSION=${KAFKA_VERSION} \
    KAFKA_DATA_DIR=/var/lib/kafka/data
USER 1000:1000
EXPOSE 9092
ENTRYPOINT ["/opt/kafka/bin/kafka-start.sh"]
