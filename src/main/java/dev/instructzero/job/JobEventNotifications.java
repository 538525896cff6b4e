package dev.instructzero.job;

import java.util.UUID;

import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sends job events on a PostgreSQL channel ({@code pg_notify}): inside the caller's
 * transaction, so listeners hear of a change only once it is committed; without one, at
 * once.
 */
interface JobEventNotifications extends Repository<Job, UUID> {

	// pg_notify returns void, which has no JDBC type: select a constant for each call
	@Transactional(propagation = Propagation.SUPPORTS)
	@Query(nativeQuery = true, value = "select 1 from pg_notify(:channel, :payload)")
	int send(String channel, String payload);

}
