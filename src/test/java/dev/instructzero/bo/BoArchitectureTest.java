package dev.instructzero.bo;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

class BoArchitectureTest {

	@Test
	void bayesianOptimisationDependsOnNoSpringClass() {
		JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("dev.instructzero.bo");
		noClasses().that()
			.resideInAPackage("dev.instructzero.bo..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.springframework..")
			.because("bo is plain Java + ND4J so it can be tested and reused without a Spring context")
			.check(classes);
	}

	@Test
	void bayesianOptimisationDependsOnNoOtherApplicationPackage() {
		JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("dev.instructzero.bo");
		noClasses().that()
			.resideInAPackage("dev.instructzero.bo..")
			.should()
			.dependOnClassesThat()
			.resideOutsideOfPackages("dev.instructzero.bo..", "java..", "org.nd4j..", "org.hipparchus..",
					"org.bytedeco..", "org.jspecify..")
			.check(classes);
	}

}
