package dev.instructzero.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import dev.instructzero.support.RunningService;
import dev.instructzero.support.StubLlms;
import dev.instructzero.support.StubbedService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A study's dashboard pages in headless Chromium against the whole service on stub LLMs:
 * the list links to the study, whose page draws each arm's mean convergence curve with
 * its 95% band and shows the report table. Screenshot:
 * {@code target/dashboard-study.png}.
 */
@StubbedService(database = "study_dashboard")
class StudyDashboardBrowserTest {

	@TempDir
	static Path dir;

	static StubLlms stubs;

	static RunningService service;

	static WebDriver browser;

	@BeforeAll
	static void start() throws IOException {
		HeadlessChromium chromium = HeadlessChromium.installed();
		browser = chromium.start(dir);
		browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1400));
	}

	@AfterAll
	static void stop() {
		if (browser != null) {
			browser.quit();
		}
	}

	@Test
	void showsEachArmsMeanCurveWithItsBandAndTheReportTable() throws Exception {
		String id = service
			.post("/studies",
					"""
							{"name": "d ablation", "task": %s, "seeds": 2, "firstSeed": 7,
							 "baseJob": {"strategy": "random",
							             "settings": {"initialTrials": 3, "batchSize": 2, "iterations": 1, "finalCandidates": 1}},
							 "grid": {"intrinsicDim": [10, 2]}}
							"""
						.formatted(StubLlms.taskJson(30, 4)),
					202)
			.path("id")
			.asString();
		await().atMost(Duration.ofMinutes(3))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> service.get("/studies/" + id).path("status").asString().equals("FINISHED"));
		JsonNode report = service.get("/studies/" + id + "/report");

		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
		browser.get(service.baseUrl() + "/#/studies");
		WebElement link = wait
			.until((b) -> b.findElements(By.linkText("d ablation")).stream().findFirst().orElse(null));
		link.click();
		wait.until((b) -> b.findElements(By.cssSelector("#arms-table tbody tr")).size() == 2);

		List<WebElement> bands = browser.findElements(By.cssSelector("#study-plot .arm-band"));
		List<WebElement> lines = browser.findElements(By.cssSelector("#study-plot .arm-line"));
		assertThat(bands).hasSize(2);
		assertThat(lines).hasSize(2);
		for (WebElement band : bands) {
			assertThat(band.getDomAttribute("d")).startsWith("M").endsWith("Z");
		}
		// one vertex per trial index of the arm's curve
		for (int a = 0; a < 2; a++) {
			int points = report.path("arms").get(a).path("convergence").size();
			assertThat(lines.get(a).getDomAttribute("d").split("[ML]")).hasSize(points + 1);
		}
		assertThat(browser.findElement(By.cssSelector("#study-plot .baseline-arm"))).isNotNull();

		List<WebElement> baseline = browser.findElements(By.cssSelector("#arms-table tbody tr:first-child > *"));
		JsonNode dev = report.path("arms").get(0).path("bestDevScore");
		assertThat(baseline.get(0).getText()).isEqualTo("intrinsicDim=10 (baseline)");
		assertThat(baseline.get(1).getText()).isEqualTo("2/2");
		assertThat(baseline.get(2).getText()).isEqualTo(String.format(Locale.ROOT, "%.3f (%.3f–%.3f, n=2)",
				dev.path("mean").asDouble(), dev.path("low").asDouble(), dev.path("high").asDouble()));
		assertThat(baseline.get(4).getText())
			.isEqualTo(String.valueOf(report.path("arms").get(0).path("paidCalls").asLong()));
		assertThat(baseline.get(6).getText()).isEqualTo("baseline");
		List<WebElement> other = browser.findElements(By.cssSelector("#arms-table tbody tr:nth-child(2) > *"));
		JsonNode comparison = report.path("comparisons").get(0);
		assertThat(other.get(6).getText()).isEqualTo((comparison.path("pValue").isNull()) ? "no difference (2 pairs)"
				: String.format(Locale.ROOT, "%s%.3f, p = %.3f (W = %s, n = %d)",
						comparison.path("meanDifference").asDouble() > 0 ? "+" : "",
						comparison.path("meanDifference").asDouble(), comparison.path("pValue").asDouble(),
						comparison.path("statistic").asString().replaceAll("\\.0$", ""),
						comparison.path("nonZero").asInt()));
		assertThat(browser.findElements(By.cssSelector(".study-jobs a"))).hasSize(4);
		assertThat(browser.findElement(By.cssSelector("[data-field=status]")).getText()).isEqualTo("FINISHED");
		assertThat(browser.findElement(By.id("cancel-study")).isDisplayed()).isFalse();

		byte[] png = ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES);
		Files.write(Files.createDirectories(Path.of("target")).resolve("dashboard-study.png"), png);
	}

}
