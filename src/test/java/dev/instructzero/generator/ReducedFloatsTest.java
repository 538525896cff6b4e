package dev.instructzero.generator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReducedFloatsTest {

	private static int f16(double value) {
		return ReducedFloats.toF16(value) & 0xFFFF;
	}

	private static int bf16(double value) {
		return ReducedFloats.toBf16(value) & 0xFFFF;
	}

	@Test
	void convertsOrdinaryAndExtremeValuesToF16() {
		assertThat(f16(1.0)).isEqualTo(0x3C00);
		assertThat(f16(-2.0)).isEqualTo(0xC000);
		assertThat(f16(0.0)).isEqualTo(0x0000);
		assertThat(f16(-0.0)).isEqualTo(0x8000);
		assertThat(f16(65504.0)).isEqualTo(0x7BFF); // largest finite
		assertThat(f16(65519.99)).isEqualTo(0x7BFF);
		assertThat(f16(65520.0)).isEqualTo(0x7C00); // tie at the top rounds to infinity
		assertThat(f16(1e10)).isEqualTo(0x7C00);
		assertThat(f16(Double.POSITIVE_INFINITY)).isEqualTo(0x7C00);
		assertThat(f16(Double.NEGATIVE_INFINITY)).isEqualTo(0xFC00);
		int nan = f16(Double.NaN);
		assertThat(nan & 0x7C00).isEqualTo(0x7C00);
		assertThat(nan & 0x03FF).isNotZero();
	}

	@Test
	void roundsF16SubnormalsAndTiesToEven() {
		assertThat(f16(Math.scalb(1.0, -24))).isEqualTo(0x0001); // smallest subnormal
		assertThat(f16(Math.scalb(3.0, -24))).isEqualTo(0x0003);
		assertThat(f16(Math.scalb(1.0, -25))).isEqualTo(0x0000); // tie → even (0)
		assertThat(f16(Math.scalb(3.0, -25))).isEqualTo(0x0002); // tie 1.5 ulp → even (2)
		assertThat(f16(Math.scalb(1.0, -14))).isEqualTo(0x0400); // smallest normal
		assertThat(f16(1.0 + Math.scalb(1.0, -11))).isEqualTo(0x3C00); // tie → even
		assertThat(f16(1.0 + Math.scalb(3.0, -11))).isEqualTo(0x3C02); // tie → even (up)
		assertThat(f16(1.0 + Math.scalb(1.0, -11) + Math.scalb(1.0, -30))).isEqualTo(0x3C01); // above
																								// tie
	}

	@Test
	void avoidsDoubleRoundingThroughFloat() {
		// (float) of these doubles lands exactly on an F16/BF16 tie and would round to
		// even;
		// the double itself is above the tie, so the correct result rounds up
		double aboveTie = 1.0 + Math.scalb(1.0, -11) + Math.scalb(1.0, -40);
		assertThat((double) (float) aboveTie).isEqualTo(1.0 + Math.scalb(1.0, -11));
		assertThat(f16(aboveTie)).isEqualTo(0x3C01);
		assertThat(f16(Math.scalb(1.0, -25) + Math.scalb(1.0, -60))).isEqualTo(0x0001);
		assertThat(bf16(1.0 + Math.scalb(1.0, -8) + Math.scalb(1.0, -40))).isEqualTo(0x3F81);
		assertThat(bf16(Math.scalb(1.0, -134) + Math.scalb(1.0, -180))).isEqualTo(0x0001);
		assertThat(bf16(-(1.0 + Math.scalb(1.0, -8) + Math.scalb(1.0, -40)))).isEqualTo(0xBF81);
	}

	@Test
	void convertsEdgeValuesToBf16() {
		assertThat(bf16(1.0)).isEqualTo(0x3F80);
		assertThat(bf16(-0.0)).isEqualTo(0x8000);
		assertThat(bf16(1.0 + Math.scalb(1.0, -8))).isEqualTo(0x3F80); // tie → even
		assertThat(bf16(1.0 + Math.scalb(3.0, -8))).isEqualTo(0x3F82); // tie → even (up)
		assertThat(bf16(3.3895313892515355e38)).isEqualTo(0x7F7F); // largest finite
		assertThat(bf16(Float.MAX_VALUE)).isEqualTo(0x7F80); // above the last tie → inf
		assertThat(bf16(1e300)).isEqualTo(0x7F80);
		assertThat(bf16(Double.NEGATIVE_INFINITY)).isEqualTo(0xFF80);
		assertThat(bf16(Math.scalb(1.0, -133))).isEqualTo(0x0001); // smallest subnormal
		assertThat(bf16(Math.scalb(1.0, -134))).isEqualTo(0x0000); // tie → even
		assertThat(bf16(Math.scalb(3.0, -134))).isEqualTo(0x0002);
		int nan = bf16(Double.NaN);
		assertThat(nan & 0x7F80).isEqualTo(0x7F80);
		assertThat(nan & 0x007F).isNotZero();
		assertThat(ReducedFloats.floatToBf16(Float.intBitsToFloat(0xFF800001)) & 0xFFFF).isEqualTo(0xFFC0);
	}

	@Test
	void everyF16AndBf16ValueRoundTripsThroughDouble() {
		for (int bits = 0; bits < 0x10000; bits++) {
			float f16 = Float.float16ToFloat((short) bits);
			float b16 = ReducedFloats.bf16ToFloat((short) bits);
			if (!Float.isNaN(f16)) {
				assertThat(f16(f16)).as("F16 0x%04x", bits).isEqualTo(bits);
			}
			if (!Float.isNaN(b16)) {
				assertThat(bf16(b16)).as("BF16 0x%04x", bits).isEqualTo(bits);
			}
		}
	}

}
