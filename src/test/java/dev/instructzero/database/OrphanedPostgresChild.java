package dev.instructzero.database;

import java.nio.file.Path;
import java.sql.DriverManager;

/**
 * Test helper run in a child JVM: starts the embedded server on a directory, writes a
 * row, says READY and waits to be killed.
 */
public final class OrphanedPostgresChild {

	private OrphanedPostgresChild() {
	}

	public static void main(String[] args) throws Exception {
		EmbeddedPostgresServer server = EmbeddedPostgresServer.start(Path.of(args[0]), false, true);
		try (var c = DriverManager.getConnection(server.jdbcUrl()); var st = c.createStatement()) {
			st.execute("create table if not exists survivor (value text)");
			st.execute("insert into survivor values ('" + args[1] + "')");
		}
		System.out.println("READY " + server.port());
		System.out.flush();
		System.in.read();
	}

}
