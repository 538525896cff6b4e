package dev.instructzero.job;

import java.util.Arrays;

import dev.instructzero.bo.KernelChoice;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class KernelTest {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void namesEachGaussianProcessCovarianceOnce() {
		assertThat(Kernel.INSTRUCTION_COUPLED.choice()).isEqualTo(KernelChoice.INSTRUCTION_COUPLED);
		assertThat(Kernel.LATENT.choice()).isEqualTo(KernelChoice.LATENT);
		assertThat(Arrays.stream(Kernel.values()).map(Kernel::choice)).containsExactlyInAnyOrder(KernelChoice.values());
	}

	@Test
	void keepsItsWireNames() {
		assertThat(this.json.writeValueAsString(Kernel.INSTRUCTION_COUPLED)).isEqualTo("\"instruction-coupled\"");
		assertThat(this.json.writeValueAsString(Kernel.LATENT)).isEqualTo("\"latent\"");
		assertThat(this.json.readValue("\"latent\"", Kernel.class)).isEqualTo(Kernel.LATENT);
		assertThat(this.json.readValue("\"instruction-coupled\"", Kernel.class)).isEqualTo(Kernel.INSTRUCTION_COUPLED);
	}

}
