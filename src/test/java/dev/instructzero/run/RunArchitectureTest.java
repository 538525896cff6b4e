package dev.instructzero.run;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The engine stays apart from the job API and from how trials are stored. */
class RunArchitectureTest {

	static final JavaClasses RUN = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.instructzero.run");

	@Test
	void theEngineDependsOnNeitherTheJobModuleNorTheWeb() {
		noClasses().that()
			.resideInAPackage("dev.instructzero.run..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.instructzero.job..", "dev.instructzero.web..", "dev.instructzero.study..",
					"jakarta.persistence..", "org.springframework.data..", "org.springframework.web..",
					"org.springframework.jdbc..", "org.jobrunr..")
			.because("the job module drives the engine through its ports (TrialStore, SelectionStore, JobProgress)")
			.check(RUN);
	}

	@Test
	void theEngineSeesNoEntityAndNoRestShape() {
		noClasses().that()
			.resideInAPackage("dev.instructzero.run..")
			.should()
			.dependOnClassesThat()
			.haveFullyQualifiedName("dev.instructzero.trial.Trial")
			.orShould()
			.dependOnClassesThat()
			.haveFullyQualifiedName("dev.instructzero.trial.FinalCandidate")
			.orShould()
			.dependOnClassesThat()
			.haveFullyQualifiedName("dev.instructzero.task.TaskResponse")
			.because("the engine works on its own values (TrialResult, FinalScore) and the task's LabeledExamples")
			.check(RUN);
	}

}
