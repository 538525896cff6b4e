package dev.instructzero.generator;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Encodes one dense tensor [seq_len, hidden] as the bytes of {@code torch.save(tensor)},
 * which vLLM reads from {@code prompt_embeds} with
 * {@code torch.load(..., weights_only=True)}.
 *
 * <p>
 * The zip holds, in this order, {@code archive/data.pkl} (pickle protocol 2),
 * {@code archive/byteorder} ({@code little}), {@code archive/data/0} (the raw elements,
 * row-major, 64-byte aligned in the file like torch's writer does) and
 * {@code archive/version} ({@code 3\n}); all entries are stored uncompressed. The pickle
 * is {@code torch._utils._rebuild_tensor_v2(('storage', torch.<Type>Storage, '0', 'cpu',
 * numel), 0, (rows, cols), (cols, 1), False, collections.OrderedDict())} and uses only
 * opcodes the weights-only unpickler accepts (see shared/instructzero-reference.md).
 */
final class PromptEmbedsEncoder {

	static final String PREFIX = "archive/";

	private static final int ALIGNMENT = 64;

	private PromptEmbedsEncoder() {
	}

	/**
	 * Standard base64 (no line breaks) of {@link #encode}.
	 */
	static String encodeBase64(TensorDtype dtype, int rows, int cols, byte[] data) {
		return Base64.getEncoder().encodeToString(encode(dtype, rows, cols, data));
	}

	/**
	 * The torch.save bytes of a [rows, cols] tensor.
	 * @param dtype element type
	 * @param rows seq_len, positive
	 * @param cols hidden, positive
	 * @param data rows·cols little-endian elements, row-major
	 * @return the zip bytes
	 * @throws IllegalArgumentException when data does not hold rows·cols elements, or the
	 * tensor has 2^31 elements or more
	 */
	static byte[] encode(TensorDtype dtype, int rows, int cols, byte[] data) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(data.length + 1024);
		try {
			write(dtype, rows, cols, new byte[][] { data }, bytes);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	/**
	 * Streams standard base64 (no line breaks, padded) of the torch.save bytes of a
	 * [rows, cols] tensor whose elements are the concatenation of {@code parts}, without
	 * building the zip, the base64 or the concatenation in memory: a Vicuna-13B request
	 * (~400 rows of 5120 F16) needs no 4-5 MB copies on the heap. Leaves {@code out}
	 * open.
	 * @throws IllegalArgumentException as {@link #encode}
	 * @throws IOException when {@code out} fails
	 */
	static void writeBase64(TensorDtype dtype, int rows, int cols, byte[][] parts, OutputStream out)
			throws IOException {
		OutputStream open = new FilterOutputStream(out) {

			@Override
			public void write(byte[] b, int off, int len) throws IOException {
				this.out.write(b, off, len);
			}

			@Override
			public void close() throws IOException {
				flush();
			}

		};
		// closed by write: the encoder emits its last group and padding, out stays open
		write(dtype, rows, cols, parts, Base64.getEncoder().wrap(open));
	}

	/** Writes the zip to {@code out} and closes it. */
	private static void write(TensorDtype dtype, int rows, int cols, byte[][] parts, OutputStream out)
			throws IOException {
		if (rows < 1 || cols < 1) {
			throw new IllegalArgumentException("tensor shape must be positive, got [" + rows + ", " + cols + "]");
		}
		long numel = (long) rows * cols;
		if (numel > Integer.MAX_VALUE) {
			throw new IllegalArgumentException("tensor of " + numel + " elements is too large for prompt_embeds");
		}
		long length = 0;
		for (byte[] part : parts) {
			length += part.length;
		}
		if (length != numel * dtype.bytes()) {
			throw new IllegalArgumentException("data has " + length + " bytes but [" + rows + ", " + cols + "] " + dtype
					+ " needs " + numel * dtype.bytes());
		}
		CountingOutputStream counted = new CountingOutputStream(out);
		try (ZipOutputStream zip = new ZipOutputStream(counted)) {
			writeStored(zip, counted, PREFIX + "data.pkl", pickle(dtype, rows, cols), false);
			writeStored(zip, counted, PREFIX + "byteorder", "little".getBytes(StandardCharsets.US_ASCII), false);
			writeStored(zip, counted, PREFIX + "data/0", parts, true);
			writeStored(zip, counted, PREFIX + "version", "3\n".getBytes(StandardCharsets.US_ASCII), false);
		}
	}

	private static void writeStored(ZipOutputStream zip, CountingOutputStream counted, String name, byte[] content,
			boolean align) throws IOException {
		writeStored(zip, counted, name, new byte[][] { content }, align);
	}

	private static void writeStored(ZipOutputStream zip, CountingOutputStream counted, String name, byte[][] parts,
			boolean align) throws IOException {
		ZipEntry entry = new ZipEntry(name);
		entry.setMethod(ZipEntry.STORED);
		CRC32 crc = new CRC32();
		long size = 0;
		for (byte[] part : parts) {
			crc.update(part);
			size += part.length;
		}
		entry.setSize(size);
		entry.setCompressedSize(size);
		entry.setCrc(crc.getValue());
		// a fixed DOS time (1980-01-01): the same tensor always gives the same bytes
		entry.setTime(315532800000L + 86_400_000L);
		if (align) {
			// pad with an extra field (id "FB", as torch does) so the data starts on a
			// 64-byte boundary; the local header is 30 bytes + name + extra
			zip.flush();
			long headerEnd = counted.count() + 30 + name.getBytes(StandardCharsets.UTF_8).length + 4;
			int padding = (int) ((ALIGNMENT - headerEnd % ALIGNMENT) % ALIGNMENT);
			byte[] extra = new byte[4 + padding];
			extra[0] = 'F';
			extra[1] = 'B';
			extra[2] = (byte) padding;
			extra[3] = (byte) (padding >>> 8);
			entry.setExtra(extra);
		}
		zip.putNextEntry(entry);
		for (byte[] part : parts) {
			zip.write(part);
		}
		zip.closeEntry();
	}

	/** The pickle bytes; package-private for tests. */
	static byte[] pickle(TensorDtype dtype, int rows, int cols) {
		PickleWriter p = new PickleWriter();
		p.proto2();
		p.global("torch._utils", "_rebuild_tensor_v2");
		p.mark();
		// persistent id ('storage', torch.XStorage, '0', 'cpu', numel)
		p.mark();
		p.unicode("storage");
		p.global("torch", dtype.torchStorage());
		p.unicode("0");
		p.unicode("cpu");
		p.integer(rows * cols);
		p.tuple();
		p.persistentId();
		p.integer(0); // storage offset
		p.integer(rows);
		p.integer(cols);
		p.tuple2(); // size
		p.integer(cols);
		p.integer(1);
		p.tuple2(); // stride
		p.newFalse(); // requires_grad
		p.global("collections", "OrderedDict");
		p.emptyTuple();
		p.reduce(); // backward hooks
		p.tuple();
		p.reduce();
		p.stop();
		return p.bytes();
	}

	/**
	 * Emits only PROTO, GLOBAL, BINUNICODE, BININT/BININT1/BININT2, TUPLE/TUPLE2, MARK,
	 * EMPTY_TUPLE, BINPERSID, NEWFALSE, REDUCE, BINPUT and STOP.
	 */
	private static final class PickleWriter {

		private final ByteArrayOutputStream out = new ByteArrayOutputStream();

		private int memo;

		void proto2() {
			this.out.write(0x80);
			this.out.write(2);
		}

		void global(String module, String name) {
			this.out.write('c');
			this.out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
			put();
		}

		void unicode(String value) {
			byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
			this.out.write('X');
			int32(utf8.length);
			this.out.writeBytes(utf8);
			put();
		}

		void integer(int value) {
			if (value >= 0 && value < 0x100) {
				this.out.write('K');
				this.out.write(value);
			}
			else if (value >= 0 && value < 0x10000) {
				this.out.write('M');
				this.out.write(value & 0xFF);
				this.out.write(value >>> 8);
			}
			else {
				this.out.write('J');
				int32(value);
			}
		}

		void mark() {
			this.out.write('(');
		}

		void tuple() {
			this.out.write('t');
			put();
		}

		void tuple2() {
			this.out.write(0x86);
			put();
		}

		void emptyTuple() {
			this.out.write(')');
		}

		void persistentId() {
			this.out.write('Q');
		}

		void newFalse() {
			this.out.write(0x89);
		}

		void reduce() {
			this.out.write('R');
			put();
		}

		void stop() {
			this.out.write('.');
		}

		byte[] bytes() {
			return this.out.toByteArray();
		}

		// BINPUT after each object, as Python's pickler does at protocol 2
		private void put() {
			if (this.memo > 0xFF) {
				throw new IllegalStateException("memo exceeds BINPUT range");
			}
			this.out.write('q');
			this.out.write(this.memo++);
		}

		private void int32(int value) {
			this.out.write(value);
			this.out.write(value >>> 8);
			this.out.write(value >>> 16);
			this.out.write(value >>> 24);
		}

	}

	private static final class CountingOutputStream extends FilterOutputStream {

		private long count;

		CountingOutputStream(OutputStream out) {
			super(out);
		}

		@Override
		public void write(int b) throws IOException {
			this.out.write(b);
			this.count++;
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			this.out.write(b, off, len);
			this.count += len;
		}

		long count() {
			return this.count;
		}

	}

}
