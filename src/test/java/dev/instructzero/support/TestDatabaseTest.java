package dev.instructzero.support;

import java.sql.DriverManager;
import java.sql.ResultSet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TestDatabaseTest {

	@Test
	void providesARealPostgres17() throws Exception {
		TestDatabase.Connection db = TestDatabase.get();
		try (var c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
				ResultSet rs = c.createStatement().executeQuery("show server_version_num")) {
			rs.next();
			assertThat(rs.getInt(1) / 10000).isEqualTo(17);
		}
	}

}
