package dev.instructzero.support;

import java.util.List;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

import org.springframework.context.annotation.Bean;

/**
 * One service in the {@code sandbox} profile on a real port, shared by the tests that
 * need the whole service with its job engine (sandbox, generated client, traces), so the
 * JVM boots it once. Its finished spans are kept in memory ({@link #spans()}).
 */
public final class SandboxService {

	private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();

	private static RunningService service;

	private SandboxService() {
	}

	public static synchronized RunningService get() {
		if (service == null) {
			service = RunningService.start(TestDatabase.freshDatabaseUrl("sandbox_" + ProcessHandle.current().pid()),
					List.of("--spring.profiles.active=sandbox"), CapturedSpans.class);
			RunningService started = service;
			Runtime.getRuntime().addShutdownHook(new Thread(started::close));
		}
		return service;
	}

	/** Every span the sandbox service has finished so far. */
	public static InMemorySpanExporter spans() {
		return SPANS;
	}

	/**
	 * Finished spans go to {@link #SPANS} at once (no batching delay). Not a
	 * {@code @Configuration}: the application's component scan would add it to every
	 * test's service, and the first of them to close would shut the exporter down.
	 */
	static class CapturedSpans {

		@Bean
		SpanProcessor inMemorySpans() {
			return SimpleSpanProcessor.create(SPANS);
		}

	}

}
