package dev.instructzero.packaging;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * There is no Docker engine here: the Dockerfile is checked as text, its health probe is
 * run.
 */
class DockerfileTest {

	static final Path DOCKERFILE = Path.of("Dockerfile");

	static final Path HEALTH_CHECK = Path.of("src/docker/HealthCheck.java");

	@Test
	void runsAsANumericUserThatOwnsTheDataDirectory() throws IOException {
		String dockerfile = Files.readString(DOCKERFILE);
		Matcher user = Pattern.compile("(?m)^USER\\s+(\\S+)\\s*$").matcher(dockerfile);
		assertThat(user.find()).isTrue();
		assertThat(user.group(1)).as("Kubernetes can verify runAsNonRoot only for a numeric user")
			.isEqualTo(HelmChartTest.DOCKER_UID + ":" + HelmChartTest.DOCKER_UID);
		assertThat(dockerfile).contains("--uid " + HelmChartTest.DOCKER_UID, "--gid " + HelmChartTest.DOCKER_UID)
			.contains("mkdir -p /app/data")
			.contains("chown -R " + HelmChartTest.DOCKER_UID + ":" + HelmChartTest.DOCKER_UID + " /app");
		// the embedded PostgreSQL's default ./data/postgres resolves under the WORKDIR
		assertThat(dockerfile).containsPattern("(?m)^WORKDIR /app$");
	}

	@Test
	void runsOnTheTemurin25JreWithALayeredJar() throws IOException {
		List<String> stages = Files.readAllLines(DOCKERFILE).stream().filter((l) -> l.startsWith("FROM ")).toList();
		assertThat(stages.get(stages.size() - 1)).isEqualTo("FROM eclipse-temurin:25-jre");
		String dockerfile = Files.readString(DOCKERFILE);
		assertThat(dockerfile).contains("extract --layers --launcher");
		assertThat(dockerfile.indexOf("/layers/dependencies/")).isPositive()
			.isLessThan(dockerfile.indexOf("/layers/application/"));
		assertThat(dockerfile).contains("org.springframework.boot.loader.launch.JarLauncher");
	}

	@Test
	void pinsOpenBlasToKernelsThatComputeCorrectly() throws IOException {
		// the same pin as the build's surefire, failsafe and spring-boot:run
		// configuration
		assertThat(Files.readAllLines(DOCKERFILE)).contains("ENV OPENBLAS_CORETYPE=Haswell");
		assertThat(Files.readString(Path.of("pom.xml"))).contains("<openblas.coretype>Haswell</openblas.coretype>");
	}

	@Test
	void healthCheckNeedsNoCurl() throws IOException {
		String dockerfile = Files.readString(DOCKERFILE);
		assertThat(dockerfile).doesNotContain("curl", "wget", "apt-get install");
		Matcher healthcheck = Pattern.compile("(?s)HEALTHCHECK .*?CMD (\\[.*?])").matcher(dockerfile);
		assertThat(healthcheck.find()).isTrue();
		assertThat(healthcheck.group(1)).startsWith("[\"java\"")
			.contains("HealthCheck")
			.contains("/actuator/health/liveness");
		assertThat(dockerfile).contains("javac --release 21 -d /healthcheck " + HEALTH_CHECK);
	}

	@Test
	void healthProbeExitsZeroOnlyFor2xx() throws Exception {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/up", (exchange) -> {
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		server.createContext("/down", (exchange) -> {
			exchange.sendResponseHeaders(503, -1);
			exchange.close();
		});
		server.start();
		try {
			String base = "http://127.0.0.1:" + server.getAddress().getPort();
			assertThat(probe(base + "/up")).isZero();
			assertThat(probe(base + "/down")).isOne();
			server.stop(0);
			assertThat(probe(base + "/up")).isOne();
		}
		finally {
			server.stop(0);
		}
	}

	private static int probe(String url) throws Exception {
		String launcher = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process process = new ProcessBuilder(launcher, HEALTH_CHECK.toString(), url).redirectErrorStream(true).start();
		process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return process.exitValue();
	}

}
