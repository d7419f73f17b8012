# The StreamGuard node image. Build the jar first: mvn -B -DskipTests package
FROM eclipse-temurin:21-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /app streamguard
WORKDIR /app
COPY server/target/streamguard.jar /app/streamguard.jar
USER streamguard
EXPOSE 8080 5701
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/streamguard.jar"]
