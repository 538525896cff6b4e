package dev.instructzero.generator;

import java.nio.file.Path;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

class GeneratorArchitectureTest {

	@Test
	void keepsTheMathAndTheCodecsFreeOfSpring() throws Exception {
		// the rule only needs the names of dependencies; resolving them all takes seconds
		ArchConfiguration.get().setResolveMissingDependenciesFromClassPath(false);
		Path compiled = Path.of(SoftPromptProjection.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		JavaClasses classes = new ClassFileImporter().importPath(compiled.resolve("dev/instructzero/generator"));
		ArchConfiguration.get().reset();
		noClasses().that()
			.belongToAnyOf(SoftPromptProjection.class, ReducedFloats.class, TensorDtype.class,
					PromptEmbedsEncoder.class, SafetensorsTensors.class, TorchZipTensors.class,
					StateDictUnpickler.class, ZipDirectory.class, EmbeddingTable.class, CheckpointEmbeddings.class,
					InstructionPostProcessor.class)
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.springframework..")
			.check(classes);
	}

}
