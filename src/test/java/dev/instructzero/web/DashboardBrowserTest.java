package dev.instructzero.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in headless Chromium against the whole service on stub LLMs, with an API
 * token configured: enter the token, start a job through the form, watch the convergence
 * plot grow from the event stream while the job runs, sort the trials and open the best
 * instruction; cancel another job from its page; filter the list by status. Screenshots
 * go to {@code target/dashboard-*.png}.
 */
@StubbedService(database = "dashboard_browser",
		properties = { "--instructzero.security.api-tokens=" + DashboardBrowserTest.TOKEN,
				// an event stream whose browser went away stays open on the server: don't
				// wait
				// 30 s for it at shutdown
				"--spring.lifecycle.timeout-per-shutdown-phase=2s" })
class DashboardBrowserTest {

	static final String TOKEN = "dashboard-test-token";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	static Path dir;

	static StubLlms stubs;

	static RunningService service;

	static WebDriver browser;

	@BeforeAll
	static void start() throws IOException {
		HeadlessChromium chromium = HeadlessChromium.installed();
		// slow enough that the plot visibly grows over several stream events
		stubs.vllmDelayMs = 150;
		browser = chromium.start(dir);
	}

	@AfterAll
	static void stop() {
		if (browser != null) {
			browser.quit();
		}
	}

	@Test
	void startsAJobFromTheFormAndFollowsItsConvergenceToTheBestInstruction() throws Exception {
		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
		browser.get(service.baseUrl() + "/");

		// the API answers 401 without a token: the page asks for one
		WebElement tokenInput = wait
			.until((b) -> visible(b.findElements(By.cssSelector("#token-dialog[open] #token-input"))));
		tokenInput.sendKeys(TOKEN);
		browser.findElement(By.cssSelector("#token-dialog button[value=save]")).click();
		wait.until((b) -> visible(b.findElements(By.cssSelector("#jobs-title"))) != null
				&& b.findElement(By.cssSelector(".empty")).isDisplayed());

		browser.findElement(By.linkText("New job")).click();
		WebElement form = wait.until((b) -> visible(b.findElements(By.id("new-job"))));
		// the paper's defaults are pre-filled
		assertThat(List
			.of("initialTrials", "batchSize", "iterations", "promptStyle", "exemplars", "devExamples",
					"softPromptTokens", "intrinsicDim", "kernel", "finalCandidates", "finalExamples")
			.stream()
			.map((name) -> form.findElement(By.name(name)).getDomProperty("value"))
			.toList()).containsExactly("25", "25", "5", "chat", "", "20", "5", "10", "instruction-coupled", "5", "40");

		form.findElement(By.id("task-name")).sendKeys("antonyms");
		form.findElement(By.id("task-examples")).sendKeys(examplesJson(0, 60));
		form.findElement(By.id("task-test-examples")).sendKeys(examplesJson(1000, 8));
		assertThat(form.findElement(By.id("examples-count")).getText()).isEqualTo("60 examples read");
		replace(form, "initialTrials", "10");
		replace(form, "batchSize", "10");
		replace(form, "iterations", "2");
		replace(form, "seed", "11");
		// the stub knows four instructions: without this every iteration would run to its
		// replacement cap
		replace(form, "maxGenerationsPerBatch", "10");
		screenshot("dashboard-new-job.png", 1280, true);
		browser.manage().window().setSize(new Dimension(1280, 900));
		form.findElement(By.id("start-job")).click();

		wait.until((b) -> b.getCurrentUrl().contains("#/jobs/"));
		String jobId = browser.getCurrentUrl().replaceAll(".*#/jobs/", "");
		assertThat(jobId).matches("[0-9a-f-]{36}");

		// the plot gains points while the job is still running
		WebDriverWait jobWait = new WebDriverWait(browser, Duration.ofMinutes(3));
		int[] firstSeen = new int[1];
		String[] statusThen = new String[1];
		jobWait.pollingEvery(Duration.ofMillis(50)).until((b) -> {
			firstSeen[0] = points(b);
			statusThen[0] = status(b);
			return firstSeen[0] > 0;
		});
		assertThat(statusThen[0]).isIn("QUEUED", "RUNNING");
		jobWait.until((b) -> points(b) > firstSeen[0]);
		jobWait.until((b) -> status(b).equals("SUCCEEDED"));
		// the stream has ended and the final state is drawn: no more redraws from here on
		jobWait.until((b) -> !b.findElements(By.cssSelector("section[data-live=ended]")).isEmpty());

		// 10 initial + 2 x 10 proposals, two iteration boundaries, both kinds of marks
		assertThat(points(browser)).isEqualTo(30);
		assertThat(browser.findElements(By.cssSelector("#convergence .iteration-boundary"))).hasSize(2);
		assertThat(browser.findElements(By.cssSelector("#convergence .trial-point.origin-initial"))).hasSize(10);
		assertThat(browser.findElements(By.cssSelector("#convergence .trial-point.origin-proposal"))).hasSize(20);
		assertThat(browser.findElement(By.cssSelector("#convergence .best-line")).getDomAttribute("d")).startsWith("M");
		assertThat(browser.findElements(By.cssSelector("#trials-table tbody tr"))).hasSize(30);
		// a finished job offers no cancel and shows no stream error
		assertThat(browser.findElement(By.cssSelector("section > .error")).isDisplayed()).isFalse();
		assertThat(browser.findElement(By.id("cancel-job")).isDisplayed()).isFalse();
		assertThat(browser.findElement(By.cssSelector("[data-field=paidCalls]")).getText()).isNotEqualTo("0");
		// a job on real endpoints carries no sandbox banner
		assertThat(browser.findElement(By.cssSelector("[data-field=simulated]")).isDisplayed()).isFalse();

		JsonNode best = api("/jobs/" + jobId + "/best");
		String bestDev = String.format(Locale.ROOT, "%.3f", best.path("devScore").asDouble());

		// sorting by dev score (from the keyboard) puts the best trial first
		browser.findElement(By.cssSelector("#trials-table th[data-sort=devScore] button")).sendKeys(Keys.ENTER);
		assertThat(browser.findElement(By.cssSelector("#trials-table th[data-sort=devScore]"))
			.getDomAttribute("aria-sort")).isEqualTo("descending");
		List<WebElement> firstRow = browser.findElements(By.cssSelector("#trials-table tbody tr:first-child td"));
		assertThat(firstRow.get(0).getText()).isEqualTo(best.path("ordinal").asString());
		assertThat(firstRow.get(4).getText()).isEqualTo(bestDev);

		browser.findElement(By.cssSelector("#best summary")).click();
		wait.until((b) -> b.findElement(By.cssSelector(".best-instruction"))
			.getText()
			.equals(best.path("instruction").asString()));
		assertThat(browser.findElement(By.cssSelector("[data-best=devScore]")).getText())
			.isEqualTo(bestDev + " on 20 examples");
		// the final selection's wider evaluation: 60 examples = 30 exemplars + 30 dev, so
		// the 20-example subset plus 10 extra
		JsonNode wider = best.path("widerScore");
		assertThat(browser.findElement(By.cssSelector("[data-best=widerScore]")).getText()).isEqualTo(String.format(
				Locale.ROOT, "%.3f on 30 examples (95%% interval %.3f–%.3f, Wilson)", wider.path("score").asDouble(),
				wider.path("interval").path("low").asDouble(), wider.path("interval").path("high").asDouble()));
		assertThat(browser.findElement(By.cssSelector("[data-best=selectedBy]")).getText()).isEqualTo(
				"final selection: best of " + wider.path("candidatesCompared").asInt() + " on the wider evaluation");
		assertThat(browser.findElement(By.cssSelector("[data-best=testScore]")).getText())
			.isEqualTo(String.format(Locale.ROOT, "%.3f", best.path("testScore").asDouble()));

		// the cost–accuracy front: one filled point per front instruction, hollow ones
		// for
		// the rest, and the front's table
		JsonNode front = api("/jobs/" + jobId + "/front");
		browser.findElement(By.cssSelector("#front summary")).click();
		wait.until((b) -> !b.findElements(By.cssSelector("#front-plot .front-point")).isEmpty());
		assertThat(browser.findElements(By.cssSelector("#front-plot .front-point")))
			.hasSize(front.path("front").size());
		assertThat(browser.findElements(By.cssSelector("#front-plot .dominated-point")))
			.hasSize(front.path("dominated").size());
		assertThat(browser.findElements(By.cssSelector("#front-plot .front-line"))).hasSize(1);
		List<WebElement> frontRows = browser.findElements(By.cssSelector("#front-table tbody tr"));
		assertThat(frontRows).hasSize(front.path("front").size());
		assertThat(frontRows.get(0).findElements(By.tagName("td")).get(4).getText())
			.isEqualTo(front.path("front").get(0).path("instruction").asString());

		// transfer of the top 3 instructions to two models from the job page
		browser.findElement(By.cssSelector("#transfer summary")).click();
		WebElement models = wait.until((b) -> visible(b.findElements(By.id("transfer-models"))));
		models.sendKeys("stub-gpt, " + StubLlms.JUDGE_MODEL);
		WebElement topK = browser.findElement(By.id("transfer-top-k"));
		topK.clear();
		topK.sendKeys("3");
		browser.findElement(By.id("transfer-start")).click();
		wait.until((b) -> b.findElement(By.cssSelector(".transfer-status")).getText().startsWith("Paid"));
		JsonNode transfer = api("/jobs/" + jobId + "/transfer");
		List<WebElement> transferRows = browser.findElements(By.cssSelector("#transfer-table tbody tr"));
		assertThat(transferRows).hasSize(transfer.path("instructions").size()).isNotEmpty();
		assertThat(browser.findElements(By.cssSelector("#transfer-table thead th")).stream().map(WebElement::getText))
			.containsExactly("Trial", "Dev score", "Instruction", "stub-gpt", StubLlms.JUDGE_MODEL);
		List<WebElement> firstTransfer = transferRows.get(0).findElements(By.tagName("td"));
		JsonNode firstCell = transfer.path("instructions").get(0).path("scores");
		assertThat(firstTransfer.get(3).getText())
			.isEqualTo(String.format(Locale.ROOT, "%.3f", firstCell.path("stub-gpt").path("score").asDouble()));
		assertThat(firstTransfer.get(4).getText()).isEqualTo(
				String.format(Locale.ROOT, "%.3f", firstCell.path(StubLlms.JUDGE_MODEL).path("score").asDouble()));

		// the token lives in session storage, never in a URL
		assertThat(browser.getCurrentUrl()).doesNotContain(TOKEN);
		assertThat(
				((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem('instructzero.apiToken')"))
			.isEqualTo(TOKEN);

		screenshot("dashboard-job.png", 1280, true);
		screenshot("dashboard-job-phone.png", 412, false);
		browser.manage().window().setSize(new Dimension(1280, 900));

		// the answers behind the best instruction's scores, dev and test
		JsonNode detail = api("/jobs/" + jobId + "/trials/" + best.path("ordinal").asInt());
		int devAnswers = detail.path("devAnswers").size();
		assertThat(devAnswers).isPositive();
		WebElement answersLink = wait.until((b) -> visible(b.findElements(By.cssSelector(".best-answers"))));
		answersLink.click();
		wait.until((b) -> b.findElements(By.cssSelector("#dev-answers tbody tr")).size() == devAnswers);
		List<WebElement> firstAnswer = browser.findElements(By.cssSelector("#dev-answers tbody tr:first-child td"));
		JsonNode expected = detail.path("devAnswers").get(0);
		assertThat(firstAnswer.get(1).getText()).isEqualTo(expected.path("input").asString());
		assertThat(firstAnswer.get(3).getText()).isEqualTo(expected.path("answer").asString());
		assertThat(firstAnswer.get(4).getText())
			.isEqualTo(String.format(Locale.ROOT, "%.3f", expected.path("score").asDouble()));
		assertThat(browser.findElement(By.cssSelector(".trial-instruction")).getText())
			.isEqualTo(best.path("instruction").asString());
		assertThat(browser.findElements(By.cssSelector("#test-answers tbody tr")))
			.hasSize(detail.path("testAnswers").size());
		screenshot("dashboard-trial.png", 1280, true);

		browser.findElement(By.linkText("Jobs")).click();
		wait.until((b) -> b.findElements(By.cssSelector("#jobs-table tbody tr")).size() == 1);
		assertThat(browser.findElement(By.cssSelector("#jobs-table tbody tr")).getText()).contains("SUCCEEDED")
			.contains("30 / 30")
			.contains("antonyms");

		// a second, slow job is cancelled from its page
		stubs.vllmDelayMs = 1000;
		String slowJob = api("/jobs", "{\"task\": " + StubLlms.taskJson(40, 0, 500) + "}").path("id").asString();
		browser.get(service.baseUrl() + "/#/jobs/" + slowJob);
		WebElement cancel = wait.until((b) -> visible(b.findElements(By.id("cancel-job"))));
		cancel.click();
		wait.until(ExpectedConditions.alertIsPresent()).accept();
		new WebDriverWait(browser, Duration.ofMinutes(1)).until((b) -> status(b).equals("CANCELLED"));
		assertThat(api("/jobs/" + slowJob).path("status").asString()).isEqualTo("CANCELLED");
		assertThat(browser.findElement(By.id("cancel-job")).isDisplayed()).isFalse();
		wait.until((b) -> !b.findElements(By.cssSelector("section[data-live=ended]")).isEmpty());

		// the list filters by status
		browser.findElement(By.linkText("Jobs")).click();
		wait.until((b) -> b.findElements(By.cssSelector("#jobs-table tbody tr")).size() == 2);
		new Select(browser.findElement(By.id("status-filter"))).selectByValue("CANCELLED");
		wait.until((b) -> b.getCurrentUrl().endsWith("#/jobs?status=CANCELLED")
				&& b.findElements(By.cssSelector("#jobs-table tbody tr")).size() == 1
				&& b.findElement(By.cssSelector("#jobs-table tbody tr")).getText().contains("CANCELLED"));
		new Select(browser.findElement(By.id("status-filter"))).selectByValue("RUNNING");
		wait.until((b) -> b.findElement(By.cssSelector("section .empty")).isDisplayed());
		assertThat(browser.findElements(By.cssSelector("#jobs-table tbody tr"))).isEmpty();
		new Select(browser.findElement(By.id("status-filter"))).selectByValue("");
		wait.until((b) -> b.findElements(By.cssSelector("#jobs-table tbody tr")).size() == 2);
		screenshot("dashboard-jobs.png", 1280, false);
	}

	private static int points(WebDriver browser) {
		return browser.findElements(By.cssSelector("#convergence .trial-point")).size();
	}

	private static String status(WebDriver browser) {
		return browser.findElement(By.cssSelector("[data-field=status]")).getText();
	}

	private static void replace(WebElement form, String name, String value) {
		WebElement input = form.findElement(By.name(name));
		input.clear();
		input.sendKeys(value);
	}

	private static WebElement visible(List<WebElement> elements) {
		return elements.stream().filter(WebElement::isDisplayed).findFirst().orElse(null);
	}

	/** Examples as a user would paste them: a compact JSON array. */
	private static String examplesJson(int offset, int count) {
		StringBuilder json = new StringBuilder("[");
		for (int i = offset; i < offset + count; i++) {
			json.append((i > offset) ? "," : "")
				.append("{\"input\":\"word")
				.append(i)
				.append("\",\"output\":\"anti")
				.append(i)
				.append("\"}");
		}
		return json.append("]").toString();
	}

	/**
	 * The page at the given width, whole or just the first screen, saved under target/,
	 * once the plot has been redrawn for the new width.
	 */
	private static void screenshot(String name, int width, boolean wholePage) throws IOException {
		JavascriptExecutor js = (JavascriptExecutor) browser;
		browser.manage().window().setSize(new Dimension(width, 900));
		if (wholePage) {
			long height = (Long) js.executeScript("return document.documentElement.scrollHeight");
			browser.manage().window().setSize(new Dimension(width, (int) Math.min(height + 120, 4000)));
		}
		js.executeScript("window.scrollTo(0, 0)");
		new WebDriverWait(browser, Duration.ofSeconds(5))
			.until((b) -> (Boolean) js.executeScript("const svg = document.getElementById('convergence');"
					+ "return !svg || Math.abs(svg.viewBox.baseVal.width - svg.getBoundingClientRect().width) < 2"
					+ " || svg.getBoundingClientRect().width < 280;"));
		byte[] png = ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES);
		Files.write(Files.createDirectories(Path.of("target")).resolve(name), png);
	}

	private static JsonNode api(String path) throws IOException, InterruptedException {
		return api(HttpRequest.newBuilder(URI.create(service.baseUrl() + path)).GET());
	}

	private static JsonNode api(String path, String json) throws IOException, InterruptedException {
		return api(HttpRequest.newBuilder(URI.create(service.baseUrl() + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	private static JsonNode api(HttpRequest.Builder request) throws IOException, InterruptedException {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(request.header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isBetween(200, 202);
		return JSON.readTree(response.body());
	}

}
