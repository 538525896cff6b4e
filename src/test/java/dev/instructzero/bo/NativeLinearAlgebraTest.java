package dev.instructzero.bo;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NativeLinearAlgebraTest {

	@Test
	void selfCheckPassesWithTheNativeBackendOnTheClasspath() {
		assertThat(NativeLinearAlgebra.selfCheck()).contains("potrf and gemm correct");
	}

}
