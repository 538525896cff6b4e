package dev.instructzero.generator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes tiny checkpoints the way Hugging Face and torch do, for tests: safetensors files
 * (single or sharded with an index) and torch.save state-dict zips. Independent of the
 * production readers.
 */
final class TestCheckpoints {

	static final String EMBED = "model.embed_tokens.weight";

	/** A tensor: dtype, shape and raw little-endian bytes. */
	record Tensor(TensorDtype dtype, long[] shape, byte[] data) {

		/** Raw bytes of row {@code r} of a 2-D tensor. */
		byte[] row(int r) {
			int rowBytes = (int) (this.shape[1] * this.dtype.bytes());
			return java.util.Arrays.copyOfRange(this.data, r * rowBytes, (r + 1) * rowBytes);
		}

	}

	private TestCheckpoints() {
	}

	/**
	 * A table [vocab, hidden] of random bit patterns (finite values only, so float
	 * comparisons are meaningful too).
	 */
	static Tensor randomTable(TensorDtype dtype, int vocab, int hidden, long seed) {
		Random random = new Random(seed);
		ByteBuffer data = ByteBuffer.allocate(vocab * hidden * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
		for (int i = 0; i < vocab * hidden; i++) {
			switch (dtype) {
				case F16 -> {
					short bits;
					do {
						bits = (short) random.nextInt(0x10000);
					}
					while ((bits & 0x7C00) == 0x7C00);
					data.putShort(bits);
				}
				case BF16 -> {
					short bits;
					do {
						bits = (short) random.nextInt(0x10000);
					}
					while ((bits & 0x7F80) == 0x7F80);
					data.putShort(bits);
				}
				case F32 -> data.putFloat((float) random.nextGaussian());
			}
		}
		return new Tensor(dtype, new long[] { vocab, hidden }, data.array());
	}

	static String safetensorsName(TensorDtype dtype) {
		return dtype.name();
	}

	/** Writes a safetensors file with the tensors in map order. */
	static void writeSafetensors(Path file, Map<String, Tensor> tensors) throws IOException {
		StringBuilder header = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
		long offset = 0;
		for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
			Tensor t = e.getValue();
			header.append(",\"")
				.append(e.getKey())
				.append("\":{\"dtype\":\"")
				.append(safetensorsName(t.dtype()))
				.append("\",\"shape\":[");
			for (int i = 0; i < t.shape().length; i++) {
				header.append((i > 0) ? "," : "").append(t.shape()[i]);
			}
			header.append("],\"data_offsets\":[")
				.append(offset)
				.append(",")
				.append(offset + t.data().length)
				.append("]}");
			offset += t.data().length;
		}
		header.append("}");
		while (header.length() % 8 != 0) {
			header.append(' ');
		}
		byte[] headerBytes = header.toString().getBytes(StandardCharsets.UTF_8);
		try (OutputStream out = Files.newOutputStream(file)) {
			out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerBytes.length).array());
			out.write(headerBytes);
			for (Tensor t : tensors.values()) {
				out.write(t.data());
			}
		}
	}

	/** Writes an index.json with the given weight map. */
	static void writeIndex(Path file, Map<String, String> weightMap) throws IOException {
		StringBuilder json = new StringBuilder("{\"metadata\":{\"total_size\":0},\"weight_map\":{");
		boolean first = true;
		for (Map.Entry<String, String> e : weightMap.entrySet()) {
			json.append(first ? "" : ",")
				.append('"')
				.append(e.getKey())
				.append("\":\"")
				.append(e.getValue())
				.append('"');
			first = false;
		}
		json.append("}}");
		Files.writeString(file, json);
	}

	/** A storage of a torch.save zip holding one or more tensors. */
	record Storage(String key, TensorDtype dtype, byte[] data) {
	}

	/** A state-dict entry: a view into a storage. */
	record View(String name, Storage storage, long offset, long[] size, long[] stride) {
	}

	/**
	 * Writes a torch.save state dict (protocol 2, OrderedDict with {@code _metadata}
	 * state) under {@code prefix/}; data.pkl deflated as some writers do, storages stored
	 * unless {@code compressStorages}.
	 */
	static void writeTorchStateDict(Path file, String prefix, List<View> views, boolean compressStorages)
			throws IOException {
		Map<String, Storage> storages = new LinkedHashMap<>();
		views.forEach((v) -> storages.putIfAbsent(v.storage().key(), v.storage()));
		Pickle p = new Pickle();
		p.op(0x80).op(2);
		p.global("collections", "OrderedDict").put(0).op(')').op('R').put(1).op('(');
		int memo = 2;
		boolean rebuildMemoised = false;
		for (View v : views) {
			p.unicode(v.name()).put(memo++);
			if (!rebuildMemoised) {
				p.global("torch._utils", "_rebuild_tensor_v2").put(memo++);
				rebuildMemoised = true;
			}
			else {
				p.op('h').op(3); // BINGET of the memoised _rebuild_tensor_v2
			}
			p.op('(').op('(').unicode("storage").put(memo++);
			p.global("torch", v.storage().dtype().torchStorage()).put(memo++);
			p.unicode(v.storage().key()).put(memo++).unicode("cpu").put(memo++);
			p.integer(v.storage().data().length / v.storage().dtype().bytes()).op('t').put(memo++).op('Q');
			p.integer(v.offset());
			p.op('(');
			for (long s : v.size()) {
				p.integer(s);
			}
			p.op('t').put(memo++).op('(');
			for (long s : v.stride()) {
				p.integer(s);
			}
			p.op('t').put(memo++).op(0x89);
			p.global("collections", "OrderedDict").put(memo++).op(')').op('R').put(memo++);
			p.op('t').put(memo++).op('R').put(memo++);
		}
		p.op('u');
		// OrderedDict._metadata, applied by BUILD
		p.op('}').put(memo++).unicode("_metadata").put(memo++).op('}').put(memo++).op('s').op('b');
		p.op('.');
		try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
			ZipEntry pkl = new ZipEntry(prefix + "/data.pkl");
			pkl.setMethod(ZipEntry.DEFLATED);
			zip.putNextEntry(pkl);
			zip.write(p.bytes());
			zip.closeEntry();
			stored(zip, prefix + "/byteorder", "little".getBytes(StandardCharsets.US_ASCII));
			for (Storage s : storages.values()) {
				if (compressStorages) {
					ZipEntry e = new ZipEntry(prefix + "/data/" + s.key());
					e.setMethod(ZipEntry.DEFLATED);
					zip.putNextEntry(e);
					zip.write(s.data());
					zip.closeEntry();
				}
				else {
					stored(zip, prefix + "/data/" + s.key(), s.data());
				}
			}
			stored(zip, prefix + "/version", "3\n".getBytes(StandardCharsets.US_ASCII));
		}
	}

	private static void stored(ZipOutputStream zip, String name, byte[] content) throws IOException {
		ZipEntry e = new ZipEntry(name);
		e.setMethod(ZipEntry.STORED);
		e.setSize(content.length);
		CRC32 crc = new CRC32();
		crc.update(content);
		e.setCrc(crc.getValue());
		zip.putNextEntry(e);
		zip.write(content);
		zip.closeEntry();
	}

	private static final class Pickle {

		private final ByteArrayOutputStream out = new ByteArrayOutputStream();

		Pickle op(int b) {
			this.out.write(b);
			return this;
		}

		Pickle global(String module, String name) {
			this.out.write('c');
			this.out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
			return this;
		}

		Pickle put(int memo) {
			if (memo < 256) {
				return op('q').op(memo);
			}
			op('r');
			this.out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(memo).array());
			return this;
		}

		Pickle unicode(String s) {
			byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
			op('X');
			this.out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(utf8.length).array());
			this.out.writeBytes(utf8);
			return this;
		}

		Pickle integer(long v) {
			if (v < 256) {
				return op('K').op((int) v);
			}
			if (v < 65536) {
				return op('M').op((int) (v & 0xFF)).op((int) (v >>> 8));
			}
			op('J');
			this.out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
			return this;
		}

		byte[] bytes() {
			return this.out.toByteArray();
		}

	}

}
