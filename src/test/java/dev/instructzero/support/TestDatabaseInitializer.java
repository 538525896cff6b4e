package dev.instructzero.support;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/** Points a Spring test context at the shared {@link TestDatabase}. */
public class TestDatabaseInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		TestDatabase.Connection db = TestDatabase.get();
		TestPropertyValues
			.of("spring.datasource.url=" + db.jdbcUrl(), "spring.datasource.username=" + db.username(),
					"spring.datasource.password=" + db.password())
			.applyTo(context);
	}

}
