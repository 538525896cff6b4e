package dev.instructzero.generator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finds the input-embedding table in the checkpoint directory vLLM serves, and keeps it
 * mapped once it has been opened. Looks, in this order, at
 * {@code model.safetensors.index.json} (its {@code weight_map} names the shard),
 * {@code model.safetensors}, {@code pytorch_model.bin.index.json} and
 * {@code pytorch_model.bin}; a shard is read as safetensors or as a torch.save zip by its
 * extension. A failure is not cached, so a checkpoint mounted later is picked up.
 */
final class CheckpointEmbeddings {

	private static final Logger logger = LoggerFactory.getLogger(CheckpointEmbeddings.class);

	private final @Nullable Path directory;

	private final String tensor;

	private final JsonMapper json;

	private final ReentrantLock opening = new ReentrantLock();

	private @Nullable EmbeddingTable table;

	CheckpointEmbeddings(@Nullable Path directory, String tensor, JsonMapper json) {
		this.directory = directory;
		this.tensor = tensor;
		this.json = json;
	}

	/**
	 * The mapped table, opening it on first use.
	 * @throws CheckpointException naming file and tensor when it cannot be opened
	 */
	EmbeddingTable table() {
		// a lock, not a monitor: jobs open the table on virtual threads, and file I/O
		// inside a monitor pins the carrier on JDK 21
		this.opening.lock();
		try {
			if (this.table == null) {
				this.table = open(this.directory, this.tensor, this.json);
				logger.info("Mapped embedding table {} [{}, {}] {} from {}", this.tensor, this.table.vocab(),
						this.table.hidden(), this.table.dtype(), this.table.file());
			}
			return this.table;
		}
		finally {
			this.opening.unlock();
		}
	}

	static EmbeddingTable open(@Nullable Path directory, String tensor, JsonMapper json) {
		if (directory == null || !Files.isDirectory(directory)) {
			throw new CheckpointException(
					"checkpoint directory " + directory + " does not exist (looking for tensor " + tensor + ")");
		}
		Path safetensorsIndex = directory.resolve("model.safetensors.index.json");
		Path safetensors = directory.resolve("model.safetensors");
		Path binIndex = directory.resolve("pytorch_model.bin.index.json");
		Path bin = directory.resolve("pytorch_model.bin");
		if (Files.isRegularFile(safetensorsIndex)) {
			return openShard(shardOf(safetensorsIndex, tensor, json), tensor, json);
		}
		if (Files.isRegularFile(safetensors)) {
			return SafetensorsTensors.open(safetensors, tensor, json);
		}
		if (Files.isRegularFile(binIndex)) {
			return openShard(shardOf(binIndex, tensor, json), tensor, json);
		}
		if (Files.isRegularFile(bin)) {
			return TorchZipTensors.open(bin, tensor);
		}
		throw new CheckpointException("no model.safetensors.index.json, model.safetensors, pytorch_model.bin.index.json"
				+ " or pytorch_model.bin in " + directory + " (looking for tensor " + tensor + ")");
	}

	private static Path shardOf(Path index, String tensor, JsonMapper json) {
		JsonNode root;
		try {
			root = json.readTree(index.toFile());
		}
		catch (JacksonException ex) {
			throw new CheckpointException("cannot read " + index + ": " + ex.getOriginalMessage(), ex);
		}
		JsonNode shard = root.path("weight_map").get(tensor);
		if (shard == null || !shard.isString()) {
			throw new CheckpointException("tensor " + tensor + " not listed in weight_map of " + index);
		}
		Path file = index.resolveSibling(shard.asString()).normalize();
		if (!file.startsWith(Objects.requireNonNull(index.getParent()).normalize())) {
			throw new CheckpointException("weight_map of " + index + " points outside the checkpoint: " + shard);
		}
		if (!Files.isRegularFile(file)) {
			throw new CheckpointException(
					"shard " + file + " listed for tensor " + tensor + " in " + index + " does not exist");
		}
		return file;
	}

	private static EmbeddingTable openShard(Path shard, String tensor, JsonMapper json) {
		return shard.getFileName().toString().endsWith(".safetensors") ? SafetensorsTensors.open(shard, tensor, json)
				: TorchZipTensors.open(shard, tensor);
	}

}
