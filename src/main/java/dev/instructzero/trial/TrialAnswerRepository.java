package dev.instructzero.trial;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The answers behind trial scores (table {@code trial_answer}): per job, trial ordinal
 * and split ({@code dev} or {@code test}), one row per example. Written in the
 * transaction that stores the trial or its test score, never changed afterwards.
 */
public interface TrialAnswerRepository extends Repository<TrialAnswer, TrialAnswer.Key> {

	/** The split of the job's fixed dev subset. */
	String DEV = "dev";

	/** The split of the task's held-out test examples. */
	String TEST = "test";

	/**
	 * Stores the answers of one evaluation in one statement; a second store of the same
	 * rows is ignored.
	 */
	default void insert(UUID jobId, int ordinal, String split, List<ExampleAnswer> answers) {
		if (answers.isEmpty()) {
			return;
		}
		int size = answers.size();
		int[] indexes = new int[size];
		String[] inputs = new String[size];
		String[] texts = new String[size];
		double[] scores = new double[size];
		@Nullable String[] verdicts = new String[size];
		List<String> outputs = new ArrayList<>();
		List<Integer> outputOf = new ArrayList<>();
		for (int row = 0; row < size; row++) {
			ExampleAnswer answer = answers.get(row);
			indexes[row] = answer.index();
			inputs[row] = answer.input();
			texts[row] = answer.answer();
			scores[row] = answer.score();
			verdicts[row] = answer.verdict();
			for (String output : answer.outputs()) {
				outputs.add(output);
				outputOf.add(row + 1);
			}
		}
		insertRows(jobId, ordinal, split, indexes, inputs, outputs.toArray(String[]::new),
				outputOf.stream().mapToInt(Integer::intValue).toArray(), texts, scores, verdicts);
	}

	/**
	 * One row per array position; a row's acceptable outputs are the {@code outputs}
	 * whose {@code outputOf} is its (1-based) position, in their order.
	 */
	@Transactional
	@Modifying
	@Query(nativeQuery = true, value = """
			insert into trial_answer (job_id, ordinal, split, example_index, input, outputs, answer, score, verdict)
			select :jobId, :ordinal, :split, a.example_index, a.input,
			       array(select o.output from unnest(cast(:outputs as text[]), cast(:outputOf as int[]))
			             with ordinality as o(output, answer_row, position)
			             where o.answer_row = a.answer_row order by o.position),
			       a.answer, a.score, a.verdict
			from unnest(cast(:indexes as int[]), cast(:inputs as text[]), cast(:answers as text[]),
			            cast(:scores as float8[]), cast(:verdicts as text[]))
			     with ordinality as a(example_index, input, answer, score, verdict, answer_row)
			on conflict do nothing
			""")
	void insertRows(UUID jobId, int ordinal, String split, int[] indexes, String[] inputs, String[] outputs,
			int[] outputOf, String[] answers, double[] scores, @Nullable String[] verdicts);

	/** The answers of one evaluation in example order, empty if none were stored. */
	default List<ExampleAnswer> find(UUID jobId, int ordinal, String split) {
		return findByJobIdAndOrdinalAndSplitOrderByExampleIndex(jobId, ordinal, split).stream()
			.map(TrialAnswer::toExampleAnswer)
			.toList();
	}

	List<TrialAnswer> findByJobIdAndOrdinalAndSplitOrderByExampleIndex(UUID jobId, int ordinal, String split);

}
