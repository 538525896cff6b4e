package dev.instructzero.web;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the dashboard's front-end unit tests ({@code src/test/js/*.test.mjs}: the
 * convergence plot's data transformation, the SSE parser, the examples parser) with
 * Node's built-in test runner, so they are part of {@code ./mvnw verify} without any npm
 * download.
 */
class DashboardModulesTest {

	private static final Path TESTS = Path.of("src", "test", "js");

	@Test
	void frontEndModulesPassTheirNodeTests() throws IOException, InterruptedException {
		Optional<Path> node = onPath("node");
		Assumptions.assumeTrue(node.isPresent(),
				"Skipped: no 'node' (Node.js 20.10 or newer) on the PATH to run src/test/js/*.test.mjs");
		int[] version = version(node.get());
		Assumptions.assumeTrue(version[0] > 20 || (version[0] == 20 && version[1] >= 10),
				"Skipped: Node.js " + version[0] + "." + version[1] + " is older than 20.10");

		List<Path> files;
		try (Stream<Path> listing = Files.list(TESTS)) {
			files = listing.filter((f) -> f.getFileName().toString().endsWith(".test.mjs")).sorted().toList();
		}
		assertThat(files).isNotEmpty();
		int declared = 0;
		for (Path file : files) {
			declared += (int) Pattern.compile("^test\\(", Pattern.MULTILINE)
				.matcher(Files.readString(file))
				.results()
				.count();
		}

		List<String> command = new ArrayList<>(List.of(node.get().toString()));
		// the dashboard's modules are plain .js files without a package.json: before Node
		// 22.7 (and 20.19) ES module syntax in them is only detected behind this flag
		if (version[0] < 22 || (version[0] == 22 && version[1] < 7)) {
			command.add("--experimental-detect-module");
		}
		command.addAll(List.of("--test", "--test-reporter=tap"));
		files.forEach((f) -> command.add(f.toString()));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();

		assertThat(process.exitValue()).withFailMessage("node --test failed:%n%s", output).isZero();
		assertThat(count(output, "pass")).withFailMessage("expected %d passing tests:%n%s", declared, output)
			.isEqualTo(declared);
		assertThat(count(output, "fail")).isZero();
	}

	private static int count(String tap, String kind) {
		Matcher matcher = Pattern.compile("^# " + kind + " (\\d+)$", Pattern.MULTILINE).matcher(tap);
		return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
	}

	private static int[] version(Path node) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(node.toString(), "--version").redirectErrorStream(true).start();
		String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
		process.waitFor(30, TimeUnit.SECONDS);
		Matcher matcher = Pattern.compile("v(\\d+)\\.(\\d+)").matcher(text);
		return matcher.find() ? new int[] { Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)) }
				: new int[] { 0, 0 };
	}

	private static Optional<Path> onPath(String name) {
		String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
		for (String directory : path.split(File.pathSeparator)) {
			Path candidate = Path.of(directory, name);
			if (!directory.isEmpty() && Files.isExecutable(candidate)) {
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}

}
