package dev.instructzero.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.instructzero.InstructZeroApplication;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole service started on a random port against a given database, driven over real
 * HTTP like a client would. Several may run at once on one database (replicas).
 */
public final class RunningService implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ConfigurableApplicationContext context;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String baseUrl;

	private RunningService(ConfigurableApplicationContext context) {
		this.context = context;
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		this.baseUrl = "http://127.0.0.1:" + port;
	}

	/**
	 * Starts a replica on {@code jdbcUrl} with the given extra command-line properties.
	 */
	public static RunningService start(String jdbcUrl, List<String> properties) {
		return start(jdbcUrl, properties, new Class<?>[0]);
	}

	/**
	 * Starts a replica on {@code jdbcUrl} with extra properties and extra configuration
	 * classes (test beans).
	 */
	public static RunningService start(String jdbcUrl, List<String> properties, Class<?>... extraSources) {
		return new RunningService(new SpringApplicationBuilder(InstructZeroApplication.class).sources(extraSources)
			.run(Stream.concat(Stream.of("--server.port=0"), arguments(jdbcUrl, properties).stream())
				.toArray(String[]::new)));
	}

	/**
	 * The command-line properties of a replica on {@code jdbcUrl}, but its port, then
	 * {@code properties}; also for a replica in a process of its own.
	 */
	public static List<String> arguments(String jdbcUrl, List<String> properties) {
		List<String> args = new ArrayList<>(List.of("--spring.datasource.url=" + jdbcUrl,
				"--spring.datasource.username=" + TestDatabase.get().username(),
				"--spring.datasource.password=" + TestDatabase.get().password(),
				"--jobrunr.background-job-server.enabled=true",
				"--jobrunr.background-job-server.poll-interval-in-seconds=5",
				// short retry back-off so a job taken over from a dead replica restarts
				// quickly
				"--jobrunr.jobs.retry-back-off-time-seed=1"));
		args.addAll(properties);
		return args;
	}

	public ConfigurableApplicationContext context() {
		return this.context;
	}

	public String baseUrl() {
		return this.baseUrl;
	}

	public JsonNode get(String path) {
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + path)).GET().build(), 200);
	}

	/** The body of a 200 answer to GET, as text. */
	public String getText(String path) {
		try {
			HttpResponse<String> response = this.http.send(
					HttpRequest.newBuilder(URI.create(this.baseUrl + path)).GET().build(),
					HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
			}
			return response.body();
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public JsonNode post(String path, String json, int expectedStatus) {
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build(), expectedStatus);
	}

	public HttpResponse<java.io.InputStream> stream(String path) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.header("Accept", "text/event-stream")
			.GET()
			.build(), HttpResponse.BodyHandlers.ofInputStream());
	}

	private JsonNode send(HttpRequest request, int expectedStatus) {
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != expectedStatus) {
				throw new AssertionError(request.method() + " " + request.uri() + " answered " + response.statusCode()
						+ " (expected " + expectedStatus + "): " + response.body());
			}
			return JSON.readTree(response.body());
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.context.close();
	}

}
