package dev.instructzero.generator;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Unpickler;

/**
 * Test-side reader of torch.save bytes of one tensor, independent of the production code:
 * java.util.zip plus the razorvine unpickler with torch's globals registered as markers.
 */
final class TorchSaveReader {

	/** A storage class global such as torch.HalfStorage. */
	record StorageType(String name) implements IObjectConstructor {

		@Override
		public Object construct(Object[] args) {
			throw new UnsupportedOperationException("storage types are not called");
		}

	}

	record StorageRef(String tag, StorageType type, String key, String location, long numel) {
	}

	/** The arguments of _rebuild_tensor_v2. */
	record Rebuilt(StorageRef storage, long offset, long[] size, long[] stride, boolean requiresGrad, Object hooks) {
	}

	record Decoded(List<String> entryNames, List<Integer> entryMethods, Map<String, byte[]> entries, Rebuilt tensor) {

		byte[] data() {
			return this.entries.get("archive/data/" + this.tensor.storage().key());
		}

	}

	static {
		for (String storage : List.of("HalfStorage", "BFloat16Storage", "FloatStorage")) {
			Unpickler.registerConstructor("torch", storage, new StorageType(storage));
		}
		Unpickler.registerConstructor("torch._utils", "_rebuild_tensor_v2", (args) -> new Rebuilt((StorageRef) args[0],
				toLong(args[1]), longs((Object[]) args[2]), longs((Object[]) args[3]), (Boolean) args[4], args[5]));
		Unpickler.registerConstructor("collections", "OrderedDict", (args) -> new LinkedHashMap<>());
	}

	private TorchSaveReader() {
	}

	static Decoded decode(byte[] zipBytes) throws IOException {
		List<String> names = new ArrayList<>();
		List<Integer> methods = new ArrayList<>();
		Map<String, byte[]> entries = new LinkedHashMap<>();
		try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(zipBytes))) {
			ZipEntry entry;
			while ((entry = zip.getNextEntry()) != null) {
				names.add(entry.getName());
				methods.add(entry.getMethod());
				entries.put(entry.getName(), zip.readAllBytes());
			}
		}
		Unpickler unpickler = new Unpickler() {
			@Override
			protected Object persistentLoad(Object pid) {
				Object[] id = (Object[]) pid;
				return new StorageRef((String) id[0], (StorageType) id[1], (String) id[2], (String) id[3],
						toLong(id[4]));
			}
		};
		Object root = unpickler.loads(entries.get("archive/data.pkl"));
		return new Decoded(names, methods, entries, (Rebuilt) root);
	}

	private static long toLong(Object o) {
		return ((Number) o).longValue();
	}

	private static long[] longs(Object[] tuple) {
		long[] out = new long[tuple.length];
		for (int i = 0; i < tuple.length; i++) {
			out[i] = toLong(tuple[i]);
		}
		return out;
	}

}
