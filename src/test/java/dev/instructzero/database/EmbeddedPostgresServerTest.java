package dev.instructzero.database;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedPostgresServerTest {

	@TempDir
	Path dir;

	@Test
	void keepsDataAcrossCleanRestarts() throws Exception {
		try (EmbeddedPostgresServer first = EmbeddedPostgresServer.start(this.dir, false, true)) {
			exec(first, "create table kept (value text)", "insert into kept values ('a')");
		}
		try (EmbeddedPostgresServer second = EmbeddedPostgresServer.start(this.dir, false, true)) {
			assertThat(values(second, "select value from kept")).containsExactly("a");
		}
	}

	@Test
	void takesOverADataDirectoryWhoseOwnerWasKilledHard() throws Exception {
		Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), OrphanedPostgresChild.class.getName(), this.dir.toString(),
				"written-before-kill")
			.redirectErrorStream(true)
			.start();
		BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
		String ready = CompletableFuture.supplyAsync(() -> {
			try {
				for (String line = out.readLine(); line != null; line = out.readLine()) {
					if (line.startsWith("READY")) {
						return line;
					}
				}
				return null;
			}
			catch (java.io.IOException ex) {
				return null;
			}
		}).get(120, TimeUnit.SECONDS);
		assertThat(ready).as("child JVM started PostgreSQL").startsWith("READY");

		child.destroyForcibly(); // SIGKILL: no shutdown hook runs, PostgreSQL stays up
		assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
		long orphanPid = Long.parseLong(Files.readAllLines(this.dir.resolve("postmaster.pid")).get(0).trim());
		assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive)).contains(true);

		try (EmbeddedPostgresServer restarted = EmbeddedPostgresServer.start(this.dir, false, true)) {
			assertThat(values(restarted, "select value from survivor")).containsExactly("written-before-kill");
			assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false))
				.as("the orphaned postmaster was stopped, not left beside a second server")
				.isFalse();
			long newPid = Long.parseLong(Files.readAllLines(this.dir.resolve("postmaster.pid")).get(0).trim());
			assertThat(newPid).isNotEqualTo(orphanPid);
		}
	}

	@Test
	void removesAStalePidFileOfAProcessThatIsGone() throws Exception {
		try (EmbeddedPostgresServer first = EmbeddedPostgresServer.start(this.dir, false, true)) {
			exec(first, "create table kept (value text)", "insert into kept values ('b')");
		}
		Process gone = new ProcessBuilder("true").start();
		gone.waitFor();
		Files.writeString(this.dir.resolve("postmaster.pid"), gone.pid() + "\n" + this.dir + "\n");
		try (EmbeddedPostgresServer second = EmbeddedPostgresServer.start(this.dir, false, true)) {
			assertThat(values(second, "select value from kept")).containsExactly("b");
		}
	}

	private static void exec(EmbeddedPostgresServer server, String... statements) throws Exception {
		try (var c = DriverManager.getConnection(server.jdbcUrl()); var st = c.createStatement()) {
			for (String sql : statements) {
				st.execute(sql);
			}
		}
	}

	private static List<String> values(EmbeddedPostgresServer server, String query) throws Exception {
		List<String> values = new ArrayList<>();
		try (var c = DriverManager.getConnection(server.jdbcUrl());
				ResultSet rs = c.createStatement().executeQuery(query)) {
			while (rs.next()) {
				values.add(rs.getString(1));
			}
		}
		return values;
	}

}
