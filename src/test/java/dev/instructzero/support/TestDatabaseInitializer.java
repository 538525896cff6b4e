package dev.instructzero.support;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/** Points a Spring test context at the shared {@link TestDatabase}. */
public class TestDatabaseInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	private static final java.util.concurrent.atomic.AtomicInteger COUNTER = new java.util.concurrent.atomic.AtomicInteger();

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		TestDatabase.Connection db = TestDatabase.get();
		// one database per context: JobRunr servers of cached contexts must not pick up
		// each other's jobs
		String url = TestDatabase
			.freshDatabaseUrl("ctx_" + COUNTER.incrementAndGet() + "_" + ProcessHandle.current().pid());
		TestPropertyValues
			.of("spring.datasource.url=" + url, "spring.datasource.username=" + db.username(),
					"spring.datasource.password=" + db.password(),
					// API tests drive the REST layer; the engine runs in the engine tests
					"jobrunr.background-job-server.enabled=false",
					// a cached context keeps its pool: idle connections of many contexts
					// would add up towards the test server's max_connections
					"spring.datasource.hikari.minimum-idle=1")
			.applyTo(context);
	}

}
