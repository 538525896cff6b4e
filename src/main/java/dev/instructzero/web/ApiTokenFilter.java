package dev.instructzero.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <token>} to one configured client. Tokens
 * are compared as SHA-256 digests with {@link MessageDigest#isEqual}, against every
 * client without stopping at a match, so the time taken reveals neither a token's
 * content, nor its length, nor which client it belongs to. The client's name (never the
 * token) is put in the log context as {@code client} for the request.
 */
class ApiTokenFilter extends OncePerRequestFilter {

	static final String CLIENT_MDC_KEY = "client";

	private final List<SecurityProperties.Credential> credentials;

	ApiTokenFilter(List<SecurityProperties.Credential> credentials) {
		this.credentials = List.copyOf(credentials);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader("Authorization");
		Caller caller = null;
		if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
			caller = match(header.substring(7).trim());
		}
		if (caller == null) {
			chain.doFilter(request, response);
			return;
		}
		SecurityContextHolder.getContext()
			.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(caller, null,
					AuthorityUtils.createAuthorityList(caller.admin() ? "ROLE_ADMIN" : "ROLE_USER")));
		try (MDC.MDCCloseable ignored = MDC.putCloseable(CLIENT_MDC_KEY, caller.name())) {
			chain.doFilter(request, response);
		}
	}

	private @Nullable Caller match(String presented) {
		byte[] digest = digest(presented);
		Caller matched = null;
		for (SecurityProperties.Credential credential : this.credentials) {
			if (MessageDigest.isEqual(credential.tokenDigest(), digest) && matched == null) {
				matched = credential.caller();
			}
		}
		return matched;
	}

	static byte[] digest(String token) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JRE", ex);
		}
	}

}
