package dev.instructzero.sandbox;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains at start-up why the sandbox refused real endpoints, and what to do. */
public class SandboxConflictFailureAnalyzer extends AbstractFailureAnalyzer<SandboxConflictException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, SandboxConflictException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Unset " + String.join(", ", cause.properties()) + " to run the sandbox, or start the service "
						+ "without the 'sandbox' profile to use the real endpoints.",
				cause);
	}

}
