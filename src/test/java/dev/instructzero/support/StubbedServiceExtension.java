package dev.instructzero.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Starts and stops what {@link StubbedService} describes; the started parts live in the
 * class's extension store, closed (service first) when the class is done.
 */
final class StubbedServiceExtension implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(StubbedServiceExtension.class);

	@Override
	public void beforeAll(ExtensionContext context) throws Exception {
		Class<?> testClass = context.getRequiredTestClass();
		StubbedService settings = AnnotatedElementUtils.findMergedAnnotation(testClass, StubbedService.class);
		Started started = new Started(Files.createTempDirectory("stubbed-" + settings.database()));
		context.getStore(NAMESPACE).put(Started.class, started);
		started.stubs = StubLlms.start(started.dir);
		Map<String, String> properties = byKey(started.stubs.properties());
		for (String generator : settings.generators()) {
			StubLlms stubs = StubLlms.start(started.dir.resolve(generator));
			started.generators.put(generator, stubs);
			String prefix = "--instructzero.generator.models." + generator;
			properties.putAll(byKey(List.of(prefix + ".base-url=" + stubs.vllmBaseUrl(),
					prefix + ".model=" + StubLlms.MODEL, prefix + ".checkpoint-dir=" + stubs.checkpointDir())));
		}
		properties.putAll(byKey(List.of(settings.properties())));
		started.service = RunningService.start(TestDatabase.freshDatabaseUrl(settings.database()),
				new ArrayList<>(properties.values()));
		for (Field field : staticFields(testClass)) {
			if (field.getType() == RunningService.class) {
				set(field, started.service);
			}
			else if (field.getType() == StubLlms.class) {
				StubLlms stubs = field.getName().equals("stubs") ? started.stubs
						: started.generators.get(field.getName());
				if (stubs == null) {
					throw new IllegalStateException(testClass.getSimpleName() + "." + field.getName()
							+ ": a StubLlms field is 'stubs' or the name of one of @StubbedService's generators");
				}
				set(field, stubs);
			}
		}
	}

	@Override
	public void afterEach(ExtensionContext context) {
		Started started = context.getStore(NAMESPACE).get(Started.class, Started.class);
		if (started != null && started.stubs != null) {
			started.stubs.resetFaults();
			started.generators.values().forEach(StubLlms::resetFaults);
		}
	}

	@Override
	public void afterAll(ExtensionContext context) throws IOException {
		Started started = context.getStore(NAMESPACE).remove(Started.class, Started.class);
		if (started != null) {
			started.close();
		}
	}

	/** {@code --key=value} arguments by key, in order. */
	private static Map<String, String> byKey(List<String> arguments) {
		Map<String, String> byKey = new LinkedHashMap<>();
		for (String argument : arguments) {
			int equals = argument.indexOf('=');
			byKey.put((equals < 0) ? argument : argument.substring(0, equals), argument);
		}
		return byKey;
	}

	private static List<Field> staticFields(Class<?> type) {
		List<Field> fields = new ArrayList<>();
		for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
			for (Field field : c.getDeclaredFields()) {
				if (Modifier.isStatic(field.getModifiers()) && !Modifier.isFinal(field.getModifiers())) {
					fields.add(field);
				}
			}
		}
		return fields;
	}

	private static void set(Field field, Object value) throws IllegalAccessException {
		field.setAccessible(true);
		field.set(null, value);
	}

	/** What one test class started, closed in reverse. */
	private static final class Started {

		final Path dir;

		final Map<String, StubLlms> generators = new LinkedHashMap<>();

		StubLlms stubs;

		RunningService service;

		Started(Path dir) {
			this.dir = dir;
		}

		void close() throws IOException {
			try {
				if (this.service != null) {
					this.service.close();
				}
			}
			finally {
				this.generators.values().forEach(StubLlms::close);
				if (this.stubs != null) {
					this.stubs.close();
				}
				try (Stream<Path> files = Files.walk(this.dir)) {
					files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
				}
				catch (UncheckedIOException ex) {
					// a leftover temporary directory is no test failure
				}
			}
		}

	}

}
