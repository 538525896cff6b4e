package dev.instructzero.task;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DataSplitTest {

	private static List<Integer> numbers(int n) {
		return IntStream.range(0, n).boxed().toList();
	}

	@Test
	void sameSeedGivesTheSameSplitAndAnotherSeedADifferentOne() {
		DataSplit<Integer> a = DataSplit.of(numbers(40), numbers(10), 42, 20);
		DataSplit<Integer> b = DataSplit.of(numbers(40), numbers(10), 42, 20);
		DataSplit<Integer> c = DataSplit.of(numbers(40), numbers(10), 43, 20);
		assertThat(a).isEqualTo(b);
		assertThat(c.exemplarPool()).isNotEqualTo(a.exemplarPool());
		// shuffled, not the stored order
		assertThat(a.exemplarPool()).isNotEqualTo(numbers(20));
	}

	@Test
	void halfTheExamplesAreExemplarsAndTheRestDevDisjointly() {
		DataSplit<Integer> split = DataSplit.of(numbers(41), List.of(), 7, 20);
		assertThat(split.exemplarPool()).hasSize(20);
		assertThat(split.devPool()).hasSize(21);
		List<Integer> union = new ArrayList<>(split.exemplarPool());
		union.addAll(split.devPool());
		assertThat(union).containsExactlyInAnyOrderElementsOf(numbers(41));
		assertThat(new HashSet<>(split.exemplarPool())).doesNotContainAnyElementsOf(split.devPool());
	}

	@Test
	void exemplarPoolIsCappedAt100() {
		DataSplit<Integer> split = DataSplit.of(numbers(300), List.of(), 1, 20);
		assertThat(split.exemplarPool()).hasSize(100);
		assertThat(split.devPool()).hasSize(200);
	}

	@Test
	void devSubsetIsAFixedPrefixOfTheDevPoolCappedByItsSize() {
		DataSplit<Integer> split = DataSplit.of(numbers(100), List.of(), 3, 20);
		assertThat(split.devSubset()).hasSize(20).isEqualTo(split.devPool().subList(0, 20));
		DataSplit<Integer> small = DataSplit.of(numbers(5), List.of(), 3, 20);
		assertThat(small.exemplarPool()).hasSize(2);
		assertThat(small.devSubset()).hasSize(3).isEqualTo(small.devPool());
	}

	@Test
	void keepsAtMost100TestExamples() {
		assertThat(DataSplit.of(numbers(10), numbers(30), 5, 20).test()).isEqualTo(numbers(30));
		List<Integer> test = DataSplit.of(numbers(10), numbers(150), 5, 20).test();
		assertThat(test).hasSize(100).doesNotHaveDuplicates().allMatch((i) -> i >= 0 && i < 150);
		assertThat(DataSplit.of(numbers(10), numbers(150), 5, 20).test()).isEqualTo(test);
	}

	@Test
	void rejectsTooFewExamplesOrAnEmptyDevSubset() {
		assertThatIllegalArgumentException().isThrownBy(() -> DataSplit.of(numbers(1), List.of(), 1, 20));
		assertThatIllegalArgumentException().isThrownBy(() -> DataSplit.of(numbers(10), List.of(), 1, 0));
	}

	@Test
	void theExtraExamplesOfTheFinalSelectionAreTheDevPoolBeyondTheSubset() {
		DataSplit<Integer> split = DataSplit.of(numbers(120), List.of(), 3, 20);
		List<Integer> extra = split.beyondDevSubset(25);
		assertThat(extra).hasSize(25).doesNotContainAnyElementsOf(split.devSubset());
		assertThat(split.devPool()).containsAll(extra);
		assertThat(new HashSet<>(split.exemplarPool())).doesNotContainAnyElementsOf(extra);
		// the same split always gives the same extra examples, and a longer list extends
		// a shorter one
		assertThat(DataSplit.of(numbers(120), List.of(), 3, 20).beyondDevSubset(25)).isEqualTo(extra);
		assertThat(split.beyondDevSubset(30).subList(0, 25)).isEqualTo(extra);
		// fewer when the pool has fewer: 60 dev examples, 20 in the subset
		assertThat(split.beyondDevSubset(100)).hasSize(40);
		assertThat(split.beyondDevSubset(0)).isEmpty();
		assertThatIllegalArgumentException().isThrownBy(() -> split.beyondDevSubset(-1));
	}

}
