package dev.instructzero.web;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import dev.instructzero.sandbox.SandboxTasks;
import dev.instructzero.support.RunningService;
import dev.instructzero.support.SandboxService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sandbox job in headless Chromium: its page carries the simulated banner and the job
 * list tags it, so nobody mistakes a simulated result for a real one.
 */
class SandboxDashboardBrowserTest {

	@TempDir
	static Path dir;

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
	void marksASimulatedJobOnItsPageAndInTheList() {
		RunningService service = SandboxService.get();
		String taskId = service.post("/tasks", SandboxTasks.taskJson("sandbox banner", 20), 201).path("id").asString();
		String jobId = service
			.post("/jobs",
					"{\"taskId\": \"" + taskId
							+ "\", \"settings\": {\"initialTrials\": 4, \"batchSize\": 2, \"iterations\": 1}}",
					202)
			.path("id")
			.asString();
		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));

		browser.get(service.baseUrl() + "/#/jobs/" + jobId);
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-field=simulated]")));
		assertThat(browser.findElement(By.cssSelector("[data-field=simulated]")).getText()).startsWith("Simulated job");

		browser.get(service.baseUrl() + "/#/jobs");
		By row = By.cssSelector("a[href='#/jobs/" + jobId + "']");
		wait.until(ExpectedConditions.presenceOfElementLocated(row));
		assertThat(browser.findElement(row)
			.findElement(By.xpath("ancestor::tr"))
			.findElement(By.cssSelector(".simulated-tag"))
			.getText()).isEqualTo("simulated");
	}

}
