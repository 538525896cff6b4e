package dev.instructzero.evaluator;

/**
 * The job was cancelled: a paid call was not sent. Calls already under way when the
 * cancellation was seen complete and are accounted; no new one starts.
 */
public class CallsCancelledException extends RuntimeException {

	CallsCancelledException() {
		super("the job was cancelled; no further black-box calls are paid");
	}

}
