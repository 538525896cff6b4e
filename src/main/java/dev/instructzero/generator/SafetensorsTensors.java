package dev.instructzero.generator;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Locates a 2-D tensor in a safetensors file: an 8-byte little-endian header length N, N
 * bytes of JSON {@code {name: {dtype, shape, data_offsets: [begin, end]}}}, then the data
 * (offsets relative to the end of the header).
 */
final class SafetensorsTensors {

	private static final long MAX_HEADER_BYTES = 100L << 20;

	private SafetensorsTensors() {
	}

	/**
	 * Maps {@code tensor} of {@code file}.
	 * @throws CheckpointException for a missing file or tensor, a malformed header, an
	 * unsupported dtype or a shape that is not 2-D
	 */
	static EmbeddingTable open(Path file, String tensor, JsonMapper json) {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
			readFully(channel, lengthBytes, 0, file);
			long headerLength = lengthBytes.getLong(0);
			if (headerLength < 2 || headerLength > MAX_HEADER_BYTES || 8 + headerLength > channel.size()) {
				throw new CheckpointException(file + " is not a safetensors file (header length " + headerLength + ")");
			}
			ByteBuffer header = ByteBuffer.allocate((int) headerLength);
			readFully(channel, header, 8, file);
			JsonNode root = json.readTree(new String(header.array(), StandardCharsets.UTF_8));
			JsonNode entry = root.get(tensor);
			if (entry == null || !entry.isObject()) {
				throw new CheckpointException("tensor " + tensor + " not found in " + file);
			}
			String dtypeName = entry.path("dtype").asString("");
			TensorDtype dtype = TensorDtype.fromSafetensors(dtypeName);
			if (dtype == null) {
				throw new CheckpointException("tensor " + tensor + " in " + file + " has dtype " + dtypeName
						+ "; supported are F16, BF16 and F32");
			}
			JsonNode shape = entry.path("shape");
			JsonNode offsets = entry.path("data_offsets");
			if (!shape.isArray() || shape.size() != 2 || !offsets.isArray() || offsets.size() != 2) {
				throw new CheckpointException("tensor " + tensor + " in " + file
						+ " must be 2-D [vocab, hidden], got shape " + shape + " and data_offsets " + offsets);
			}
			long vocab = shape.get(0).asLong();
			long hidden = shape.get(1).asLong();
			long begin = offsets.get(0).asLong();
			long end = offsets.get(1).asLong();
			if (end - begin != vocab * hidden * dtype.bytes()) {
				throw new CheckpointException("tensor " + tensor + " in " + file + " has data_offsets [" + begin + ", "
						+ end + ") that do not hold shape " + shape + " of " + dtypeName);
			}
			return EmbeddingTable.map(file, tensor, dtype, 8 + headerLength + begin, vocab, hidden);
		}
		catch (IOException ex) {
			throw new CheckpointException("cannot read " + file + " for tensor " + tensor + ": " + ex, ex);
		}
		catch (JacksonException ex) {
			throw new CheckpointException("malformed safetensors header in " + file + ": " + ex.getOriginalMessage(),
					ex);
		}
	}

	private static void readFully(FileChannel channel, ByteBuffer target, long position, Path file) throws IOException {
		long at = position;
		while (target.hasRemaining()) {
			int read = channel.read(target, at);
			if (read < 0) {
				throw new CheckpointException(file + " ends inside its safetensors header");
			}
			at += read;
		}
	}

}
