package dev.instructzero.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * API clients for tests: each client's token is {@code token-of-<name>}, configured by
 * its SHA-256 as the service expects ({@code instructzero.security.clients.*}).
 */
public final class TestClients {

	private TestClients() {
	}

	/** Configures the client {@code name} with the given role. */
	public static void register(DynamicPropertyRegistry registry, String name, String role) {
		registry.add("instructzero.security.clients." + name + ".token-sha256", () -> sha256(token(name)));
		registry.add("instructzero.security.clients." + name + ".role", () -> role);
	}

	/** The bearer token of {@code client}. */
	public static String token(String client) {
		return "token-of-" + client;
	}

	/** The request, authenticated as {@code client}. */
	public static MockHttpServletRequestBuilder as(String client, MockHttpServletRequestBuilder request) {
		return request.header("Authorization", "Bearer " + token(client));
	}

	/**
	 * Authenticates a request as {@code client}: {@code request.with(bearer(client))}.
	 */
	public static RequestPostProcessor bearer(String client) {
		return (request) -> {
			request.addHeader("Authorization", "Bearer " + token(client));
			return request;
		};
	}

	/** Lower-case hex SHA-256 of the text's UTF-8 bytes. */
	public static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JRE", ex);
		}
	}

}
