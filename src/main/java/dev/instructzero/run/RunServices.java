package dev.instructzero.run;

import java.time.Clock;

import dev.instructzero.evaluator.BlackBoxEvaluator;

/**
 * What every run of this replica shares.
 *
 * @param permits permits for vLLM calls: a request carries the whole prompt as embeddings
 * (megabytes for a 13B model), so the limit bounds the heap
 * @param observations where the run's spans go
 */
public record RunServices(BlackBoxEvaluator evaluator, RunMetrics metrics, Clock clock, GenerationPermits permits,
		JobObservations observations) {

}
