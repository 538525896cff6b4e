package dev.instructzero.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import dev.instructzero.support.RunningService;
import dev.instructzero.support.StubLlms;
import dev.instructzero.support.StubbedService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A racing job's page in headless Chromium: stopped-early instructions are drawn apart in
 * the plot and the table, and the calls racing saved are shown. Screenshot:
 * {@code target/dashboard-racing-job.png}.
 */
@StubbedService(database = "racing_dashboard", properties = { "--spring.lifecycle.timeout-per-shutdown-phase=2s" })
class RacingDashboardTest {

	@TempDir
	static Path dir;

	static StubLlms stubs;

	static RunningService service;

	static WebDriver browser;

	@BeforeAll
	static void start() throws IOException {
		HeadlessChromium chromium = HeadlessChromium.installed();
		browser = chromium.start(dir);
	}

	@AfterAll
	static void stop() {
		if (browser != null) {
			browser.quit();
		}
	}

	@Test
	void showsStoppedInstructionsApartAndTheCallsRacingSaved() throws IOException {
		// the first instruction is right on every example, every other one wrong
		AtomicReference<String> first = new AtomicReference<>();
		stubs.answerRule = (instruction, index) -> first.compareAndSet(null, instruction)
				|| first.get().equals(instruction);
		String id = service
			.post("/jobs",
					"{\"task\": " + StubLlms.taskJson(60, 0)
							+ ", \"settings\": {\"initialTrials\": 1, \"batchSize\": 3, \"iterations\": 3,"
							+ " \"maxGenerationsPerBatch\": 9, \"finalExamples\": 0, \"seed\": 5,"
							+ " \"evaluation\": \"racing\", \"racingStages\": [5]}}",
					202)
			.path("id")
			.asString();
		JsonNode[] job = new JsonNode[1];
		await().atMost(Duration.ofMinutes(3)).until(() -> {
			job[0] = service.get("/jobs/" + id);
			return job[0].path("status").asString().equals("SUCCEEDED");
		});
		long saved = job[0].path("progress").path("paidCallsSaved").asLong();
		long stopped = job[0].path("progress").path("stoppedEarly").asLong();
		assertThat(stopped).isPositive();

		browser.get(service.baseUrl() + "/#/jobs/" + id);
		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
		wait.until((b) -> !b.findElements(By.cssSelector("#convergence .trial-point.stopped")).isEmpty());
		wait.until((b) -> b.findElement(By.cssSelector("[data-field=paidCallsSaved]"))
			.getText()
			.equals(saved + " (" + stopped + " stopped)"));
		List<WebElement> stoppedRows = browser.findElements(By.cssSelector("#trials-table tbody tr.stopped-row"));
		assertThat(stoppedRows).isNotEmpty();
		assertThat(stoppedRows).allSatisfy((row) -> assertThat(row.getText()).contains("5 (stopped)"));
		String title = browser.findElement(By.cssSelector("#convergence .trial-point.stopped title"))
			.getAttribute("textContent");
		assertThat(title).contains("stopped after 5 examples");
		JavascriptExecutor js = (JavascriptExecutor) browser;
		long height = (Long) js.executeScript("return document.documentElement.scrollHeight");
		browser.manage().window().setSize(new Dimension(1280, (int) Math.min(height + 120, 4000)));
		Files.write(Files.createDirectories(Path.of("target")).resolve("dashboard-racing-job.png"),
				((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));
	}

}
