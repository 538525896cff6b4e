package dev.instructzero.evaluator;

/**
 * A black-box call was not sent because its replica is stopping. The job is not at fault:
 * it resumes on another replica, which pays for the call then. The cause is an
 * {@link InterruptedException}, as for a call thread that the stop interrupted.
 */
public class EvaluatorStoppedException extends BlackBoxException {

	EvaluatorStoppedException() {
		super("the replica is stopping: the black-box call was not sent",
				new InterruptedException("the replica is stopping"));
	}

}
