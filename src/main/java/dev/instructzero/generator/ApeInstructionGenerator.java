package dev.instructzero.generator;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import dev.instructzero.evaluator.BlackBoxAuthenticationException;
import dev.instructzero.evaluator.BlackBoxEvaluator;
import dev.instructzero.evaluator.BlackBoxException;
import dev.instructzero.evaluator.JobUsage;
import dev.instructzero.evaluator.SampledCompletion;

/**
 * The APE baseline (strategy {@code ape}): the black-box chat model proposes an
 * instruction from k exemplars with APE's forward template, sampled at the configured
 * temperature. One instruction per call. APE's template ends in "The instruction was to"
 * like the {@link PromptStyle#COMPLETION completion} style, so the reply is read the same
 * way ("The instruction was to ...", cut at "Comment:", first sentence; "" when empty).
 * <p>
 * The calls go through the {@link BlackBoxEvaluator}: the job's budget, the call cache
 * and ledger, the concurrency and rate limits, the retry policy and the black-box metrics
 * apply to them as to the evaluations.
 */
public class ApeInstructionGenerator {

	private final Supplier<BlackBoxEvaluator> blackBox;

	private final GeneratorProperties.Ape ape;

	/**
	 * @param blackBox the evaluator whose call path the proposals take
	 * @param ape template, model, temperature and max tokens
	 */
	public ApeInstructionGenerator(BlackBoxEvaluator blackBox, GeneratorProperties.Ape ape) {
		this(() -> blackBox, ape);
	}

	ApeInstructionGenerator(Supplier<BlackBoxEvaluator> blackBox, GeneratorProperties.Ape ape) {
		this.blackBox = blackBox;
		this.ape = ape;
	}

	/**
	 * Proposes one instruction.
	 * @param exemplars the demonstrations, not empty
	 * @param fallbackModel the model to ask when {@code instructzero.generator.ape.model}
	 * is unset (the paper's APE asks the black-box model itself)
	 * @param sample which sample this is (e.g. the job's seed and the candidate's
	 * ordinal): different samples are different calls, the same sample again is a cache
	 * hit
	 * @param usage the job's usage and budget, charged for the call
	 * @return the instruction ("" when the model produced nothing usable) and the reply
	 * @throws IllegalArgumentException when exemplars is empty
	 * @throws GenerationFailedException when the black box fails after its retries
	 * @throws dev.instructzero.evaluator.BudgetExhaustedException when the call does not
	 * fit the job's budget
	 * @throws dev.instructzero.evaluator.CallsCancelledException when the job was
	 * cancelled
	 */
	public GeneratedInstruction generate(List<Exemplar> exemplars, String fallbackModel, String sample,
			JobUsage usage) {
		Objects.requireNonNull(exemplars, "exemplars");
		String text = ExemplarText.apeText(this.ape.template(), exemplars);
		String model = (this.ape.model() != null && !this.ape.model().isBlank()) ? this.ape.model() : fallbackModel;
		BlackBoxEvaluator evaluator = this.blackBox.get();
		if (evaluator == null) {
			throw new GenerationFailedException(GenerationFailedException.Reason.REJECTED,
					"no black-box evaluator is configured for the APE generator", 0, null);
		}
		String reply;
		try {
			reply = evaluator.complete(
					new SampledCompletion(model, text, this.ape.temperature(), this.ape.maxTokens(), sample), usage);
		}
		catch (BlackBoxException ex) {
			GenerationFailedException.Reason reason = (ex instanceof BlackBoxAuthenticationException)
					? GenerationFailedException.Reason.REJECTED : GenerationFailedException.Reason.UNAVAILABLE;
			throw new GenerationFailedException(reason, "APE chat call failed: " + ex.getMessage(), 1, ex);
		}
		return GeneratedInstruction.fromReply(PromptStyle.COMPLETION, reply);
	}

}
