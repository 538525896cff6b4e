package dev.instructzero.generator;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PromptEmbedsEncoderTest {

	private static final List<String> ALLOWED = List.of("PROTO", "GLOBAL", "BINUNICODE", "BININT", "BININT1", "BININT2",
			"TUPLE", "TUPLE2", "MARK", "EMPTY_TUPLE", "BINPERSID", "NEWFALSE", "REDUCE", "BINPUT", "STOP");

	private static byte[] randomData(int elements, TensorDtype dtype, long seed) {
		Random random = new Random(seed);
		ByteBuffer data = ByteBuffer.allocate(elements * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
		for (int i = 0; i < elements; i++) {
			dtype.put(data, random.nextGaussian());
		}
		return data.array();
	}

	@ParameterizedTest
	@EnumSource(TensorDtype.class)
	void writesTheTorchSaveLayoutThatRoundTrips(TensorDtype dtype) throws Exception {
		byte[] data = randomData(7 * 300, dtype, 1);
		TorchSaveReader.Decoded decoded = TorchSaveReader.decode(PromptEmbedsEncoder.encode(dtype, 7, 300, data));

		assertThat(decoded.entryNames()).containsExactly("archive/data.pkl", "archive/byteorder", "archive/data/0",
				"archive/version");
		assertThat(decoded.entryMethods()).containsOnly(ZipEntry.STORED);
		assertThat(new String(decoded.entries().get("archive/byteorder"), StandardCharsets.US_ASCII))
			.isEqualTo("little");
		assertThat(new String(decoded.entries().get("archive/version"), StandardCharsets.US_ASCII)).isEqualTo("3\n");
		TorchSaveReader.Rebuilt tensor = decoded.tensor();
		assertThat(tensor.storage().tag()).isEqualTo("storage");
		assertThat(tensor.storage().type().name()).isEqualTo(dtype.torchStorage());
		assertThat(tensor.storage().key()).isEqualTo("0");
		assertThat(tensor.storage().location()).isEqualTo("cpu");
		assertThat(tensor.storage().numel()).isEqualTo(2100);
		assertThat(tensor.offset()).isZero();
		assertThat(tensor.size()).containsExactly(7, 300);
		assertThat(tensor.stride()).containsExactly(300, 1);
		assertThat(tensor.requiresGrad()).isFalse();
		assertThat(tensor.hooks()).isInstanceOf(Map.class);
		assertThat(decoded.data()).isEqualTo(data);
	}

	@Test
	void usesOnlyOpcodesTheWeightsOnlyUnpicklerAccepts() {
		// sizes that need BININT1, BININT2 and BININT
		for (int[] shape : new int[][] { { 2, 3 }, { 300, 5120 }, { 70000, 2 } }) {
			List<String> ops = PickleOpcodes.walk(PromptEmbedsEncoder.pickle(TensorDtype.F16, shape[0], shape[1]));
			assertThat(ALLOWED).containsAll(ops);
			assertThat(ops).startsWith("PROTO").endsWith("STOP").contains("BINPERSID", "NEWFALSE");
		}
	}

	@Test
	void matchesThePickleTorchWritesForASmallHalfTensor() {
		// torch.save(torch.zeros(2, 3, dtype=torch.half)) at protocol 2, data.pkl
		byte[] expected = ("\u0080\u0002ctorch._utils\n_rebuild_tensor_v2\nq\u0000((X\u0007\u0000\u0000\u0000storageq\u0001"
				+ "ctorch\nHalfStorage\nq\u0002X\u0001\u0000\u0000\u00000q\u0003X\u0003\u0000\u0000\u0000cpuq\u0004K\u0006tq\u0005Q"
				+ "K\u0000K\u0002K\u0003\u0086q\u0006K\u0003K\u0001\u0086q\u0007\u0089ccollections\nOrderedDict\nq\b)Rq\ttq\nRq\u000b.")
			.getBytes(StandardCharsets.ISO_8859_1);
		assertThat(PromptEmbedsEncoder.pickle(TensorDtype.F16, 2, 3)).isEqualTo(expected);
	}

	@Test
	void alignsTheStorageOn64BytesAndIsDeterministic(@TempDir Path dir) throws Exception {
		byte[] data = randomData(5 * 16, TensorDtype.BF16, 2);
		byte[] zip = PromptEmbedsEncoder.encode(TensorDtype.BF16, 5, 16, data);
		Path file = Files.write(dir.resolve("t.pt"), zip);
		ZipDirectory.Entry storage = ZipDirectory.read(file).get("archive/data/0");
		assertThat(storage.dataOffset() % 64).isZero();
		assertThat(
				java.util.Arrays.copyOfRange(zip, (int) storage.dataOffset(), (int) storage.dataOffset() + data.length))
			.isEqualTo(data);
		assertThat(PromptEmbedsEncoder.encode(TensorDtype.BF16, 5, 16, data)).isEqualTo(zip);
	}

	@Test
	void base64HasNoLineBreaksAndDecodesToTheZip() {
		byte[] data = randomData(40 * 64, TensorDtype.F32, 3);
		String base64 = PromptEmbedsEncoder.encodeBase64(TensorDtype.F32, 40, 64, data);
		assertThat(base64).doesNotContain("\n", "\r");
		assertThat(Base64.getDecoder().decode(base64))
			.isEqualTo(PromptEmbedsEncoder.encode(TensorDtype.F32, 40, 64, data));
	}

	@Test
	void streamedBase64OfPartsIsTheBase64OfTheWholeTensor() throws Exception {
		// every length mod 3, so the encoder's last group and padding are exercised
		for (int cols : new int[] { 63, 64, 65 }) {
			byte[] data = randomData(9 * cols, TensorDtype.F16, cols);
			int split = 2 * cols * TensorDtype.F16.bytes() + 1;
			byte[][] parts = { java.util.Arrays.copyOfRange(data, 0, split),
					java.util.Arrays.copyOfRange(data, split, data.length) };
			java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
			out.write('[');
			PromptEmbedsEncoder.writeBase64(TensorDtype.F16, 9, cols, parts, out);
			// the stream stays open for the rest of the request body
			out.write(']');
			assertThat(out.toString(java.nio.charset.StandardCharsets.US_ASCII))
				.isEqualTo("[" + PromptEmbedsEncoder.encodeBase64(TensorDtype.F16, 9, cols, data) + "]");
		}
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PromptEmbedsEncoder.writeBase64(TensorDtype.F16, 2, 3,
					new byte[][] { new byte[6], new byte[4] }, java.io.OutputStream.nullOutputStream()))
			.withMessageContaining("needs 12");
	}

	@Test
	void refusesDataThatDoesNotMatchTheShape() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PromptEmbedsEncoder.encode(TensorDtype.F16, 2, 3, new byte[10]))
			.withMessageContaining("needs 12");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PromptEmbedsEncoder.encode(TensorDtype.F16, 0, 3, new byte[0]));
	}

}
