package dev.instructzero.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import dev.instructzero.support.TestClients;
import org.mockito.Answers;
import org.mockito.Mockito;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.AliasFor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A {@code @WebMvcTest} slice of the API: the given controllers with the web layer as it
 * runs in the service (the security chain with its bearer tokens, the problem handler,
 * strict JSON, the body limit and the storable-text check), no database. The test mocks
 * the controllers' collaborators with {@code @MockitoBean}.
 * <p>
 * Clients {@link #ALICE} and {@link #BOB} (role user) and {@link #ADMIN} are configured;
 * authenticate a request with {@link TestClients#as}. The JDBC beans behind the
 * {@code Idempotency-Key} filter and the ownership check are mocks (the filter acts only
 * on requests with that header, which the end-to-end tests cover; every owner lookup
 * finds no row).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@WebMvcTest
@Import(ApiSliceTest.WebLayer.class)
@MockitoBean(types = TransactionTemplate.class)
@ContextConfiguration(initializers = ApiSliceTest.Clients.class)
public @interface ApiSliceTest {

	/** A client with role user. */
	String ALICE = "alice";

	/** Another client with role user. */
	String BOB = "bob";

	/** A client with role admin. */
	String ADMIN = "ops";

	/** The instant of the slice's fixed clock. */
	Instant NOW = Instant.parse("2026-01-05T10:00:00Z");

	/** The controllers under test. */
	@AliasFor(annotation = WebMvcTest.class, attribute = "controllers")
	Class<?>[] value() default {};

	/**
	 * The parts of the web layer that a slice does not pick up by itself: the security
	 * chain (a configuration class) with its properties, the problem writer its entry
	 * point uses, and a fixed clock. Not a {@code @Configuration}: the application's
	 * component scan in the end-to-end tests' services would add its clock next to the
	 * real one.
	 */
	@Import({ SecurityConfiguration.class, ProblemResponses.class })
	@EnableConfigurationProperties(SecurityProperties.class)
	class WebLayer {

		@Bean
		Clock clock() {
			return Clock.fixed(NOW, ZoneOffset.UTC);
		}

		/** Finds no owner for any resource, as the former JdbcTemplate mock did. */
		@Bean
		JdbcClient jdbcClient() {
			JdbcClient jdbc = Mockito.mock(JdbcClient.class, Answers.RETURNS_DEEP_STUBS);
			Mockito.when(jdbc.sql(Mockito.anyString()).param(Mockito.any()).query(String.class).list())
				.thenReturn(List.of());
			return jdbc;
		}

	}

	/**
	 * Configures the slice's clients by the SHA-256 of their tokens, as in production.
	 */
	class Clients implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			TestPropertyValues.of(client(ALICE, "user"))
				.and(client(BOB, "user"))
				.and(client(ADMIN, "admin"))
				.applyTo(context);
		}

		private static String[] client(String name, String role) {
			return new String[] {
					"instructzero.security.clients." + name + ".token-sha256="
							+ TestClients.sha256(TestClients.token(name)),
					"instructzero.security.clients." + name + ".role=" + role };
		}

	}

}
