package dev.instructzero.job;

import dev.instructzero.bo.KernelChoice;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.exc.ValueInstantiationException;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link KernelChoiceJson}'s mix-in alone, on a mapper without Spring; that Spring Boot
 * registers it with the application's mapper the API slice ({@link JobControllerTest})
 * and the jsonb columns ({@link JobColumnsTest}) show.
 */
class KernelChoiceJsonTest {

	private final JsonMapper json = JsonMapper.builder()
		.addMixIn(KernelChoice.class, KernelChoiceJson.WireName.class)
		.build();

	@Test
	void writesAndReadsEachKernelUnderItsWireName() {
		assertThat(this.json.writeValueAsString(KernelChoice.INSTRUCTION_COUPLED)).isEqualTo("\"instruction-coupled\"");
		assertThat(this.json.writeValueAsString(KernelChoice.LATENT)).isEqualTo("\"latent\"");
		for (KernelChoice kernel : KernelChoice.values()) {
			assertThat(this.json.readValue(this.json.writeValueAsString(kernel), KernelChoice.class)).isSameAs(kernel);
		}
	}

	@Test
	void readsAndWritesTheKernelInsideAJobsSettings() {
		JobSettings settings = JobSettings.defaults(7).withSchedule(ProposalSchedule.ASYNC);
		String written = this.json.writeValueAsString(settings);
		assertThat(written).contains("\"kernel\":\"instruction-coupled\"").doesNotContain("INSTRUCTION_COUPLED");
		assertThat(this.json.readValue(written, JobSettings.class)).isEqualTo(settings);
		assertThat(this.json.readValue("{\"kernel\": \"latent\"}", JobSettings.class).kernel())
			.isEqualTo(KernelChoice.LATENT);
	}

	@Test
	void refusesAnUnknownNameOrTheEnumConstantsName() {
		for (String name : new String[] { "rbf", "LATENT", "" }) {
			assertThatExceptionOfType(ValueInstantiationException.class)
				.isThrownBy(() -> this.json.readValue("{\"kernel\": \"" + name + "\"}", JobSettings.class))
				.satisfies((ex) -> assertThat(ex.getPath()).singleElement()
					.satisfies((ref) -> assertThat(ref.getPropertyName()).isEqualTo("kernel")))
				.havingRootCause()
				.isInstanceOf(IllegalArgumentException.class)
				.withMessage("unknown kernel '" + name + "' (expected instruction-coupled or latent)");
		}
	}

}
