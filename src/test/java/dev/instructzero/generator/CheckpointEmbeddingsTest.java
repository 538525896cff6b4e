package dev.instructzero.generator;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.json.JsonMapper;

import dev.instructzero.generator.TestCheckpoints.Storage;
import dev.instructzero.generator.TestCheckpoints.Tensor;
import dev.instructzero.generator.TestCheckpoints.View;

import static dev.instructzero.generator.TestCheckpoints.EMBED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CheckpointEmbeddingsTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	Path dir;

	private static void assertRowsBitExact(EmbeddingTable table, Tensor expected) {
		assertThat(table.vocab()).isEqualTo((int) expected.shape()[0]);
		assertThat(table.hidden()).isEqualTo((int) expected.shape()[1]);
		assertThat(table.dtype()).isEqualTo(expected.dtype());
		ByteBuffer values = ByteBuffer.wrap(expected.data()).order(ByteOrder.LITTLE_ENDIAN);
		for (int r = 0; r < table.vocab(); r++) {
			ByteBuffer row = ByteBuffer.allocate(table.hidden() * table.dtype().bytes());
			table.copyRow(r, row);
			assertThat(row.array()).as("row %d", r).isEqualTo(expected.row(r));
			float[] floats = table.row(r);
			for (int h = 0; h < table.hidden(); h++) {
				int index = (r * table.hidden() + h) * expected.dtype().bytes();
				float want = switch (expected.dtype()) {
					case F16 -> Float.float16ToFloat(values.getShort(index));
					case BF16 -> Float.intBitsToFloat((values.getShort(index) & 0xFFFF) << 16);
					case F32 -> values.getFloat(index);
				};
				assertThat(floats[h]).isEqualTo(want);
			}
		}
	}

	private static Tensor decoy(TensorDtype dtype) {
		return TestCheckpoints.randomTable(dtype, 3, 5, 99);
	}

	@ParameterizedTest
	@EnumSource(TensorDtype.class)
	void readsRowsOfASingleSafetensorsFileBitExactly(TensorDtype dtype) throws Exception {
		Tensor table = TestCheckpoints.randomTable(dtype, 37, 12, 1);
		Map<String, Tensor> tensors = new LinkedHashMap<>();
		tensors.put("lm_head.weight", decoy(dtype));
		tensors.put(EMBED, table);
		TestCheckpoints.writeSafetensors(this.dir.resolve("model.safetensors"), tensors);

		assertRowsBitExact(CheckpointEmbeddings.open(this.dir, EMBED, json), table);
	}

	@ParameterizedTest
	@EnumSource(TensorDtype.class)
	void readsTheShardNamedByTheSafetensorsIndex(TensorDtype dtype) throws Exception {
		Tensor table = TestCheckpoints.randomTable(dtype, 20, 8, 2);
		TestCheckpoints.writeSafetensors(this.dir.resolve("model-00001-of-00002.safetensors"),
				Map.of("model.layers.0.mlp.weight", decoy(dtype)));
		Map<String, Tensor> second = new LinkedHashMap<>();
		second.put("model.norm.weight", decoy(dtype));
		second.put(EMBED, table);
		TestCheckpoints.writeSafetensors(this.dir.resolve("model-00002-of-00002.safetensors"), second);
		TestCheckpoints.writeIndex(this.dir.resolve("model.safetensors.index.json"),
				Map.of("model.layers.0.mlp.weight", "model-00001-of-00002.safetensors", "model.norm.weight",
						"model-00002-of-00002.safetensors", EMBED, "model-00002-of-00002.safetensors"));

		EmbeddingTable read = CheckpointEmbeddings.open(this.dir, EMBED, json);

		assertThat(read.file().getFileName()).hasToString("model-00002-of-00002.safetensors");
		assertRowsBitExact(read, table);
	}

	@ParameterizedTest
	@EnumSource(TensorDtype.class)
	void readsAViewIntoAStorageOfAPytorchBinShard(TensorDtype dtype) throws Exception {
		Tensor table = TestCheckpoints.randomTable(dtype, 30, 16, 3);
		// the table sits at element offset 16 of a storage it shares with another tensor
		Tensor head = TestCheckpoints.randomTable(dtype, 1, 16, 4);
		byte[] shared = new byte[head.data().length + table.data().length];
		System.arraycopy(head.data(), 0, shared, 0, head.data().length);
		System.arraycopy(table.data(), 0, shared, head.data().length, table.data().length);
		Storage norm = new Storage("0", dtype, decoy(dtype).data());
		Storage storage = new Storage("1", dtype, shared);
		TestCheckpoints.writeTorchStateDict(this.dir.resolve("pytorch_model-00001-of-00002.bin"), "archive",
				List.of(new View("model.norm.weight", norm, 0, new long[] { 15 }, new long[] { 1 })), false);
		TestCheckpoints.writeTorchStateDict(this.dir.resolve("pytorch_model-00002-of-00002.bin"),
				"pytorch_model-00002-of-00002",
				List.of(new View("model.layers.0.weight", storage, 0, new long[] { 16 }, new long[] { 1 }),
						new View(EMBED, storage, 16, new long[] { 30, 16 }, new long[] { 16, 1 })),
				false);
		TestCheckpoints.writeIndex(this.dir.resolve("pytorch_model.bin.index.json"), Map.of("model.norm.weight",
				"pytorch_model-00001-of-00002.bin", EMBED, "pytorch_model-00002-of-00002.bin"));

		assertRowsBitExact(CheckpointEmbeddings.open(this.dir, EMBED, json), table);
	}

	@Test
	void readsASinglePytorchBin() throws Exception {
		Tensor table = TestCheckpoints.randomTable(TensorDtype.F16, 300, 4, 5);
		TestCheckpoints.writeTorchStateDict(this.dir.resolve("pytorch_model.bin"), "archive", List.of(new View(EMBED,
				new Storage("7", TensorDtype.F16, table.data()), 0, new long[] { 300, 4 }, new long[] { 4, 1 })),
				false);

		assertRowsBitExact(CheckpointEmbeddings.open(this.dir, EMBED, json), table);
	}

	@Test
	void computesTheStandardDeviationOfTheTable() throws Exception {
		Tensor table = TestCheckpoints.randomTable(TensorDtype.F32, 50, 10, 6);
		TestCheckpoints.writeSafetensors(this.dir.resolve("model.safetensors"), Map.of(EMBED, table));
		ByteBuffer values = ByteBuffer.wrap(table.data()).order(ByteOrder.LITTLE_ENDIAN);
		double sum = 0;
		for (int i = 0; i < 500; i++) {
			sum += values.getFloat(i * 4);
		}
		double mean = sum / 500;
		double squares = 0;
		for (int i = 0; i < 500; i++) {
			squares += Math.pow(values.getFloat(i * 4) - mean, 2);
		}

		assertThat(CheckpointEmbeddings.open(this.dir, EMBED, json).std()).isCloseTo(Math.sqrt(squares / 500),
				org.assertj.core.data.Offset.offset(1e-9));
	}

	@Test
	void namesTheDirectoryWhenItIsMissingOrEmpty() {
		assertThatExceptionOfType(CheckpointException.class)
			.isThrownBy(() -> CheckpointEmbeddings.open(this.dir.resolve("nope"), EMBED, json))
			.withMessageContaining("nope")
			.withMessageContaining(EMBED);
		assertThatExceptionOfType(CheckpointException.class)
			.isThrownBy(() -> CheckpointEmbeddings.open(this.dir, EMBED, json))
			.withMessageContaining("no model.safetensors.index.json")
			.withMessageContaining(this.dir.toString());
	}

	@Test
	void namesFileAndTensorWhenTheTensorIsMissing() throws Exception {
		TestCheckpoints.writeSafetensors(this.dir.resolve("model.safetensors"),
				Map.of("lm_head.weight", decoy(TensorDtype.F16)));
		assertThatExceptionOfType(CheckpointException.class)
			.isThrownBy(() -> CheckpointEmbeddings.open(this.dir, EMBED, json))
			.withMessageContaining("tensor " + EMBED + " not found in")
			.withMessageContaining("model.safetensors");
	}

	@Test
	void namesTheIndexWhenItDoesNotListTheTensorOrItsShardIsMissing() throws Exception {
		Path index = this.dir.resolve("model.safetensors.index.json");
		TestCheckpoints.writeIndex(index, Map.of("lm_head.weight", "model-00001-of-00001.safetensors"));
		assertThatExceptionOfType(CheckpointException.class)
			.isThrownBy(() -> CheckpointEmbeddings.open(this.dir, EMBED, json))
			.withMessageContaining("not listed in weight_map of " + index);
		TestCheckpoints.writeIndex(index, Map.of(EMBED, "model-00001-of-00001.safetensors"));
		assertThatExceptionOfType(CheckpointException.class)
			.isThrownBy(() -> CheckpointEmbeddings.open(this.dir, EMBED, json))
			.withMessageContaining("model-00001-of-00001.safetensors")
			.withMessageContaining("does not exist");
	}

	@Test
	void refusesUnsupportedDtypesAndShapes() throws Exception {
		Path file = this.dir.resolve("model.safetensors");
		TestCheckpoints.writeSafetensors(file,
				Map.of(EMBED, new Tensor(TensorDtype.F16, new long[] { 24 }, new byte[48])));
		assertThatExceptionOfType(CheckpointException.class)
			.isThrownBy(() -> CheckpointEmbeddings.open(this.dir, EMBED, json))
			.withMessageContaining("must be 2-D");
		String header = "{\"" + EMBED + "\":{\"dtype\":\"I64\",\"shape\":[2,2],\"data_offsets\":[0,32]}}";
		ByteBuffer bytes = ByteBuffer.allocate(8 + header.length() + 32).order(ByteOrder.LITTLE_ENDIAN);
		bytes.putLong(header.length()).put(header.getBytes());
		Files.write(file, bytes.array());
		assertThatExceptionOfType(CheckpointException.class)
			.isThrownBy(() -> CheckpointEmbeddings.open(this.dir, EMBED, json))
			.withMessageContaining("dtype I64");
	}

	@Test
	void refusesTruncatedSafetensors() throws Exception {
		Path file = this.dir.resolve("model.safetensors");
		TestCheckpoints.writeSafetensors(file, Map.of(EMBED, TestCheckpoints.randomTable(TensorDtype.F16, 10, 4, 1)));
		byte[] all = Files.readAllBytes(file);
		Files.write(file, java.util.Arrays.copyOf(all, all.length - 2));
		assertThatExceptionOfType(CheckpointException.class)
			.isThrownBy(() -> CheckpointEmbeddings.open(this.dir, EMBED, json))
			.withMessageContaining("but the file has");
	}

	@Test
	void refusesCompressedOrNonContiguousTorchStorages() throws Exception {
		Tensor table = TestCheckpoints.randomTable(TensorDtype.BF16, 6, 4, 7);
		Path bin = this.dir.resolve("pytorch_model.bin");
		TestCheckpoints.writeTorchStateDict(bin, "archive", List.of(new View(EMBED,
				new Storage("0", TensorDtype.BF16, table.data()), 0, new long[] { 6, 4 }, new long[] { 4, 1 })), true);
		assertThatExceptionOfType(CheckpointException.class)
			.isThrownBy(() -> CheckpointEmbeddings.open(this.dir, EMBED, json))
			.withMessageContaining("compressed")
			.withMessageContaining(EMBED);
		TestCheckpoints.writeTorchStateDict(bin, "archive", List.of(new View(EMBED,
				new Storage("0", TensorDtype.BF16, table.data()), 0, new long[] { 4, 6 }, new long[] { 1, 4 })), false);
		assertThatExceptionOfType(CheckpointException.class)
			.isThrownBy(() -> CheckpointEmbeddings.open(this.dir, EMBED, json))
			.withMessageContaining("not contiguous");
		TestCheckpoints.writeTorchStateDict(bin, "archive", List.of(new View("other",
				new Storage("0", TensorDtype.BF16, table.data()), 0, new long[] { 6, 4 }, new long[] { 4, 1 })), false);
		assertThatExceptionOfType(CheckpointException.class)
			.isThrownBy(() -> CheckpointEmbeddings.open(this.dir, EMBED, json))
			.withMessageContaining("tensor " + EMBED + " not found in " + bin);
	}

	@Test
	void refusesALegacyTorchSaveFile() throws Exception {
		// torch < 1.6 wrote a bare pickle stream, not a zip
		Files.write(this.dir.resolve("pytorch_model.bin"), new byte[] { (byte) 0x80, 2, (byte) 0x8a, 10, 0x6c });
		assertThatExceptionOfType(CheckpointException.class)
			.isThrownBy(() -> CheckpointEmbeddings.open(this.dir, EMBED, json))
			.withMessageContaining("pytorch_model.bin")
			.withMessageContaining(EMBED)
			.withMessageContaining("not a zip file");
	}

	@Test
	void keepsTheTableOnceOpenedButRetriesAfterAFailure() throws Exception {
		CheckpointEmbeddings checkpoint = new CheckpointEmbeddings(this.dir, EMBED, json);
		assertThatExceptionOfType(CheckpointException.class).isThrownBy(checkpoint::table);
		TestCheckpoints.writeSafetensors(this.dir.resolve("model.safetensors"),
				Map.of(EMBED, TestCheckpoints.randomTable(TensorDtype.F16, 4, 2, 1)));
		EmbeddingTable table = checkpoint.table();
		assertThat(checkpoint.table()).isSameAs(table);
	}

}
