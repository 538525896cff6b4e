package dev.instructzero.web;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * API access ({@code instructzero.security.*}).
 *
 * @param clients the API's callers by name: each with the SHA-256 (hex) of its bearer
 * token, its role and its quotas
 * @param apiTokens deprecated: plain bearer tokens, each accepted as an {@code admin}
 * client named {@code api-token-<n>} (n from 1); use {@code clients} instead
 * @param allowAnonymous with no client configured, serve the open API on every interface;
 * otherwise the service binds to 127.0.0.1 only
 */
@ConfigurationProperties("instructzero.security")
public record SecurityProperties(@DefaultValue List<String> apiTokens, @DefaultValue Map<String, Client> clients,
		@DefaultValue("false") boolean allowAnonymous) {

	public SecurityProperties {
		clients.forEach((name, client) -> client.check(name));
	}

	/**
	 * Whether any caller must authenticate (a client or a legacy token is configured).
	 */
	public boolean authenticationRequired() {
		return !this.clients.isEmpty() || !activeTokens().isEmpty();
	}

	public List<String> activeTokens() {
		return this.apiTokens.stream().filter((t) -> t != null && !t.isBlank()).toList();
	}

	/**
	 * The client called {@code name}; null if there is none (or it is a legacy token).
	 */
	public @Nullable Client client(String name) {
		return this.clients.get(name);
	}

	/** Every accepted token digest with the caller it authenticates. */
	List<Credential> credentials() {
		List<Credential> credentials = new ArrayList<>();
		this.clients.forEach((name, client) -> credentials
			.add(new Credential(HexFormat.of().parseHex(client.tokenSha256().toLowerCase(Locale.ROOT)),
					new Caller(name, client.isAdmin()))));
		List<String> tokens = activeTokens();
		for (int i = 0; i < tokens.size(); i++) {
			credentials
				.add(new Credential(ApiTokenFilter.digest(tokens.get(i)), new Caller("api-token-" + (i + 1), true)));
		}
		return credentials;
	}

	record Credential(byte[] tokenDigest, Caller caller) {
	}

	/** What a client may do. */
	public enum Role {

		/** sees and changes only its own tasks and jobs */
		USER,
		/** sees and changes every client's tasks and jobs */
		ADMIN

	}

	/**
	 * One API client ({@code instructzero.security.clients.<name>.*}).
	 *
	 * @param tokenSha256 SHA-256 of the client's bearer token, 64 hex digits
	 * ({@code printf %s "$TOKEN" | sha256sum})
	 * @param role {@code user} (default) or {@code admin}
	 * @param maxConcurrentJobs QUEUED and RUNNING jobs at once; absent = no limit
	 * @param maxJobCostUsd the largest {@code maxCostUsd} budget of one job; a job
	 * without one gets this; absent = no limit
	 * @param spendLimitUsd black-box cost of the client's jobs created in the last 30
	 * days; a new job's cost budget is capped at what is left; absent = no limit
	 * @param callbackSecret key of the HMAC-SHA256 signature of the client's job
	 * callbacks; absent = the client's jobs cannot name a {@code callbackUrl}
	 */
	public record Client(String tokenSha256, @DefaultValue("user") Role role, @Nullable Integer maxConcurrentJobs,
			@Nullable BigDecimal maxJobCostUsd, @Nullable BigDecimal spendLimitUsd, @Nullable String callbackSecret) {

		// the callback secret stays out of logs and error messages
		@Override
		public String toString() {
			return "Client[role=" + this.role + ", maxConcurrentJobs=" + this.maxConcurrentJobs + ", maxJobCostUsd="
					+ this.maxJobCostUsd + ", spendLimitUsd=" + this.spendLimitUsd + "]";
		}

		public boolean isAdmin() {
			return this.role == Role.ADMIN;
		}

		void check(String name) {
			if (this.tokenSha256 == null || !this.tokenSha256.matches("[0-9a-fA-F]{64}")) {
				throw new IllegalArgumentException("instructzero.security.clients." + name
						+ ".token-sha256 must be the SHA-256 of the client's token as 64 hex digits");
			}
			if (this.maxConcurrentJobs != null && this.maxConcurrentJobs < 1) {
				throw new IllegalArgumentException(
						"instructzero.security.clients." + name + ".max-concurrent-jobs must be at least 1");
			}
			if (!name.matches("[A-Za-z0-9._-]{1,100}")) {
				throw new IllegalArgumentException("instructzero.security.clients: the client name '" + name
						+ "' must be 1 to 100 letters, digits, '.', '_' or '-'");
			}
		}

	}

}
