package dev.instructzero.database;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Optional;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.NonTransientDataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Sorts database failures into faults that go away by themselves (PostgreSQL restarting,
 * a reset connection, a pool timeout) and faults that a retry only repeats (a constraint
 * or data error).
 * <p>
 * Transient: SQLState class {@code 08} (connection exception), {@code 57P01..57P03}
 * (admin/crash shutdown, cannot connect now), {@code 40001}/{@code 40P01} (serialization
 * failure, deadlock), {@code 53300} (too many connections), {@code 57014} (statement
 * timeout), the JDBC transient and recoverable exceptions (Hikari's pool timeout is an
 * {@code SQLTransientConnectionException}) and Spring's transient, recoverable and
 * resource-failure translations. Permanent: SQLState classes {@code 22} (data exception,
 * e.g. a NUL byte in text) and {@code 23} (integrity constraint). Anything else is
 * neither: the caller keeps its previous policy.
 */
public final class DatabaseFaults {

	private DatabaseFaults() {
	}

	/** Whether {@code ex} (or a cause) is a database fault that goes away by itself. */
	public static boolean isTransient(Throwable ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof SQLException sql) {
				String state = sql.getSQLState();
				if (isPermanentState(state)) {
					return false;
				}
				if (isTransientState(state) || t instanceof SQLTransientException
						|| t instanceof SQLRecoverableException || t instanceof SQLNonTransientConnectionException) {
					return true;
				}
			}
			if (t instanceof TransientDataAccessException || t instanceof RecoverableDataAccessException
					|| t instanceof DataAccessResourceFailureException || t instanceof QueryTimeoutException
					|| t instanceof CannotCreateTransactionException) {
				return true;
			}
			if (t instanceof java.net.SocketException || t instanceof java.io.EOFException) {
				return true;
			}
			if (t.getCause() == t) {
				break;
			}
		}
		return false;
	}

	/**
	 * The SQLState of a permanent data or constraint error in {@code ex}'s causes, if it
	 * is one (classes 22 and 23): retrying the same statement fails the same way.
	 */
	public static Optional<String> permanentState(Throwable ex) {
		for (Throwable t = ex; t != null && t.getCause() != t; t = t.getCause()) {
			if (t instanceof SQLException sql && isPermanentState(sql.getSQLState())) {
				return Optional.of(sql.getSQLState());
			}
		}
		if (ex instanceof NonTransientDataAccessException && !isTransient(ex)
				&& ex instanceof org.springframework.dao.DataIntegrityViolationException) {
			return Optional.of("23000");
		}
		return Optional.empty();
	}

	/**
	 * Whether {@code ex} comes from the database or its transactions at all (Spring's
	 * {@code DataAccessException} or {@code TransactionException} in its causes).
	 */
	public static boolean isDatabaseError(Throwable ex) {
		for (Throwable t = ex; t != null && t.getCause() != t; t = t.getCause()) {
			if (t instanceof org.springframework.dao.DataAccessException
					|| t instanceof org.springframework.transaction.TransactionException || t instanceof SQLException) {
				return true;
			}
		}
		return false;
	}

	private static boolean isPermanentState(String state) {
		return state != null && (state.startsWith("22") || state.startsWith("23") || state.startsWith("42"));
	}

	private static boolean isTransientState(String state) {
		if (state == null) {
			return false;
		}
		return state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
				|| state.equals("40001") || state.equals("40P01") || state.equals("53300") || state.equals("57014");
	}

}
