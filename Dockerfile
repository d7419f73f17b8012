# The StreamGuard node image. Build the jar first: mvn -B -DskipTests package
# BASE_IMAGE: any image with a Java 21+ `java` on the PATH and apt (Debian or Ubuntu).
ARG BASE_IMAGE=eclipse-temurin:21-jre
FROM ${BASE_IMAGE}
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /app streamguard
WORKDIR /app
COPY server/target/streamguard.jar /app/streamguard.jar
USER streamguard
# 5701 (the cluster) is reached only over the compose file's internal network, never published.
EXPOSE 8080
# Out of memory, a node cannot be trusted to recover: it exits and its supervisor restarts it.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/streamguard.jar"]
