package dev.instructzero.evaluator;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.instructzero.support.TestDatabase;
import dev.instructzero.task.LabeledExample;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A migrated PostgreSQL database for the call cache (emptied before each test), an OpenAI
 * stub, and evaluators whose waits are recorded instead of slept.
 */
abstract class EvaluatorTestSupport {

	private static volatile DataSource dataSource;

	protected static OpenAiStub openAi;

	protected final List<Duration> sleeps = new CopyOnWriteArrayList<>();

	protected SimpleMeterRegistry meters;

	static synchronized DataSource dataSource() {
		if (dataSource == null) {
			TestDatabase.Connection server = TestDatabase.get();
			String url = TestDatabase.freshDatabaseUrl("evaluator_cache");
			Flyway.configure()
				.dataSource(url, server.username(), server.password())
				.locations("filesystem:db/migration")
				.load()
				.migrate();
			dataSource = newDataSource(url, server);
		}
		return dataSource;
	}

	/** A separate pool on the same database, as a restarted application would have. */
	static DataSource newDataSource() {
		TestDatabase.Connection server = TestDatabase.get();
		String url = ((HikariDataSource) dataSource()).getJdbcUrl();
		return newDataSource(url, server);
	}

	private static DataSource newDataSource(String url, TestDatabase.Connection server) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(url);
		config.setUsername(server.username());
		config.setPassword(server.password());
		config.setMaximumPoolSize(24);
		return new HikariDataSource(config);
	}

	@BeforeAll
	static void startStub() {
		openAi = new OpenAiStub();
	}

	@AfterAll
	static void stopStub() {
		openAi.stop();
	}

	@BeforeEach
	void emptyCacheAndStub() {
		JdbcClient.create(dataSource()).sql("truncate black_box_call").update();
		openAi.reset();
		this.sleeps.clear();
		this.meters = new SimpleMeterRegistry();
	}

	static EvaluatorProperties properties(int maxConcurrency) {
		return properties(maxConcurrency, 5, List.of(), Map.of());
	}

	static EvaluatorProperties properties(int maxConcurrency, int maxAttempts, List<String> modelsWithoutTemperature,
			Map<String, EvaluatorProperties.RateLimit> rateLimits) {
		return new EvaluatorProperties("gpt-test", List.of("o-test"), maxConcurrency, 256, 0.0,
				modelsWithoutTemperature, List.of("o-test"), Duration.ofSeconds(10), maxAttempts, Duration.ofSeconds(1),
				Duration.ofSeconds(8), Duration.ofSeconds(60), rateLimits);
	}

	BlackBoxEvaluator evaluator(EvaluatorProperties properties) {
		return evaluator(properties, new PricingProperties(Map.of()), dataSource());
	}

	BlackBoxEvaluator evaluator(EvaluatorProperties properties, PricingProperties pricing, DataSource db) {
		BlackBoxChat chat = new SpringAiBlackBoxChat(openAi.baseUrl(), "test-key", properties.defaultModel(),
				properties.requestTimeout());
		return new BlackBoxEvaluator(properties, pricing, new BlackBoxCallRepository(JdbcClient.create(db)), chat,
				this.meters, this.sleeps::add, System::nanoTime);
	}

	static List<LabeledExample> examples(int n, String output) {
		return IntStream.range(0, n).mapToObj((i) -> LabeledExample.of("x%02d".formatted(i), output)).toList();
	}

	static long cachedCalls() {
		return new BlackBoxCallRepository(JdbcClient.create(dataSource())).count();
	}

}
