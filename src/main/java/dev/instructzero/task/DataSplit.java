package dev.instructzero.task;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The per-job division of a task's examples, drawn once from the job's seed so that a job
 * (and its resume) always sees the same data: the training examples are shuffled, the
 * first half (at most {@value #MAX_EXEMPLAR_POOL}) becomes the exemplar pool for the
 * instruction generator, the rest the dev pool; the first {@code devSubsetSize} examples
 * of the dev pool form the ONE dev subset every instruction of the job is scored on, so
 * that per-example score vectors of different instructions line up. At most
 * {@value #MAX_TEST} held-out test examples are kept, for the final best instruction
 * only.
 *
 * @param <E> the example type
 * @param exemplarPool examples the generator may show as demonstrations
 * @param devPool the training examples not in the exemplar pool
 * @param devSubset the fixed dev examples, a prefix of {@code devPool}
 * @param test the held-out examples, at most {@value #MAX_TEST}
 */
public record DataSplit<E>(List<E> exemplarPool, List<E> devPool, List<E> devSubset, List<E> test) {

	/**
	 * Upper bound of the exemplar pool (reference: half of the examples, at most 100).
	 */
	public static final int MAX_EXEMPLAR_POOL = 100;

	/** Upper bound of the test examples used for the final instruction. */
	public static final int MAX_TEST = 100;

	/** Dev subset size of the paper. */
	public static final int DEFAULT_DEV_SUBSET_SIZE = 20;

	// keeps this split's random stream apart from other users of the same job seed
	private static final long SALT = 0x5EED_DA7A_5B17L;

	public DataSplit {
		exemplarPool = List.copyOf(exemplarPool);
		devPool = List.copyOf(devPool);
		devSubset = List.copyOf(devSubset);
		test = List.copyOf(test);
	}

	/**
	 * Splits a task's examples for one job.
	 * @param train the task's training examples, in stored order; at least 2
	 * @param test the task's held-out examples, in stored order; may be empty
	 * @param seed the job's seed
	 * @param devSubsetSize the size of the fixed dev subset, at least 1 (capped by the
	 * dev pool size)
	 * @return the split; the same arguments always give the same split
	 * @throws IllegalArgumentException if there are fewer than 2 training examples or
	 * {@code devSubsetSize < 1}
	 */
	public static <E> DataSplit<E> of(List<E> train, List<E> test, long seed, int devSubsetSize) {
		if (train.size() < 2) {
			throw new IllegalArgumentException(
					"a task needs at least 2 training examples (one exemplar, one dev), got " + train.size());
		}
		if (devSubsetSize < 1) {
			throw new IllegalArgumentException("the dev subset needs at least 1 example, got " + devSubsetSize);
		}
		SplittableRandom random = new SplittableRandom(seed ^ SALT);
		List<E> shuffled = shuffle(train, random);
		int exemplars = Math.min(shuffled.size() / 2, MAX_EXEMPLAR_POOL);
		List<E> exemplarPool = shuffled.subList(0, exemplars);
		List<E> devPool = shuffled.subList(exemplars, shuffled.size());
		List<E> devSubset = devPool.subList(0, Math.min(devSubsetSize, devPool.size()));
		List<E> testSubset = (test.size() <= MAX_TEST) ? test : shuffle(test, random).subList(0, MAX_TEST);
		return new DataSplit<>(exemplarPool, devPool, devSubset, testSubset);
	}

	/**
	 * The dev-pool examples after the fixed dev subset, at most {@code limit}: the extra
	 * examples the final selection scores its candidates on (fewer when the dev pool has
	 * fewer).
	 * @param limit most examples wanted, at least 0
	 * @throws IllegalArgumentException if {@code limit < 0}
	 */
	public List<E> beyondDevSubset(int limit) {
		if (limit < 0) {
			throw new IllegalArgumentException("limit must be at least 0, got " + limit);
		}
		int from = this.devSubset.size();
		return this.devPool.subList(from, Math.min(this.devPool.size(), from + limit));
	}

	// Fisher-Yates with our own random stream: Collections.shuffle's use of Random is an
	// implementation detail we do not want a job's reproducibility to depend on
	private static <E> List<E> shuffle(List<E> items, SplittableRandom random) {
		List<E> copy = new ArrayList<>(items);
		for (int i = copy.size() - 1; i > 0; i--) {
			Collections.swap(copy, i, random.nextInt(i + 1));
		}
		return copy;
	}

}
