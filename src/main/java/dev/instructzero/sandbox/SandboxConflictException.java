package dev.instructzero.sandbox;

import java.util.List;

/** The sandbox profile was started with real endpoints configured. */
class SandboxConflictException extends IllegalStateException {

	private final List<String> properties;

	SandboxConflictException(List<String> properties) {
		super("The sandbox profile runs on a simulated generator and black box and cannot be combined with real "
				+ "endpoints in one process, but these are set: " + String.join(", ", properties));
		this.properties = List.copyOf(properties);
	}

	List<String> properties() {
		return this.properties;
	}

}
