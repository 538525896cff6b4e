package dev.instructzero.generator;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The central directory of a zip file (with zip64), enough to find where the bytes of a
 * stored (uncompressed) entry begin, so that a torch.save storage can be memory-mapped in
 * place. {@link java.util.zip.ZipFile} does not expose entry offsets.
 */
final class ZipDirectory {

	private static final int EOCD = 0x06054b50;

	private static final int ZIP64_LOCATOR = 0x07064b50;

	private static final int ZIP64_EOCD = 0x06064b50;

	private static final int CENTRAL = 0x02014b50;

	private static final int LOCAL = 0x04034b50;

	/**
	 * One entry.
	 *
	 * @param name the entry's name
	 * @param method 0 = stored, 8 = deflated
	 * @param size uncompressed size in bytes
	 * @param dataOffset absolute file offset of the entry's first data byte
	 */
	record Entry(String name, int method, long size, long dataOffset) {
	}

	private ZipDirectory() {
	}

	/**
	 * Reads all entries of {@code file}, in directory order.
	 * @throws IOException when the file is not a readable zip
	 */
	static Map<String, Entry> read(Path file) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			long size = channel.size();
			int tailLength = (int) Math.min(size, 22 + 65535);
			ByteBuffer tail = read(channel, size - tailLength, tailLength);
			int eocd = -1;
			for (int i = tailLength - 22; i >= 0; i--) {
				if (tail.getInt(i) == EOCD) {
					eocd = i;
					break;
				}
			}
			if (eocd < 0) {
				throw new IOException(file + " is not a zip file (no end of central directory); the legacy"
						+ " pre-1.6 torch.save format is not supported, re-save the checkpoint as safetensors");
			}
			long entries = tail.getShort(eocd + 10) & 0xFFFF;
			long directorySize = tail.getInt(eocd + 12) & 0xFFFFFFFFL;
			long directoryOffset = tail.getInt(eocd + 16) & 0xFFFFFFFFL;
			if (entries == 0xFFFF || directorySize == 0xFFFFFFFFL || directoryOffset == 0xFFFFFFFFL) {
				long locatorAt = size - tailLength + eocd - 20;
				ByteBuffer locator = read(channel, locatorAt, 20);
				if (locator.getInt(0) != ZIP64_LOCATOR) {
					throw new IOException(file + ": zip64 end of central directory locator missing");
				}
				ByteBuffer zip64 = read(channel, locator.getLong(8), 56);
				if (zip64.getInt(0) != ZIP64_EOCD) {
					throw new IOException(file + ": zip64 end of central directory missing");
				}
				entries = zip64.getLong(32);
				directorySize = zip64.getLong(40);
				directoryOffset = zip64.getLong(48);
			}
			if (directorySize > Integer.MAX_VALUE) {
				throw new IOException(file + ": central directory too large");
			}
			ByteBuffer directory = read(channel, directoryOffset, (int) directorySize);
			Map<String, Entry> result = new LinkedHashMap<>();
			int at = 0;
			for (long e = 0; e < entries; e++) {
				if (directory.getInt(at) != CENTRAL) {
					throw new IOException(file + ": corrupt central directory at entry " + e);
				}
				int method = directory.getShort(at + 10) & 0xFFFF;
				long compressedSize = directory.getInt(at + 20) & 0xFFFFFFFFL;
				long size32 = directory.getInt(at + 24) & 0xFFFFFFFFL;
				int nameLength = directory.getShort(at + 28) & 0xFFFF;
				int extraLength = directory.getShort(at + 30) & 0xFFFF;
				int commentLength = directory.getShort(at + 32) & 0xFFFF;
				long localOffset = directory.getInt(at + 42) & 0xFFFFFFFFL;
				byte[] nameBytes = new byte[nameLength];
				directory.get(at + 46, nameBytes);
				String name = new String(nameBytes, StandardCharsets.UTF_8);
				long uncompressed = size32;
				// zip64 extra field: the 64-bit values of those fields that are
				// 0xFFFFFFFF, in order
				int extra = at + 46 + nameLength;
				int extraEnd = extra + extraLength;
				while (extra + 4 <= extraEnd) {
					int id = directory.getShort(extra) & 0xFFFF;
					int length = directory.getShort(extra + 2) & 0xFFFF;
					if (id == 0x0001) {
						int field = extra + 4;
						if (size32 == 0xFFFFFFFFL) {
							uncompressed = directory.getLong(field);
							field += 8;
						}
						if (compressedSize == 0xFFFFFFFFL) {
							field += 8;
						}
						if (localOffset == 0xFFFFFFFFL) {
							localOffset = directory.getLong(field);
						}
					}
					extra += 4 + length;
				}
				ByteBuffer local = read(channel, localOffset, 30);
				if (local.getInt(0) != LOCAL) {
					throw new IOException(file + ": no local header for entry " + name);
				}
				long dataOffset = localOffset + 30 + (local.getShort(26) & 0xFFFF) + (local.getShort(28) & 0xFFFF);
				result.put(name, new Entry(name, method, uncompressed, dataOffset));
				at += 46 + nameLength + extraLength + commentLength;
			}
			return result;
		}
	}

	private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
		if (position < 0 || position + length > channel.size()) {
			throw new IOException("zip structure points outside the file");
		}
		ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
		long at = position;
		while (buffer.hasRemaining()) {
			int read = channel.read(buffer, at);
			if (read < 0) {
				throw new IOException("unexpected end of zip file");
			}
			at += read;
		}
		return buffer;
	}

}
