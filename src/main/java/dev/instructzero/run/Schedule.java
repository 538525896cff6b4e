package dev.instructzero.run;

/**
 * When a run asks its candidate source for points and how many candidates it runs at
 * once. {@link BatchSchedule} walks the {@link Plan} batch by batch, each batch run in
 * parallel and finished before the next is proposed.
 */
interface Schedule {

	/**
	 * Runs the plan's missing candidates to its end, or until a budget, a cancellation or
	 * convergence stops it.
	 */
	StopReason run(RunState state);

}
