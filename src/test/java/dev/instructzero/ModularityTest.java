package dev.instructzero;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The top-level packages are Spring Modulith application modules: no cycles between them,
 * a module uses only the public types of another module's top-level package (its API) and
 * only the modules its {@code package-info} allows. The diagrams in {@code docs/modules}
 * are drawn from the same model; regenerate them after a change of the modules or their
 * dependencies with {@code ./mvnw test -Dtest=ModularityTest -Dmodules.update=true}.
 */
class ModularityTest {

	static final ApplicationModules MODULES = ApplicationModules.of(InstructZeroApplication.class);

	static final Path DOCS = Path.of("docs", "modules");

	static final Path GENERATED = Path.of("target", "spring-modulith-docs");

	@Test
	void modulesDependOnlyOnAllowedApisWithoutCycles() {
		MODULES.verify();
	}

	@Test
	void theCheckedInModuleDiagramIsTheCodesModuleStructure() throws IOException {
		Path output = Boolean.getBoolean("modules.update") ? DOCS : GENERATED;
		new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(output.toString()))
			.writeModulesAsPlantUml()
			.writeIndividualModulesAsPlantUml()
			.writeModuleCanvases()
			.writeAggregatingDocument();
		Path overview = output.resolve("components.puml");
		assertThat(DOCS.resolve("components.puml")).as(DOCS + " is missing; " + howToUpdate()).exists();
		assertThat(lines(DOCS.resolve("components.puml")))
			.as(DOCS.resolve("components.puml") + " differs from the code's modules; " + howToUpdate())
			.containsExactlyInAnyOrderElementsOf(lines(overview));
	}

	// the Documenter lists modules and relations in no fixed order
	private static List<String> lines(Path diagram) throws IOException {
		return Files.readAllLines(diagram, StandardCharsets.UTF_8);
	}

	private static String howToUpdate() {
		return "regenerate it with ./mvnw test -Dtest=ModularityTest -Dmodules.update=true";
	}

}
