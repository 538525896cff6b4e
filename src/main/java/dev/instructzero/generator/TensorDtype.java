package dev.instructzero.generator;

import java.nio.ByteBuffer;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Element types of embedding tables and of {@code prompt_embeds}: IEEE half (F16),
 * bfloat16 (BF16) and IEEE single (F32), always little-endian.
 */
enum TensorDtype {

	/** IEEE 754 binary16. */
	F16(2, "HalfStorage"),

	/** bfloat16: the upper half of a binary32. */
	BF16(2, "BFloat16Storage"),

	/** IEEE 754 binary32. */
	F32(4, "FloatStorage");

	private final int bytes;

	private final String torchStorage;

	TensorDtype(int bytes, String torchStorage) {
		this.bytes = bytes;
		this.torchStorage = torchStorage;
	}

	/** Bytes per element. */
	public int bytes() {
		return this.bytes;
	}

	/** The legacy storage class torch pickles for this type, e.g. {@code HalfStorage}. */
	public String torchStorage() {
		return this.torchStorage;
	}

	/**
	 * Writes {@code value} rounded to this type (round to nearest, ties to even, with
	 * correct overflow to infinity, subnormals and NaN) at the buffer's position.
	 * @param buffer a little-endian buffer
	 * @param value any double
	 */
	public void put(ByteBuffer buffer, double value) {
		switch (this) {
			case F16 -> buffer.putShort(ReducedFloats.toF16(value));
			case BF16 -> buffer.putShort(ReducedFloats.toBf16(value));
			case F32 -> buffer.putFloat((float) value);
		}
	}

	/**
	 * Reads the element at byte index {@code index} as a float (exact for all three
	 * types).
	 * @param buffer a little-endian buffer
	 * @param index absolute byte index
	 * @return the element's value
	 */
	public float get(ByteBuffer buffer, int index) {
		return switch (this) {
			case F16 -> Float.float16ToFloat(buffer.getShort(index));
			case BF16 -> ReducedFloats.bf16ToFloat(buffer.getShort(index));
			case F32 -> buffer.getFloat(index);
		};
	}

	/**
	 * The type named by a safetensors header ({@code "F16"}, {@code "BF16"},
	 * {@code "F32"}).
	 * @param name the header's dtype
	 * @return the type, or {@code null} when unsupported
	 */
	static @Nullable TensorDtype fromSafetensors(String name) {
		return switch (name.toUpperCase(Locale.ROOT)) {
			case "F16" -> F16;
			case "BF16" -> BF16;
			case "F32" -> F32;
			default -> null;
		};
	}

	/**
	 * The type of a torch storage class name such as {@code HalfStorage}.
	 * @param storageClass the class name without module
	 * @return the type, or {@code null} when unsupported
	 */
	static @Nullable TensorDtype fromTorchStorage(String storageClass) {
		for (TensorDtype dtype : values()) {
			if (dtype.torchStorage.equals(storageClass)) {
				return dtype;
			}
		}
		return null;
	}

}
