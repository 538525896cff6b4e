package dev.instructzero.generator;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ZipDirectoryTest {

	@TempDir
	Path dir;

	/**
	 * A zip whose central directory uses zip64 fields for size and offset and whose end
	 * records are zip64, as in torch.save shards above 4 GiB, written by hand.
	 */
	@Test
	void readsZip64DirectoriesAndLocalHeaderOffsets() throws Exception {
		byte[] name = "archive/data/0".getBytes(StandardCharsets.UTF_8);
		byte[] data = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 };
		byte[] localExtra = new byte[7]; // odd padding, so the data offset depends on it
		ByteBuffer zip = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
		zip.put(new byte[13]); // junk before the entry, so its offset is not 0
		int localOffset = zip.position();
		zip.putInt(0x04034b50).putShort((short) 20).putShort((short) 0).putShort((short) 0).putInt(0).putInt(0);
		zip.putInt(data.length).putInt(data.length).putShort((short) name.length).putShort((short) localExtra.length);
		zip.put(name).put(localExtra);
		int dataOffset = zip.position();
		zip.put(data);
		int central = zip.position();
		zip.putInt(0x02014b50).putShort((short) 45).putShort((short) 45).putShort((short) 0).putShort((short) 0);
		zip.putInt(0).putInt(0).putInt(-1).putInt(-1); // crc, csize and size in zip64
		zip.putShort((short) name.length).putShort((short) 28).putShort((short) 0).putShort((short) 0);
		zip.putShort((short) 0).putInt(0).putInt(-1); // local header offset in zip64
		zip.put(name);
		zip.putShort((short) 1).putShort((short) 24).putLong(data.length).putLong(data.length).putLong(localOffset);
		int centralSize = zip.position() - central;
		int zip64End = zip.position();
		zip.putInt(0x06064b50).putLong(44).putShort((short) 45).putShort((short) 45).putInt(0).putInt(0);
		zip.putLong(1).putLong(1).putLong(centralSize).putLong(central);
		zip.putInt(0x07064b50).putInt(0).putLong(zip64End).putInt(1);
		zip.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) -1).putShort((short) -1);
		zip.putInt(-1).putInt(-1).putShort((short) 0);
		Path file = Files.write(this.dir.resolve("big.bin"), java.util.Arrays.copyOf(zip.array(), zip.position()));

		Map<String, ZipDirectory.Entry> entries = ZipDirectory.read(file);

		assertThat(entries).containsOnlyKeys("archive/data/0");
		ZipDirectory.Entry entry = entries.get("archive/data/0");
		assertThat(entry.size()).isEqualTo(data.length);
		assertThat(entry.method()).isZero();
		assertThat(entry.dataOffset()).isEqualTo(dataOffset);
	}

	@Test
	void readsRowsAcrossMappingWindows() throws Exception {
		TestCheckpoints.Tensor table = TestCheckpoints.randomTable(TensorDtype.BF16, 10, 3, 8);
		Path file = Files.write(this.dir.resolve("table.raw"), table.data());
		// 6-byte rows, 4 rows per 24-byte window: windows of 4, 4 and 2 rows
		EmbeddingTable mapped = EmbeddingTable.map(file, "t", TensorDtype.BF16, 0, 10, 3, 24);
		for (int r = 0; r < 10; r++) {
			ByteBuffer row = ByteBuffer.allocate(6);
			mapped.copyRow(r, row);
			assertThat(row.array()).as("row %d", r).isEqualTo(table.row(r));
		}
	}

}
