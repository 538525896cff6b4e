package dev.instructzero.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium for the dashboard's browser tests: the browser and its driver named
 * by {@code CHROME_BIN} / {@code CHROMEDRIVER} or found on the PATH (the Debian packages
 * chromium and chromium-driver, which .ci/run installs).
 */
final class HeadlessChromium {

	private final Path chromium;

	private final Path driver;

	private HeadlessChromium(Path chromium, Path driver) {
		this.chromium = chromium;
		this.driver = driver;
	}

	/**
	 * The installed browser and driver; the calling test class is skipped without them.
	 */
	static HeadlessChromium installed() {
		Optional<Path> chromium = executable("CHROME_BIN", "chromium", "chromium-browser", "google-chrome");
		Optional<Path> driver = executable("CHROMEDRIVER", "chromedriver");
		Assumptions.assumeTrue(chromium.isPresent() && driver.isPresent(),
				"Skipped: no Chromium and chromedriver found (set CHROME_BIN/CHROMEDRIVER or install the Debian "
						+ "packages chromium and chromium-driver, as .ci/run does); found chromium=" + chromium
						+ ", chromedriver=" + driver);
		return new HeadlessChromium(chromium.get(), driver.get());
	}

	/** A new browser, 1280 × 900, its profile under {@code dir}. */
	WebDriver start(Path dir) throws IOException {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(this.chromium.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")),
				"--window-size=1280,900");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(this.driver.toFile())
			.usingAnyFreePort()
			.build();
		return new ChromeDriver(service, options);
	}

	/** An executable named by the environment variable, or found on the PATH. */
	static Optional<Path> executable(String variable, String... names) {
		String configured = System.getenv(variable);
		if (configured != null && Files.isExecutable(Path.of(configured))) {
			return Optional.of(Path.of(configured));
		}
		String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/usr/local/bin");
		for (String name : names) {
			for (String directory : path.split(java.io.File.pathSeparator)) {
				Path candidate = Path.of(directory, name);
				if (Files.isExecutable(candidate)) {
					return Optional.of(candidate);
				}
			}
		}
		return Optional.empty();
	}

}
