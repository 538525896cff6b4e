package dev.instructzero.database;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseFaultsTest {

	@Test
	void aRestartingServerOrALostConnectionIsTransient() {
		for (String state : new String[] { "08006", "08001", "57P01", "57P02", "57P03", "40001", "53300" }) {
			SQLException sql = new SQLException("server gone", state);
			assertThat(DatabaseFaults.isTransient(new UncategorizedSQLException("insert", "insert ...", sql))).as(state)
				.isTrue();
			assertThat(DatabaseFaults.permanentState(sql)).as(state).isEmpty();
		}
		// Hikari's pool timeout
		assertThat(DatabaseFaults.isTransient(new CannotGetJdbcConnectionException("no connection",
				new SQLTransientConnectionException("embedded-postgres - Connection is not available"))))
			.isTrue();
		assertThat(DatabaseFaults.isTransient(new RuntimeException(new java.net.SocketException("reset")))).isTrue();
	}

	@Test
	void aDataOrConstraintErrorIsPermanent() {
		SQLException nul = new SQLException("invalid byte sequence for encoding \"UTF8\": 0x00", "22021");
		SQLException unique = new SQLException("duplicate key value violates unique constraint", "23505");
		assertThat(DatabaseFaults.isTransient(new UncategorizedSQLException("insert", "insert ...", nul))).isFalse();
		assertThat(DatabaseFaults.permanentState(new DataIntegrityViolationException("insert", unique)))
			.contains("23505");
		assertThat(DatabaseFaults.permanentState(new UncategorizedSQLException("insert", "insert ...", nul)))
			.contains("22021");
		// neither: the caller keeps its default policy
		assertThat(DatabaseFaults.isTransient(new IllegalStateException("bug"))).isFalse();
		assertThat(DatabaseFaults.permanentState(new IllegalStateException("bug"))).isEmpty();
	}

}
