# A Java runtime on the local Debian base, for machines that cannot pull eclipse-temurin: the
# runtime is made by jlink from the JDK that builds the project (scripts/containers.sh).
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
COPY runtime /opt/java/openjdk
ENV JAVA_HOME=/opt/java/openjdk PATH=/opt/java/openjdk/bin:$PATH
