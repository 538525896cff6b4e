package dev.instructzero.generator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import dev.instructzero.generator.StateDictUnpickler.Call;
import dev.instructzero.generator.StateDictUnpickler.Global;
import dev.instructzero.generator.StateDictUnpickler.PersistentId;

/**
 * Locates a 2-D tensor of a state dict saved by {@code torch.save} (a zip with
 * {@code <prefix>/data.pkl} and one entry {@code <prefix>/data/<key>} per storage), and
 * maps it in place. The storage entry must be stored uncompressed, as torch writes it.
 */
final class TorchZipTensors {

	private TorchZipTensors() {
	}

	/**
	 * Maps {@code tensor} of the torch.save zip {@code file}.
	 * @throws CheckpointException for a missing file or tensor, a compressed storage, an
	 * unsupported dtype, a shape that is not 2-D or a non-contiguous layout
	 */
	static EmbeddingTable open(Path file, String tensor) {
		try {
			Map<String, ZipDirectory.Entry> entries = ZipDirectory.read(file);
			String pickleName = entries.keySet()
				.stream()
				.filter((n) -> n.endsWith("/data.pkl") && n.indexOf('/') == n.length() - "/data.pkl".length())
				.findFirst()
				.orElseThrow(() -> new CheckpointException(file + " is not a torch.save zip (no <prefix>/data.pkl)"));
			String prefix = pickleName.substring(0, pickleName.length() - "data.pkl".length());
			Object root = StateDictUnpickler.read(readEntry(file, pickleName));
			if (!(root instanceof Map<?, ?> stateDict)) {
				throw new CheckpointException(file + " does not hold a state dict");
			}
			Object value = stateDict.get(tensor);
			if (value == null) {
				throw new CheckpointException("tensor " + tensor + " not found in " + file);
			}
			TensorRef ref = TensorRef.of(value, file, tensor);
			ZipDirectory.Entry storage = entries.get(prefix + "data/" + ref.storageKey());
			if (storage == null) {
				throw new CheckpointException(
						"storage " + ref.storageKey() + " of tensor " + tensor + " missing from " + file);
			}
			if (storage.method() != ZipEntry.STORED) {
				throw new CheckpointException(
						"storage of tensor " + tensor + " in " + file + " is compressed; cannot memory-map it");
			}
			long bytes = ref.dtype().bytes();
			if ((ref.offset() + ref.vocab() * ref.hidden()) * bytes > storage.size()) {
				throw new CheckpointException("tensor " + tensor + " in " + file + " extends beyond its storage");
			}
			return EmbeddingTable.map(file, tensor, ref.dtype(), storage.dataOffset() + ref.offset() * bytes,
					ref.vocab(), ref.hidden());
		}
		catch (IOException ex) {
			throw new CheckpointException("cannot read " + file + " for tensor " + tensor + ": " + ex.getMessage(), ex);
		}
		catch (IllegalArgumentException ex) {
			throw new CheckpointException(
					"cannot read the pickle of " + file + " for tensor " + tensor + ": " + ex.getMessage(), ex);
		}
	}

	private static byte[] readEntry(Path file, String name) throws IOException {
		try (ZipFile zip = new ZipFile(file.toFile()); InputStream in = zip.getInputStream(zip.getEntry(name))) {
			return in.readAllBytes();
		}
	}

	/** Where a tensor's elements are: storage key, dtype, element offset, shape. */
	private record TensorRef(String storageKey, TensorDtype dtype, long offset, long vocab, long hidden) {

		static TensorRef of(Object value, Path file, String tensor) {
			Call call = asRebuild(value, file, tensor);
			// _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad,
			// hooks, ...)
			List<Object> args = call.args();
			if (args.size() < 4 || !(args.get(0) instanceof PersistentId pid) || !(pid.value() instanceof List<?> id)
					|| id.size() < 3 || !"storage".equals(id.get(0))) {
				throw new CheckpointException("tensor " + tensor + " in " + file + " has an unexpected pickle layout");
			}
			String storageClass = (id.get(1) instanceof Global g) ? g.name() : String.valueOf(id.get(1));
			TensorDtype dtype = TensorDtype.fromTorchStorage(storageClass);
			if (dtype == null) {
				throw new CheckpointException("tensor " + tensor + " in " + file + " has storage type " + storageClass
						+ "; supported are HalfStorage, BFloat16Storage and FloatStorage");
			}
			List<?> size = (List<?>) args.get(2);
			List<?> stride = (List<?>) args.get(3);
			if (size.size() != 2) {
				throw new CheckpointException(
						"tensor " + tensor + " in " + file + " must be 2-D [vocab, hidden], got size " + size);
			}
			long vocab = ((Number) size.get(0)).longValue();
			long hidden = ((Number) size.get(1)).longValue();
			if (((Number) stride.get(0)).longValue() != hidden || ((Number) stride.get(1)).longValue() != 1) {
				throw new CheckpointException("tensor " + tensor + " in " + file
						+ " is not contiguous row-major (stride " + stride + " for size " + size + ")");
			}
			return new TensorRef(String.valueOf(id.get(2)), dtype, ((Number) args.get(1)).longValue(), vocab, hidden);
		}

		private static Call asRebuild(Object value, Path file, String tensor) {
			if (value instanceof Call call && call.callable() instanceof Global g
					&& g.module().equals("torch._utils")) {
				if (g.name().equals("_rebuild_tensor_v2")) {
					return call;
				}
				// an nn.Parameter: _rebuild_parameter(tensor, requires_grad, hooks)
				if (g.name().startsWith("_rebuild_parameter") && !call.args().isEmpty()) {
					return asRebuild(call.args().get(0), file, tensor);
				}
			}
			throw new CheckpointException("tensor " + tensor + " in " + file + " is not a plain dense tensor");
		}

	}

}
