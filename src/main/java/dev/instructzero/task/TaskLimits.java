package dev.instructzero.task;

/** Size limits of a task, enforced at the API and stated in its error messages. */
final class TaskLimits {

	static final int MAX_EXAMPLES = 5000;

	static final int MAX_TEXT_LENGTH = 4000;

	static final int MAX_OUTPUTS = 50;

	static final int MAX_NAME_LENGTH = 200;

	static final int MAX_DESCRIPTION_LENGTH = 4000;

	private TaskLimits() {
	}

}
