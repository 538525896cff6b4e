package dev.instructzero.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.instructzero.database.EmbeddedPostgresServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The one way tests get a database: a Testcontainers {@code postgres:17} container when a
 * Docker engine is reachable, otherwise an embedded PostgreSQL 17 in a temporary
 * directory. Started once per JVM and shared by every test (each Spring context or test
 * may create its own schema).
 */
public final class TestDatabase {

	private static final Logger log = LoggerFactory.getLogger(TestDatabase.class);

	private static volatile Connection instance;

	/** JDBC coordinates of the shared test database. */
	public record Connection(String jdbcUrl, String username, String password, String kind) {
	}

	private TestDatabase() {
	}

	public static Connection get() {
		Connection current = instance;
		if (current == null) {
			synchronized (TestDatabase.class) {
				current = instance;
				if (current == null) {
					current = start();
					instance = current;
				}
			}
		}
		return current;
	}

	/** Creates a fresh, empty database on the shared server and returns its JDBC URL. */
	public static String freshDatabaseUrl(String name) {
		Connection server = get();
		try (var c = java.sql.DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password());
				var st = c.createStatement()) {
			st.execute("drop database if exists " + name + " with (force)");
			st.execute("create database " + name);
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException("could not create test database " + name, ex);
		}
		int slash = server.jdbcUrl().lastIndexOf('/');
		String tail = server.jdbcUrl().substring(slash + 1);
		int query = tail.indexOf('?');
		return server.jdbcUrl().substring(0, slash + 1) + name + (query >= 0 ? tail.substring(query) : "");
	}

	/** A plain data source on a database of the shared server ({@code jdbcUrl}). */
	public static DriverManagerDataSource dataSource(String jdbcUrl) {
		Connection server = get();
		return new DriverManagerDataSource(jdbcUrl, server.username(), server.password());
	}

	private static Connection start() {
		if (dockerAvailable()) {
			PostgreSQLContainer container = new PostgreSQLContainer("postgres:17");
			container.start();
			log.info("Tests use a Testcontainers postgres:17 at {}", container.getJdbcUrl());
			return new Connection(container.getJdbcUrl(), container.getUsername(), container.getPassword(),
					"testcontainers");
		}
		try {
			Path dir = Files.createTempDirectory("instructzero-test-pg");
			EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir, true, false);
			log.info("No Docker engine: tests use an embedded PostgreSQL 17 on port {}", server.port());
			return new Connection(server.jdbcUrl(), "postgres", "", "embedded");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException | LinkageError ex) {
			return false;
		}
	}

}
