package dev.instructzero.run;

import java.util.UUID;
import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * Micrometer observations of a job run, which the OpenTelemetry bridge turns into one
 * trace per run ({@value #RUN}) with child spans per generation ({@value #GENERATION}),
 * evaluation ({@value #EVALUATION}) and Bayesian step ({@value #BAYESIAN_STEP}), each
 * carrying the job id as {@value #JOB_ID}. The job id is a high-cardinality value: on
 * spans, never a metric tag.
 */
public final class JobObservations {

	public static final String RUN = "instructzero.job.run";

	static final String GENERATION = "instructzero.generation";

	static final String EVALUATION = "instructzero.evaluation";

	static final String BAYESIAN_STEP = "instructzero.bayesian.step";

	public static final String JOB_ID = "instructzero.job.id";

	public static final JobObservations NOOP = new JobObservations(ObservationRegistry.NOOP);

	private final ObservationRegistry registry;

	public JobObservations(ObservationRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Runs {@code work} in an observation named {@code name}, a child of the thread's
	 * current observation (propagated to the job's worker threads); an exception is
	 * recorded on it and rethrown.
	 */
	public <T> T observe(String name, String contextualName, UUID jobId, Supplier<T> work) {
		return Observation.createNotStarted(name, this.registry)
			.contextualName(contextualName)
			.highCardinalityKeyValue(JOB_ID, jobId.toString())
			.observe(work);
	}

	public void observe(String name, String contextualName, UUID jobId, Runnable work) {
		observe(name, contextualName, jobId, () -> {
			work.run();
			return null;
		});
	}

}
