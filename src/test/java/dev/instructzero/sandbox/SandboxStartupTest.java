package dev.instructzero.sandbox;

import dev.instructzero.InstructZeroApplication;
import dev.instructzero.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The application itself, started in the sandbox profile with an OpenAI key, stops before
 * touching anything and explains why in Spring Boot's start-up failure report.
 */
@ExtendWith(OutputCaptureExtension.class)
class SandboxStartupTest {

	@Test
	void theServiceRefusesToStartTheSandboxBesideARealBlackBox(CapturedOutput output) {
		assertThatExceptionOfType(SandboxConflictException.class)
			.isThrownBy(() -> new SpringApplicationBuilder(InstructZeroApplication.class).run("--server.port=0",
					"--spring.profiles.active=sandbox", "--spring.ai.openai.api-key=sk-not-a-real-key",
					"--spring.datasource.url=" + TestDatabase.freshDatabaseUrl("sandbox_refused"),
					"--spring.datasource.username=" + TestDatabase.get().username(),
					"--spring.datasource.password=" + TestDatabase.get().password()));
		assertThat(output.getOut() + output.getErr()).contains("APPLICATION FAILED TO START")
			.contains("cannot be combined with real endpoints")
			.contains("spring.ai.openai.api-key (or OPENAI_API_KEY)")
			.contains("without the 'sandbox' profile")
			.doesNotContain("sk-not-a-real-key");
	}

}
