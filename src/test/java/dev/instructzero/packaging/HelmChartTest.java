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

/**
 * helm is not installable here, so the chart's YAML and its value references are checked.
 */
class HelmChartTest {

	static final Path CHART = Path.of("helm/instructzero");

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

}
