package dev.instructzero.generator;

/**
 * Conversions between double/float and the 16-bit formats F16 and BF16, round to nearest,
 * ties to even.
 *
 * <p>
 * A double is first narrowed to float with <em>round-to-odd</em>, then rounded to the
 * 16-bit format: with at least two more bits in the intermediate format this gives the
 * correctly rounded result, where plain double→float→half can round twice (Boldo and
 * Melquiond, "When double rounding is odd", 2005).
 */
final class ReducedFloats {

	private ReducedFloats() {
	}

	/** F16 bits of {@code value}, correctly rounded. */
	static short toF16(double value) {
		// Float.floatToFloat16 rounds to nearest even and handles subnormals, inf and NaN
		return Float.floatToFloat16(toFloatRoundToOdd(value));
	}

	/** BF16 bits of {@code value}, correctly rounded. */
	static short toBf16(double value) {
		return floatToBf16(toFloatRoundToOdd(value));
	}

	/** BF16 bits of a float, round to nearest even; NaN stays a (quiet) NaN. */
	static short floatToBf16(float value) {
		int bits = Float.floatToRawIntBits(value);
		if (Float.isNaN(value)) {
			return (short) ((bits >>> 16) | 0x0040);
		}
		// adding 0x7FFF plus the lowest kept bit rounds ties to even; a carry into the
		// exponent is the correct result, up to infinity
		int rounded = bits + 0x7FFF + ((bits >>> 16) & 1);
		return (short) (rounded >>> 16);
	}

	/** The float value of BF16 bits (exact). */
	static float bf16ToFloat(short bits) {
		return Float.intBitsToFloat((bits & 0xFFFF) << 16);
	}

	/**
	 * Narrows a double to float, rounding an inexact value to the neighbour whose last
	 * significand bit is odd.
	 */
	static float toFloatRoundToOdd(double value) {
		float nearest = (float) value;
		if (Double.isNaN(value) || (double) nearest == value) {
			return nearest;
		}
		if (Float.isInfinite(nearest)) {
			// a finite double beyond the float range: the largest float (odd) keeps the
			// overflow decision to the final rounding
			return Math.copySign(Float.MAX_VALUE, nearest);
		}
		if ((Float.floatToRawIntBits(nearest) & 1) == 1) {
			return nearest;
		}
		return ((double) nearest > value) ? Math.nextDown(nearest) : Math.nextUp(nearest);
	}

}
