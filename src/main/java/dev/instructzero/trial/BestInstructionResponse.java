package dev.instructzero.trial;

/**
 * The winning instruction of a job so far: highest dev score, earliest on ties.
 *
 * @param rawReply the generator's reply the instruction was read from (null for trials
 * recorded before replies were kept)
 * @param testScore score on the task's test examples, null until the job has scored it
 * (or when the task has none)
 */
public record BestInstructionResponse(String instruction, String rawReply, double devScore, Double testScore,
		int ordinal, double[] softPrompt, String strategy) {
}
