package dev.instructzero.database;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Starts an embedded PostgreSQL 17 and points the application's {@link DataSource} at it
 * when no {@code spring.datasource.url} is configured. With a URL, Spring Boot's own data
 * source is used and this configuration stays out of the way.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseConfiguration.NoDatasourceUrl.class)
class EmbeddedDatabaseConfiguration {

	@Bean(destroyMethod = "close")
	EmbeddedPostgresServer embeddedPostgresServer(EmbeddedPostgresProperties properties) {
		// Spring closes it on shutdown; no JVM hook so the order against the pool stays
		// Spring's.
		return EmbeddedPostgresServer.start(properties.dataDir(), false, true);
	}

	@Bean
	@ConfigurationProperties("spring.datasource.hikari") // the same pool settings and
															// timeouts
	HikariDataSource dataSource(EmbeddedPostgresServer server) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(server.jdbcUrl());
		dataSource.setUsername("postgres");
		dataSource.setPoolName("embedded-postgres");
		dataSource.setMaximumPoolSize(20);
		// the same timeouts as spring.datasource.hikari.* in application.yml
		dataSource.setConnectionTimeout(10_000);
		dataSource.setValidationTimeout(5_000);
		dataSource.addDataSourceProperty("socketTimeout", "120");
		dataSource.addDataSourceProperty("connectTimeout", "10");
		dataSource.addDataSourceProperty("options", "-c statement_timeout=60s");
		return dataSource;
	}

	static class NoDatasourceUrl implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return !StringUtils.hasText(context.getEnvironment().getProperty("spring.datasource.url"));
		}

	}

}
