package dev.instructzero.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A replica of the service in a JVM of its own (for a SIGKILL or a heap measured alone),
 * its output in a log file that failures quote.
 */
public final class ReplicaProcess {

	private ReplicaProcess() {
	}

	/** Starts {@code command} with its output (stdout and stderr) in {@code log}. */
	public static Process start(List<String> command, Path log) throws IOException {
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
	}

	/**
	 * Waits until the replica's health endpoint answers 200; fails at once, quoting its
	 * log, if the process dies.
	 */
	public static void awaitHealthy(Process replica, String baseUrl, Path log, Duration atMost, Duration pollInterval) {
		HttpClient http = HttpClient.newHttpClient();
		await().atMost(atMost).pollInterval(pollInterval).ignoreExceptions().until(() -> {
			assertThat(replica.isAlive()).as("replica alive; log: %s", tail(log)).isTrue();
			return http
				.send(HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health")).build(),
						HttpResponse.BodyHandlers.ofString())
				.statusCode() == 200;
		});
	}

	/** The last 3000 characters of the log. */
	public static String tail(Path log) {
		try {
			String text = Files.exists(log) ? Files.readString(log) : "";
			return text.substring(Math.max(0, text.length() - 3000));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
