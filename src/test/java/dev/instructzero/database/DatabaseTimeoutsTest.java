package dev.instructzero.database;

import com.zaxxer.hikari.HikariDataSource;
import dev.instructzero.support.IntegrationTest;
import org.jobrunr.spring.autoconfigure.JobRunrProperties;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** A hung database call fails in minutes, and so does a job's retry schedule. */
@IntegrationTest
class DatabaseTimeoutsTest {

	@Autowired
	HikariDataSource dataSource;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	JobRunrProperties jobRunr;

	@Test
	void connectionsCarrySocketAndStatementTimeouts() {
		assertThat(this.dataSource.getDataSourceProperties()).containsEntry("socketTimeout", "300")
			.containsEntry("connectTimeout", "10")
			.containsEntry("tcpKeepAlive", "true");
		assertThat(this.dataSource.getConnectionTimeout()).isEqualTo(10_000);
		// applied by the server to every session of the pool
		assertThat(this.jdbc.queryForObject("show statement_timeout", String.class)).isEqualTo("2min");
	}

	@Test
	void jobRetriesBackOffForMinutesNotHours() {
		int retries = this.jobRunr.getJobs().getDefaultNumberOfRetries();
		int seed = this.jobRunr.getJobs().getRetryBackOffTimeSeed();
		// JobRunr's RetryFilter waits seed^n seconds before retry n
		double longestWait = Math.pow(seed, retries);
		double allWaits = 0;
		for (int n = 1; n <= retries; n++) {
			allWaits += Math.pow(seed, n);
		}
		assertThat(retries).isPositive();
		assertThat(longestWait).isLessThanOrEqualTo(5 * 60);
		assertThat(allWaits).isLessThanOrEqualTo(10 * 60);
	}

}
