package dev.instructzero.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A released migration has run on somebody's database: changing it makes Flyway refuse to
 * start there (checksum mismatch) or, worse, leaves two databases with different schemas
 * under the same version. Every schema change is therefore a new migration, and this test
 * pins the SHA-256 of each released file's bytes (stricter than Flyway's line-wise CRC32:
 * even a whitespace edit is caught).
 * <p>
 * To release a migration, add a line to {@link #RELEASED} with the output of
 * {@code sha256sum db/migration/V<n>__<name>.sql}, in the same commit as the release tag.
 * Never change an existing line.
 */
class ReleasedMigrationsTest {

	static final Path MIGRATIONS = Path.of("db/migration");

	/** File name to SHA-256 (hex) of its content, for every released migration. */
	static final Map<String, String> RELEASED = Map.ofEntries(
			// released with 0.1.0
			Map.entry("V1__schema.sql", "6c22dc3c6c81d1bb6de8f62f2d7d150fd60609f143535a26191035717575cb1e"),
			// released with 0.2.0
			Map.entry("V2__trial_raw_reply.sql", "df98136362ff5e60dfc3487697ad172379c9cc7376476dbbfa00e4e78377689a"),
			Map.entry("V3__final_selection.sql", "51f8ddc8068016f6a59d8edfce7401edeb148260bc8ec91c4e873a92d42a9ce7"),
			Map.entry("V4__metrics_templates_answers.sql",
					"4f8bc5704388406211ba371da813ef0908dff69342d3b8591086c9a84d8cab80"),
			Map.entry("V7__client_ownership_and_idempotency.sql",
					"53e1c52b0f4e07618a1feae0c96e7080210ab4dfe606cdc485a933765f13db8e"),
			Map.entry("V8__job_callbacks_and_cache_retention.sql",
					"f89862a8c08fe6d5df5124f73552bf2d1b102a6a5c2917b2cca11c58491e060b"),
			Map.entry("V9__paid_call_ledger.sql", "3b707a9f0dbd7a0c94d1ea8cc5ac9d4ebf8dc4643dc68979927549f32e1520ec"),
			Map.entry("V10__racing.sql", "1eb5bacf0f76b0ced8f74f933f56e886d9966b3f35cf5f76bb096527474ab982"),
			Map.entry("V11__front_transfer_generators.sql",
					"91243b0c251e290f767245ce3c1375fed4c902792191b05968dbaaea8ef2b603"),
			Map.entry("V12__studies.sql", "ac1c8f4eeaefbc2161ccd1bf128bb39fe7124598c94db4b6aeacf223eee4edfb"),
			Map.entry("V13__simulated_jobs.sql", "dace1030779f7e0d0f62f9c99c87c6c6e1a15b167b672b68d277367870584ed2"));

	private static final Pattern VERSIONED = Pattern.compile("V(\\d+(?:[._]\\d+)*)__.+\\.sql");

	@Test
	void releasedMigrationsAreByteForByteUnchanged() throws IOException {
		for (Map.Entry<String, String> released : RELEASED.entrySet()) {
			Path file = MIGRATIONS.resolve(released.getKey());
			assertThat(file).as("released migration %s must stay in db/migration", released.getKey()).exists();
			assertThat(sha256(Files.readAllBytes(file)))
				.as("%s is released: add a new migration instead of editing it", released.getKey())
				.isEqualTo(released.getValue());
		}
	}

	@Test
	void newMigrationsComeAfterEveryReleasedOne() throws IOException {
		Map<String, List<Integer>> versions = new TreeMap<>();
		try (Stream<Path> files = Files.list(MIGRATIONS)) {
			files.map((f) -> f.getFileName().toString()).forEach((name) -> {
				Matcher matcher = VERSIONED.matcher(name);
				assertThat(matcher.matches()).as("%s follows Flyway's V<version>__<description>.sql", name).isTrue();
				versions.put(name, Stream.of(matcher.group(1).split("[._]")).map(Integer::valueOf).toList());
			});
		}
		List<Integer> newestReleased = RELEASED.keySet()
			.stream()
			.map(versions::get)
			.max(ReleasedMigrationsTest::compare)
			.orElseThrow();
		versions.forEach((name, version) -> {
			if (!RELEASED.containsKey(name)) {
				// Flyway would refuse (or, with outOfOrder, silently run) a version below
				// an applied one.
				assertThat(compare(version, newestReleased))
					.as("unreleased %s must have a version above the newest released one", name)
					.isPositive();
			}
		});
	}

	private static int compare(List<Integer> a, List<Integer> b) {
		for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
			int difference = Integer.compare((i < a.size()) ? a.get(i) : 0, (i < b.size()) ? b.get(i) : 0);
			if (difference != 0) {
				return difference;
			}
		}
		return 0;
	}

	static String sha256(byte[] content) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
