package dev.instructzero.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * helm is not installable here, so the chart's YAML and its value references are checked.
 */
class HelmChartTest {

	static final Path CHART = Path.of("helm/instructzero");

	/** The numeric user and group of the Dockerfile's USER. */
	static final int DOCKER_UID = 10001;

	@Test
	void chartAndValuesAreValidYaml() throws IOException {
		Map<String, Object> chart = load(CHART.resolve("Chart.yaml"));
		assertThat(chart).containsEntry("apiVersion", "v2")
			.containsEntry("name", "instructzero")
			.containsKey("version");
		Map<String, Object> values = load(CHART.resolve("values.yaml"));
		assertThat(values).containsKeys("replicaCount", "image", "resources", "database", "openai", "security");
	}

	@Test
	void everyValueTheTemplatesUseIsDefined() throws IOException {
		Map<String, Object> values = load(CHART.resolve("values.yaml"));
		Pattern reference = Pattern.compile("\\.Values\\.([A-Za-z0-9_.]+)");
		List<String> undefined = new ArrayList<>();
		try (Stream<Path> templates = Files.list(CHART.resolve("templates"))) {
			for (Path template : templates.toList()) {
				Matcher m = reference.matcher(Files.readString(template));
				while (m.find()) {
					if (!defined(values, m.group(1))) {
						undefined.add(template.getFileName() + ": " + m.group(1));
					}
				}
			}
		}
		assertThat(undefined).isEmpty();
	}

	@Test
	void deploymentProbesTheActuatorAndTakesSecretsFromSecrets() throws IOException {
		String deployment = Files.readString(CHART.resolve("templates/deployment.yaml"));
		assertThat(deployment).contains("/actuator/health/readiness", "/actuator/health/liveness");
		assertThat(deployment).contains("SPRING_DATASOURCE_PASSWORD", "SPRING_AI_OPENAI_API_KEY",
				"INSTRUCTZERO_SECURITY_API_TOKENS", "SPRING_APPLICATION_JSON");
		assertThat(deployment.split("secretKeyRef", -1)).hasSize(5);
	}

	@Test
	void refusesToRenderAServiceThatWouldListenOnLoopbackOnly() throws IOException {
		String check = Files.readString(CHART.resolve("templates/security-check.yaml"));
		assertThat(check).contains(".Values.security.clientsSecret", ".Values.security.allowAnonymous", "fail ");
		Map<String, Object> values = load(CHART.resolve("values.yaml"));
		assertThat(values.get("security").toString()).contains("allowAnonymous=false", "clientsSecret=");
	}

	@Test
	void composeFileIsValidAndWiresTheServiceToPostgres17AndVllm() throws IOException {
		Map<String, Object> compose = load(Path.of("docker-compose.yml"));
		@SuppressWarnings("unchecked")
		Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
		assertThat(services.get("postgres").get("image")).isEqualTo("postgres:17");
		assertThat(services.get("vllm").get("profiles")).isEqualTo(List.of("gpu"));
		assertThat(services.get("vllm").get("command").toString()).contains("--enable-prompt-embeds");
		assertThat(services.get("service").get("environment").toString()).contains("SPRING_DATASOURCE_URL");
	}

	private static boolean defined(Map<String, Object> values, String path) {
		Object node = values;
		for (String key : path.split("\\.")) {
			if (!(node instanceof Map<?, ?> map) || !map.containsKey(key)) {
				return false;
			}
			node = map.get(key);
		}
		return true;
	}

	private static Map<String, Object> load(Path file) throws IOException {
		return new Yaml().load(Files.readString(file));
	}

	@Test
	void sandboxValueRunsTheSandboxProfileWithoutRealEndpoints() throws IOException {
		String real = new HelmTemplates(CHART).set("security.allowAnonymous", true).renderText("configmap.yaml");
		assertThat(real).contains("SPRING_AI_OPENAI_BASE_URL", "INSTRUCTZERO_GENERATOR_VLLM_MODEL")
			.doesNotContain("SPRING_PROFILES_ACTIVE");
		HelmTemplates sandbox = new HelmTemplates(CHART).set("security.allowAnonymous", true)
			.set("sandbox.enabled", true);
		Map<String, Object> config = sandbox.render("configmap.yaml");
		@SuppressWarnings("unchecked")
		Map<String, Object> data = (Map<String, Object>) config.get("data");
		assertThat(data).containsEntry("SPRING_PROFILES_ACTIVE", "sandbox");
		assertThat(data.keySet()).noneMatch((key) -> key.startsWith("SPRING_AI_")
				|| key.startsWith("INSTRUCTZERO_GENERATOR_") || key.startsWith("INSTRUCTZERO_EVALUATOR_"));
		assertThat(sandbox.renderText("deployment.yaml")).doesNotContain("SPRING_AI_OPENAI_API_KEY")
			.contains("SPRING_DATASOURCE_PASSWORD");
		assertThat(new HelmTemplates(CHART).set("security.allowAnonymous", true).renderText("deployment.yaml"))
			.contains("SPRING_AI_OPENAI_API_KEY");
	}

	@Test
	void refusesToRenderWithoutClientsUnlessAnonymousIsAllowed() throws IOException {
		assertThatExceptionOfType(HelmTemplates.ChartRefused.class)
			.isThrownBy(() -> new HelmTemplates(CHART).render("security-check.yaml"))
			.withMessageContaining("security.clientsSecret");
		assertThat(new HelmTemplates(CHART).set("security.allowAnonymous", true).render("security-check.yaml"))
			.isNull();
	}

	@Test
	void everyTemplateRendersToYamlWithTheStandardLabels() throws IOException {
		HelmTemplates helm = new HelmTemplates(CHART).set("security.clientsSecret", "instructzero-clients");
		Map<String, Object> chart = load(CHART.resolve("Chart.yaml"));
		try (Stream<Path> templates = Files.list(CHART.resolve("templates"))) {
			for (Path template : templates.filter((t) -> t.toString().endsWith(".yaml")).toList()) {
				Map<String, Object> resource = helm.render(template.getFileName().toString());
				if (template.getFileName().toString().equals("security-check.yaml")) {
					assertThat(resource).as("renders nothing once clients are configured").isNull();
					continue;
				}
				Map<String, Object> labels = map(map(resource, "metadata"), "labels");
				assertThat(labels).as(template.toString())
					.containsEntry("helm.sh/chart", chart.get("name") + "-" + chart.get("version"))
					.containsEntry("app.kubernetes.io/managed-by", "Helm")
					.containsEntry("app.kubernetes.io/name", "instructzero")
					.containsEntry("app.kubernetes.io/instance", "rel")
					.containsEntry("app.kubernetes.io/version", chart.get("appVersion"));
			}
		}
	}

	@Test
	void podRunsAsTheImagesNumericUserUnderTheRestrictedPodSecurityStandard() throws IOException {
		Map<String, Object> pod = map(map(new HelmTemplates(CHART).render("deployment.yaml"), "spec"), "template");
		Map<String, Object> podSpec = map(pod, "spec");
		Map<String, Object> podSecurity = map(podSpec, "securityContext");
		assertThat(podSecurity).containsEntry("runAsNonRoot", true)
			.containsEntry("runAsUser", DOCKER_UID)
			.containsEntry("runAsGroup", DOCKER_UID)
			.containsEntry("fsGroup", DOCKER_UID);
		assertThat(map(podSecurity, "seccompProfile")).containsEntry("type", "RuntimeDefault");

		Map<String, Object> container = list(podSpec, "containers").get(0);
		Map<String, Object> security = map(container, "securityContext");
		assertThat(security).containsEntry("allowPrivilegeEscalation", false)
			.containsEntry("readOnlyRootFilesystem", true)
			.containsEntry("runAsNonRoot", true);
		assertThat(map(security, "capabilities")).containsEntry("drop", List.of("ALL"));
		assertThat(map(security, "seccompProfile")).containsEntry("type", "RuntimeDefault");

		// a read-only root needs writable emptyDirs for /tmp (JavaCPP, Tomcat) and the
		// data dir
		Map<String, String> mounts = new java.util.HashMap<>();
		list(container, "volumeMounts").forEach((m) -> mounts.put((String) m.get("mountPath"), (String) m.get("name")));
		List<Map<String, Object>> volumes = list(podSpec, "volumes");
		for (String path : List.of("/tmp", "/app/data")) {
			assertThat(mounts).containsKey(path);
			assertThat(volumes).filteredOn((v) -> v.get("name").equals(mounts.get(path)))
				.singleElement()
				.satisfies((v) -> assertThat(v).containsKey("emptyDir"));
		}
	}

	@Test
	void imageTagDefaultsToTheChartsAppVersion() throws IOException {
		Map<String, Object> chart = load(CHART.resolve("Chart.yaml"));
		Map<String, Object> podSpec = map(
				map(map(new HelmTemplates(CHART).render("deployment.yaml"), "spec"), "template"), "spec");
		assertThat(map(load(CHART.resolve("values.yaml")), "image")).containsEntry("tag", "");
		assertThat(list(podSpec, "containers").get(0).get("image"))
			.isEqualTo("ghcr.io/example/instructzero:" + chart.get("appVersion"));
	}

	@Test
	void terminationGraceOutlastsTheGracefulShutdown() throws IOException {
		HelmTemplates helm = new HelmTemplates(CHART);
		int grace = (Integer) map(map(map(helm.render("deployment.yaml"), "spec"), "template"), "spec")
			.get("terminationGracePeriodSeconds");
		String configured = (String) map(helm.render("configmap.yaml"), "data")
			.get("SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE");
		Map<String, Object> application = load(Path.of("src/main/resources/application.yml"));
		String defaultTimeout = (String) map(map(application, "spring"), "lifecycle").get("timeout-per-shutdown-phase");
		for (String timeout : List.of(configured, defaultTimeout)) {
			assertThat(timeout).matches("\\d+s");
			// the JVM also needs a few seconds to stop JobRunr and close the pool after
			// the phase
			assertThat(grace).isGreaterThanOrEqualTo(Integer.parseInt(timeout.replace("s", "")) + 10);
		}
	}

	@Test
	void podDisruptionBudgetKeepsAReplicaOfTheDeployment() throws IOException {
		HelmTemplates helm = new HelmTemplates(CHART);
		Map<String, Object> budget = helm.render("poddisruptionbudget.yaml");
		assertThat(budget).containsEntry("apiVersion", "policy/v1").containsEntry("kind", "PodDisruptionBudget");
		Map<String, Object> deploymentSpec = map(helm.render("deployment.yaml"), "spec");
		assertThat(map(map(budget, "spec"), "selector")).isEqualTo(map(deploymentSpec, "selector"));
		int minAvailable = (Integer) map(budget, "spec").get("minAvailable");
		assertThat(minAvailable).isPositive().isLessThan((Integer) deploymentSpec.get("replicas"));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Map<String, Object> node, String key) {
		assertThat(node).containsKey(key);
		return (Map<String, Object>) node.get(key);
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> list(Map<String, Object> node, String key) {
		assertThat(node).containsKey(key);
		return (List<Map<String, Object>>) node.get(key);
	}

}
