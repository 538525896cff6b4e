package dev.instructzero.generator;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.jspecify.annotations.Nullable;

/**
 * A memory-mapped input-embedding table [vocab, hidden] (row-major, little-endian) inside
 * a checkpoint file. Only the rows asked for are touched; the table is never copied onto
 * the heap. Large tables are mapped in windows of whole rows below 1 GiB each, since one
 * mapping is limited to 2 GiB.
 */
final class EmbeddingTable {

	private static final long WINDOW_BYTES = 1L << 30;

	private final Path file;

	private final String tensor;

	private final TensorDtype dtype;

	private final int vocab;

	private final int hidden;

	private final int rowBytes;

	private final int rowsPerWindow;

	private final MappedByteBuffer[] windows;

	private volatile @Nullable Double std;

	private EmbeddingTable(Path file, String tensor, TensorDtype dtype, int vocab, int hidden,
			MappedByteBuffer[] windows, int rowsPerWindow) {
		this.file = file;
		this.tensor = tensor;
		this.dtype = dtype;
		this.vocab = vocab;
		this.hidden = hidden;
		this.rowBytes = hidden * dtype.bytes();
		this.windows = windows;
		this.rowsPerWindow = rowsPerWindow;
	}

	/**
	 * Maps {@code vocab × hidden} elements starting at byte {@code dataOffset} of
	 * {@code file}.
	 * @throws CheckpointException when the file is shorter than the tensor or unreadable
	 */
	static EmbeddingTable map(Path file, String tensor, TensorDtype dtype, long dataOffset, long vocab, long hidden) {
		return map(file, tensor, dtype, dataOffset, vocab, hidden, WINDOW_BYTES);
	}

	/**
	 * As {@link #map(Path, String, TensorDtype, long, long, long)} with a given window
	 * size.
	 */
	static EmbeddingTable map(Path file, String tensor, TensorDtype dtype, long dataOffset, long vocab, long hidden,
			long windowBytes) {
		if (vocab < 1 || hidden < 1 || vocab > Integer.MAX_VALUE || hidden * dtype.bytes() > Integer.MAX_VALUE) {
			throw new CheckpointException(
					"tensor " + tensor + " in " + file + " has unsupported shape [" + vocab + ", " + hidden + "]");
		}
		long rowBytes = hidden * dtype.bytes();
		long length = vocab * rowBytes;
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			if (dataOffset < 0 || dataOffset + length > channel.size()) {
				throw new CheckpointException("tensor " + tensor + " in " + file + " needs bytes [" + dataOffset + ", "
						+ (dataOffset + length) + ") but the file has " + channel.size() + " bytes");
			}
			int rowsPerWindow = (int) Math.max(1, Math.min(vocab, windowBytes / rowBytes));
			int count = (int) ((vocab + rowsPerWindow - 1) / rowsPerWindow);
			MappedByteBuffer[] windows = new MappedByteBuffer[count];
			for (int w = 0; w < count; w++) {
				long firstRow = (long) w * rowsPerWindow;
				long rows = Math.min(rowsPerWindow, vocab - firstRow);
				windows[w] = channel.map(FileChannel.MapMode.READ_ONLY, dataOffset + firstRow * rowBytes,
						rows * rowBytes);
			}
			// the mappings stay valid after the channel is closed
			return new EmbeddingTable(file, tensor, dtype, (int) vocab, (int) hidden, windows, rowsPerWindow);
		}
		catch (IOException ex) {
			throw new CheckpointException("cannot map tensor " + tensor + " in " + file + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Copies the raw little-endian bytes of row {@code tokenId} into {@code target}.
	 * @throws IllegalArgumentException for a token id outside [0, vocab)
	 */
	void copyRow(int tokenId, ByteBuffer target) {
		target.put(rowSlice(tokenId));
	}

	/** Row {@code tokenId} as floats (exact). */
	float[] row(int tokenId) {
		ByteBuffer slice = rowSlice(tokenId);
		float[] out = new float[this.hidden];
		for (int h = 0; h < this.hidden; h++) {
			out[h] = this.dtype.get(slice, h * this.dtype.bytes());
		}
		return out;
	}

	private ByteBuffer rowSlice(int tokenId) {
		if (tokenId < 0 || tokenId >= this.vocab) {
			throw new IllegalArgumentException("token id " + tokenId + " outside the " + this.vocab + " rows of "
					+ this.tensor + " in " + this.file);
		}
		MappedByteBuffer window = this.windows[tokenId / this.rowsPerWindow];
		int offset = (tokenId % this.rowsPerWindow) * this.rowBytes;
		return window.slice(offset, this.rowBytes).order(ByteOrder.LITTLE_ENDIAN);
	}

	/**
	 * Standard deviation of all elements of the table (one sequential pass, cached),
	 * ignoring non-finite elements.
	 */
	double std() {
		Double cached = this.std;
		if (cached == null) {
			double sum = 0;
			double sumSquares = 0;
			long count = 0;
			for (int t = 0; t < this.vocab; t++) {
				for (float v : row(t)) {
					if (Float.isFinite(v)) {
						sum += v;
						sumSquares += (double) v * v;
						count++;
					}
				}
			}
			double mean = sum / Math.max(count, 1);
			cached = Math.sqrt(Math.max(0, sumSquares / Math.max(count, 1) - mean * mean));
			this.std = cached;
		}
		return cached;
	}

	Path file() {
		return this.file;
	}

	String tensor() {
		return this.tensor;
	}

	TensorDtype dtype() {
		return this.dtype;
	}

	int vocab() {
		return this.vocab;
	}

	int hidden() {
		return this.hidden;
	}

}
