package dev.instructzero.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * {@code Idempotency-Key} on {@code POST /tasks}, {@code POST /jobs} and
 * {@code POST /studies}: a retried request with the same key and body gets the first
 * response again (same status, body and {@code Location}, plus
 * {@code Idempotent-Replayed: true}) and creates nothing; the same key with another body
 * is a 422. Keys are kept per client for 24 hours.
 * <p>
 * Duplicates that arrive together are serialised by a PostgreSQL advisory lock on
 * (client, key) held by one transaction that also covers the creation and the stored
 * response: the second request waits, then finds the first one's response (across
 * replicas too). Only successful (2xx) responses are stored, so a request that failed may
 * be retried with the same key.
 */
@Component
class IdempotentRequests extends OncePerRequestFilter {

	static final String KEY_HEADER = "Idempotency-Key";

	static final Duration KEPT = Duration.ofHours(24);

	private static final int MAX_KEY_LENGTH = 255;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final ProblemResponses problems;

	private final Clock clock;

	IdempotentRequests(JdbcClient jdbc, TransactionTemplate transactions, ProblemResponses problems, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.problems = problems;
		this.clock = clock;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return !"POST".equals(request.getMethod())
				|| !(path.equals("/tasks") || path.equals("/jobs") || path.equals("/studies"))
				|| request.getHeader(KEY_HEADER) == null;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String key = request.getHeader(KEY_HEADER).strip();
		if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
			this.problems.write(request, response, HttpStatus.BAD_REQUEST,
					"Header '" + KEY_HEADER + "' must be 1 to " + MAX_KEY_LENGTH + " characters.");
			return;
		}
		byte[] body = request.getInputStream().readAllBytes();
		String hash = fingerprint(request, body);
		String client = Caller.current().name();
		ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
		Outcome outcome = this.transactions.execute((tx) -> {
			this.jdbc.sql("select pg_advisory_xact_lock(hashtextextended(?, 0))::text")
				.param(client + "\n" + key)
				.query(String.class)
				.list();
			this.jdbc.sql("delete from idempotent_request where client = ? and idem_key = ? and created_at < ?")
				.params(client, key, Timestamp.from(this.clock.instant().minus(KEPT)))
				.update();
			List<StoredResponse> stored = this.jdbc
				.sql("select request_hash, status_code, location, content_type, body from idempotent_request "
						+ "where client = ? and idem_key = ?")
				.params(client, key)
				.query((rs, row) -> new StoredResponse(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4),
						rs.getBytes(5)))
				.list();
			if (!stored.isEmpty()) {
				return stored.get(0).requestHash().equals(hash) ? Outcome.replay(stored.get(0)) : Outcome.CONFLICT;
			}
			try {
				chain.doFilter(new CachedBodyRequest(request, body), captured);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (ServletException ex) {
				throw new IllegalStateException(ex);
			}
			int status = captured.getStatus();
			if (status >= 200 && status < 300) {
				@SuppressWarnings("NullAway") // JdbcClient binds a null Location as SQL
												// NULL
				int inserted = this.jdbc
					.sql("insert into idempotent_request (client, idem_key, request_hash, status_code, location, "
							+ "content_type, body, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)")
					.params(client, key, hash, status, captured.getHeader("Location"), captured.getContentType(),
							captured.getContentAsByteArray(), Timestamp.from(this.clock.instant()))
					.update();
			}
			else {
				// the request failed (its own transaction may have marked ours
				// rollback-only)
				tx.setRollbackOnly();
			}
			return Outcome.HANDLED;
		});
		if (outcome.kind() == Outcome.Kind.REPLAY) {
			StoredResponse replay = Objects.requireNonNull(outcome.replay()); // a REPLAY
																				// carries
																				// one
			response.setStatus(replay.statusCode());
			if (replay.location() != null) {
				response.setHeader("Location", replay.location());
			}
			if (replay.contentType() != null) {
				response.setContentType(replay.contentType());
			}
			response.setHeader("Idempotent-Replayed", "true");
			response.getOutputStream().write(replay.body());
		}
		else if (outcome.kind() == Outcome.Kind.CONFLICT) {
			this.problems.write(request, response, HttpStatus.UNPROCESSABLE_CONTENT, "Header '" + KEY_HEADER
					+ "' was already used with another request body in the last 24 hours; use a new key.");
		}
		else {
			captured.copyBodyToResponse();
		}
	}

	/** Removes the keys older than 24 hours, in one statement (safe from any replica). */
	@Scheduled(initialDelayString = "PT10M", fixedDelayString = "PT1H")
	void removeExpired() {
		this.jdbc.sql("delete from idempotent_request where created_at < ?")
			.param(Timestamp.from(this.clock.instant().minus(KEPT)))
			.update();
	}

	private static String fingerprint(HttpServletRequest request, byte[] body) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest
				.update((request.getMethod() + " " + request.getRequestURI() + "\n").getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest.digest(body));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JRE", ex);
		}
	}

	private record StoredResponse(String requestHash, int statusCode, @Nullable String location,
			@Nullable String contentType, byte[] body) {
	}

	private record Outcome(Kind kind, @Nullable StoredResponse replay) {

		static final Outcome HANDLED = new Outcome(Kind.HANDLED, null);

		static final Outcome CONFLICT = new Outcome(Kind.CONFLICT, null);

		static Outcome replay(StoredResponse stored) {
			return new Outcome(Kind.REPLAY, stored);
		}

		enum Kind {

			HANDLED, CONFLICT, REPLAY

		}

	}

	/** The request with its body already read. */
	private static final class CachedBodyRequest extends HttpServletRequestWrapper {

		private final byte[] body;

		CachedBodyRequest(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] b, int off, int len) {
					return in.read(b, off, len);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					// the whole body is in memory: it is all available at once
					try {
						listener.onAllDataRead();
					}
					catch (IOException ex) {
						listener.onError(ex);
					}
				}

			};
		}

		@Override
		public java.io.BufferedReader getReader() {
			return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
		}

	}

}
