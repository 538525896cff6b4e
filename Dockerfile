# syntax=docker/dockerfile:1
# Build: docker build -t instructzero .
# The code targets Java 21 (maven.compiler.release); it is built and run on JDK 25, whose virtual
# threads no longer pin their carrier inside monitors (JEP 491).
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q dependency:go-offline
COPY db db
COPY src src
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q package -DskipTests \
    && java -Djarmode=tools -jar target/instructzero-service-*.jar extract --layers --launcher --destination /layers \
    && javac --release 21 -d /healthcheck src/docker/HealthCheck.java

FROM eclipse-temurin:25-jre
# Numeric user and group: Kubernetes' runAsNonRoot can only verify a numeric USER.
RUN groupadd --gid 10001 app \
    && useradd --uid 10001 --gid 10001 --no-create-home --home-dir /app --shell /usr/sbin/nologin app \
    && mkdir -p /app/data /app/tmp \
    && chown -R 10001:10001 /app
WORKDIR /app
# Layers from least to most often changed, so the 300 MB of dependencies stay cached.
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
COPY --from=build /healthcheck/ /opt/healthcheck/
USER 10001:10001
EXPOSE 8080
# The embedded PostgreSQL (when no datasource is configured) keeps its data here.
VOLUME ["/app/data"]
# Container-aware heap: a share of the cgroup memory limit, leaving room for ND4J's off-heap buffers.
# JavaCPP unpacks ND4J's native libraries under /tmp, so the root filesystem can be read-only.
ENV JAVA_TOOL_OPTIONS="-XX:+UseContainerSupport -XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError -Dorg.bytedeco.javacpp.cachedir=/tmp/javacpp"
# OpenBLAS 0.3.19 (ND4J M2.1) autodetects kernels that compute wrong factorisations on newer Xeons
# (Sapphire Rapids); its Haswell kernels are right on every AVX2 processor. The native self-check in
# /actuator/health reports DOWN if a processor still gets wrong numbers.
ENV OPENBLAS_CORETYPE=Haswell
# No HTTP tool installed in the image: a 30-line Java probe (src/docker/HealthCheck.java) run by the JRE.
HEALTHCHECK --interval=15s --timeout=10s --start-period=60s --retries=5 \
    CMD ["java", "-XX:TieredStopAtLevel=1", "-Xmx32m", "-cp", "/opt/healthcheck", "HealthCheck", "http://localhost:8080/actuator/health/liveness"]
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
