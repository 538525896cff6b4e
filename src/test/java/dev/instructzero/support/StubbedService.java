package dev.instructzero.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An end-to-end test class against the whole service on a random port, its jobs run by a
 * JobRunr background server, on a fresh database of the shared test server, with
 * {@link StubLlms} (WireMock vLLM and OpenAI stubs and a checkpoint) as its models.
 * <p>
 * Started once before the class's {@code @BeforeAll} methods, stopped after its
 * {@code @AfterAll} methods. The test class declares the static fields it wants set:
 * <ul>
 * <li>{@code static StubLlms stubs;} the stubs the service's default generator and black
 * box talk to; their faults ({@link StubLlms#resetFaults()}) are undone after each
 * test;</li>
 * <li>{@code static RunningService service;} the service;</li>
 * <li>{@code static StubLlms <name>;} for each of {@link #generators()}: a further
 * generator configured as {@code instructzero.generator.models.<name>}.</li>
 * </ul>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(StubbedServiceExtension.class)
public @interface StubbedService {

	/** Name of the class's own database on the shared test server. */
	String database();

	/**
	 * Command-line properties, e.g. {@code --instructzero.jobs.max-gp-points=300}; one
	 * with the key of a stub property replaces it.
	 */
	String[] properties() default {};

	/**
	 * Further generators, each on stubs of its own, by name; their other settings (e.g.
	 * {@code prompt-template}) go in {@link #properties()}.
	 */
	String[] generators() default {};

}
