package dev.instructzero.web;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The API client a request is authenticated to: its configured name (never its token) and
 * whether it is an admin, who sees every client's tasks and jobs.
 *
 * @param name the client's name as configured under {@code instructzero.security.clients}
 * @param admin whether the client has role {@code admin}
 */
public record Caller(String name, boolean admin) {

	/**
	 * The caller of a service with no clients configured (or a request that needs no
	 * authentication): it sees everything, as the API did before clients existed.
	 */
	public static final Caller ANONYMOUS = new Caller("anonymous", true);

	/**
	 * The caller of the current request; {@link #ANONYMOUS} when none is authenticated.
	 */
	public static Caller current() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.getPrincipal() instanceof Caller caller) {
			return caller;
		}
		return ANONYMOUS;
	}

	/** Whether this caller may see a task or job owned by {@code owner}. */
	public boolean canSee(@Nullable String owner) {
		return this.admin || this.name.equals(owner);
	}

}
