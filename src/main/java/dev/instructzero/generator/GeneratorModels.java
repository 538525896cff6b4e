package dev.instructzero.generator;

import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configured soft-prompt generators by name, in configuration order: the single
 * generator of {@code instructzero.generator.vllm} / {@code checkpoint-dir} (named
 * {@value GeneratorProperties#DEFAULT_MODEL_NAME}) when configured, then each
 * {@link Provided} generator another module contributes (the sandbox's simulated one),
 * then each {@code instructzero.generator.models[<name>]}. The first is the default of a
 * job that names no {@code generatorModel}. Empty when no generator is configured.
 */
public final class GeneratorModels {

	private final Map<String, SoftPromptGenerator> generators;

	/**
	 * @param generators generators by name, in order
	 */
	GeneratorModels(Map<String, ? extends SoftPromptGenerator> generators) {
		this.generators = Collections.unmodifiableMap(new LinkedHashMap<>(generators));
	}

	/** The names, default first. */
	public List<String> names() {
		return new ArrayList<>(this.generators.keySet());
	}

	/** The name a job gets when it names none; empty when none is configured. */
	public Optional<String> defaultName() {
		return this.generators.keySet().stream().findFirst();
	}

	/** Whether at least one generator is configured. */
	public boolean isConfigured() {
		return !this.generators.isEmpty();
	}

	/** Whether {@code name} is a configured generator. */
	public boolean contains(String name) {
		return name != null && this.generators.containsKey(name);
	}

	/**
	 * The generator of that name; {@code null} names the default. Empty when not
	 * configured.
	 */
	public Optional<SoftPromptGenerator> generator(@Nullable String name) {
		String chosen = (name != null) ? name : defaultName().orElse(null);
		return Optional.ofNullable((chosen != null) ? this.generators.get(chosen) : null);
	}

	/** The name a job's stored choice stands for: itself, or the default for null. */
	public Optional<String> resolve(@Nullable String name) {
		return (name != null) ? Optional.of(name) : defaultName();
	}

	/**
	 * A generator that another module contributes to the registry as a bean, under its
	 * own name (the sandbox's simulated generator, {@code sandbox}).
	 *
	 * @param name the name jobs choose it by
	 * @param generator the generator
	 */
	public record Provided(String name, SoftPromptGenerator generator) {

	}

}
