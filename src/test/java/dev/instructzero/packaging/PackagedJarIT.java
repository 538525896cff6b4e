package dev.instructzero.packaging;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged service as users run it ({@code java -jar}): it starts its embedded
 * PostgreSQL, migrates from the migrations inside the jar, and loads ND4J's native
 * libraries through Spring Boot's nested-jar class loader (the health's
 * {@code nativeMath} component runs a Cholesky).
 */
class PackagedJarIT {

	@TempDir
	Path dir;

	static final String PROBE_TOKEN = "packaged-jar-probe";

	static final String PROBE_TOKEN_SHA256 = sha256(PROBE_TOKEN);

	private static String sha256(String text) {
		try {
			return java.util.HexFormat.of()
				.formatHex(java.security.MessageDigest.getInstance("SHA-256")
					.digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void packagedJarStartsOnItsOwnDatabaseWithWorkingNativeMath() throws Exception {
		Path jar;
		try (Stream<Path> files = Files.list(Path.of("target"))) {
			jar = files.filter((p) -> p.getFileName().toString().matches("instructzero-service-.*\\.jar"))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no packaged jar in target/"));
		}
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		Path log = this.dir.resolve("service.log");
		Process service = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx1g", "-jar", jar.toString(), "--server.port=" + port,
				"--instructzero.embedded-postgres.data-dir=" + this.dir.resolve("pg"),
				// health details are shown to authenticated API clients only
				"--instructzero.security.clients.probe.token-sha256=" + PROBE_TOKEN_SHA256)
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		try {
			HttpClient http = HttpClient.newHttpClient();
			String[] body = new String[1];
			await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
				assertThat(service.isAlive()).as("service process alive; log: %s", tail(log)).isTrue();
				HttpResponse<String> health = http
					.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
						.header("Authorization", "Bearer " + PROBE_TOKEN)
						.build(), HttpResponse.BodyHandlers.ofString());
				body[0] = health.body();
				return health.statusCode() == 200 && body[0].contains("\"nativeMath\"");
			});
			assertThat(body[0]).contains("\"nativeMath\":{\"details\":{\"backend\"")
				.contains("\"db\":{\"details\":{\"database\":\"PostgreSQL\"");
			assertThat(body[0]).startsWith("{").contains("\"status\":\"UP\"");
		}
		finally {
			service.destroy();
			service.waitFor();
		}
	}

	private static String tail(Path log) throws IOException {
		String text = Files.exists(log) ? Files.readString(log) : "";
		return text.substring(Math.max(0, text.length() - 3000));
	}

}
