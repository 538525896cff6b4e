package dev.instructzero.bo;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class KernelChoiceTest {

	@Test
	void namesEachKernelOnceAndFindsItByThatName() {
		assertThat(KernelChoice.INSTRUCTION_COUPLED.wireName()).isEqualTo("instruction-coupled");
		assertThat(KernelChoice.LATENT.wireName()).isEqualTo("latent");
		assertThat(Arrays.stream(KernelChoice.values()).map(KernelChoice::wireName)).doesNotHaveDuplicates();
		for (KernelChoice kernel : KernelChoice.values()) {
			assertThat(KernelChoice.fromWireName(kernel.wireName())).isSameAs(kernel);
		}
	}

	@Test
	void refusesANameNoKernelHasListingTheNamesThereAre() {
		assertThatIllegalArgumentException().isThrownBy(() -> KernelChoice.fromWireName("rbf"))
			.withMessage("unknown kernel 'rbf' (expected instruction-coupled or latent)");
		assertThatIllegalArgumentException().isThrownBy(() -> KernelChoice.fromWireName("INSTRUCTION_COUPLED"))
			.withMessage("unknown kernel 'INSTRUCTION_COUPLED' (expected instruction-coupled or latent)");
	}

}
