package dev.instructzero.evaluator;

/** What a paid black-box call was for, as recorded in the job's ledger. */
public enum CallPurpose {

	/** Answering a dev or test example for a candidate instruction. */
	EVALUATION,

	/** Proposing an instruction (the APE baseline). */
	GENERATION,

	/** Grading an answer with the task's judge model ({@code llm_judge}). */
	JUDGE;

	String wireName() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
