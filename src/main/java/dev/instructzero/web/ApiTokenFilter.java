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

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <token>} against the configured API tokens.
 * Tokens are compared as SHA-256 digests with {@link MessageDigest#isEqual}, so the time
 * taken reveals neither a token's content nor its length.
 */
class ApiTokenFilter extends OncePerRequestFilter {

	private final List<byte[]> tokenDigests;

	ApiTokenFilter(List<String> tokens) {
		this.tokenDigests = tokens.stream().map(ApiTokenFilter::digest).toList();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader("Authorization");
		if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && matches(header.substring(7).trim())) {
			SecurityContextHolder.getContext()
				.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("api-client", null,
						AuthorityUtils.createAuthorityList("ROLE_API")));
		}
		chain.doFilter(request, response);
	}

	private boolean matches(String presented) {
		byte[] digest = digest(presented);
		boolean match = false;
		for (byte[] known : this.tokenDigests) {
			match |= MessageDigest.isEqual(known, digest);
		}
		return match;
	}

	private static byte[] digest(String token) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JRE", ex);
		}
	}

}
