package dev.instructzero.database;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 17 (zonky binaries) running on a data directory that is kept across
 * restarts.
 *
 * <p>
 * PostgreSQL runs as its own process, so when the JVM that started it dies hard (kill -9,
 * OOM) the postmaster keeps running and keeps {@code postmaster.pid} in the data
 * directory. Before starting, this class finds such an orphan through that file, stops it
 * and waits for it to exit, so that a second server is never started on the same
 * directory and no data is lost.
 */
public final class EmbeddedPostgresServer implements Closeable {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

	private static final Duration ORPHAN_STOP_TIMEOUT = Duration.ofSeconds(60);

	private final EmbeddedPostgres postgres;

	private final Path dataDirectory;

	private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory) {
		this.postgres = postgres;
		this.dataDirectory = dataDirectory;
	}

	/**
	 * Starts PostgreSQL on {@code dataDirectory}, creating the cluster on first use and
	 * reusing it afterwards.
	 * @param dataDirectory the cluster's directory (created if missing)
	 * @param registerShutdownHook whether a JVM shutdown hook should stop the server
	 * @param durable whether commits are flushed to disk (fsync, synchronous commit); off
	 * only for throw-away test clusters
	 * @return the running server
	 * @throws UncheckedIOException if the server cannot be started
	 */
	public static EmbeddedPostgresServer start(Path dataDirectory, boolean registerShutdownHook, boolean durable) {
		return start(dataDirectory, registerShutdownHook, durable, 0);
	}

	/**
	 * Like {@link #start(Path, boolean, boolean)} on a given port (0 = any free port), so
	 * a restarted server keeps the address its clients know.
	 */
	public static EmbeddedPostgresServer start(Path dataDirectory, boolean registerShutdownHook, boolean durable,
			int port) {
		Path dir = dataDirectory.toAbsolutePath().normalize();
		try {
			Files.createDirectories(dir);
			stopOrphanedPostmaster(dir);
			EmbeddedPostgres postgres = EmbeddedPostgres.builder()
				.setDataDirectory(dir)
				.setCleanDataDirectory(false)
				.setRegisterShutdownHook(registerShutdownHook)
				.setPGStartupWait(Duration.ofSeconds(60))
				.setPort(port)
				.setServerConfig("max_connections", "200")
				// zonky starts PostgreSQL with -F (no fsync) and synchronous_commit=off:
				// fine for
				// tests, not for a data directory that holds a user's jobs
				.setServerConfig("fsync", durable ? "on" : "off")
				.setServerConfig("synchronous_commit", durable ? "on" : "off")
				.start();
			log.info("Embedded PostgreSQL 17 running on port {} with data directory {}", postgres.getPort(), dir);
			return new EmbeddedPostgresServer(postgres, dir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start embedded PostgreSQL on " + dir + ": " + ex.getMessage(),
					ex);
		}
	}

	/**
	 * JDBC URL of the {@code postgres} database, user {@code postgres} (trust
	 * authentication).
	 */
	public String jdbcUrl() {
		return this.postgres.getJdbcUrl("postgres", "postgres");
	}

	public int port() {
		return this.postgres.getPort();
	}

	public Path dataDirectory() {
		return this.dataDirectory;
	}

	@Override
	public void close() {
		try {
			this.postgres.close();
			log.info("Embedded PostgreSQL on {} stopped", this.dataDirectory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Stops a postmaster left running on {@code dir} by a process that died without
	 * stopping it. A stale {@code postmaster.pid} whose process is gone or is not
	 * PostgreSQL is removed.
	 */
	static void stopOrphanedPostmaster(Path dir) throws IOException {
		Path pidFile = dir.resolve("postmaster.pid");
		Optional<Long> pid = readPid(pidFile);
		if (pid.isEmpty()) {
			return;
		}
		Optional<ProcessHandle> process = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive);
		if (process.isEmpty() || !isPostgres(process.get())) {
			log.warn("Removing stale {} (process {} is not a running PostgreSQL)", pidFile, pid.get());
			Files.deleteIfExists(pidFile);
			return;
		}
		ProcessHandle postmaster = process.get();
		log.warn("PostgreSQL (pid {}) is still running on {} after an unclean shutdown; stopping it before restart",
				pid.get(), dir);
		signalFastShutdown(postmaster);
		try {
			postmaster.onExit().get(ORPHAN_STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (TimeoutException ex) {
			throw new IOException("PostgreSQL (pid " + pid.get() + ") on " + dir + " did not stop within "
					+ ORPHAN_STOP_TIMEOUT.toSeconds() + " s; stop it by hand", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted while stopping orphaned PostgreSQL", ex);
		}
		catch (ExecutionException ex) {
			throw new IOException(ex.getCause());
		}
	}

	private static Optional<Long> readPid(Path pidFile) throws IOException {
		if (!Files.isRegularFile(pidFile)) {
			return Optional.empty();
		}
		List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
		if (lines.isEmpty()) {
			return Optional.empty();
		}
		try {
			return Optional.of(Long.parseLong(lines.get(0).trim()));
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
	}

	private static boolean isPostgres(ProcessHandle process) {
		return process.info().command().map(command -> command.endsWith("postgres")).orElse(false);
	}

	// SIGINT is PostgreSQL's "fast shutdown": aborts open transactions, checkpoints,
	// exits.
	// ProcessHandle can only send SIGTERM ("smart", waits for clients), so prefer kill
	// -INT.
	private static void signalFastShutdown(ProcessHandle postmaster) {
		try {
			Process kill = new ProcessBuilder("kill", "-INT", Long.toString(postmaster.pid())).inheritIO().start();
			if (kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0) {
				return;
			}
		}
		catch (IOException ex) {
			log.debug("kill -INT unavailable: {}", ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		postmaster.destroy();
	}

}
