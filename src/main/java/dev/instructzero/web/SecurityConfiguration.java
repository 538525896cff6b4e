package dev.instructzero.web;

import jakarta.servlet.DispatcherType;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * With clients (or legacy API tokens) configured, /tasks, /jobs, /studies and /clients
 * need a bearer token (401 problem otherwise); health, info, metrics and the API docs
 * stay open (health details only for an authenticated caller). Without clients the API is
 * open, the service listens on the loopback interface only (see
 * {@link LoopbackWithoutClients}) unless {@code allow-anonymous} is set, and a warning
 * says so.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http, SecurityProperties properties, ProblemResponses problems)
			throws Exception {
		boolean secured = properties.authenticationRequired();
		if (!secured && properties.allowAnonymous()) {
			log.warn("No instructzero.security.clients configured and allow-anonymous=true: the /tasks and /jobs API "
					+ "is open to anyone who can reach this service.");
		}
		else if (!secured) {
			log.warn("No instructzero.security.clients configured: the service listens on 127.0.0.1 only (configure "
					+ "clients, or set instructzero.security.allow-anonymous=true to open it to the network).");
		}
		if (!properties.activeTokens().isEmpty()) {
			log.warn("instructzero.security.api-tokens is deprecated: each token is an admin client named "
					+ "api-token-<n>; configure instructzero.security.clients with token-sha256 instead.");
		}
		http.csrf((csrf) -> csrf.disable())
			.sessionManagement((s) -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.httpBasic((basic) -> basic.disable())
			.formLogin((form) -> form.disable())
			.logout((logout) -> logout.disable())
			.requestCache((cache) -> cache.disable())
			.addFilterBefore(new ApiTokenFilter(properties.credentials()), AnonymousAuthenticationFilter.class)
			.exceptionHandling((e) -> e.authenticationEntryPoint((request, response, ex) -> problems.write(request,
					response, HttpStatus.UNAUTHORIZED, "A valid 'Authorization: Bearer <token>' header is required.")))
			.authorizeHttpRequests((authorize) -> {
				// the end of an SSE stream and error pages are dispatches of an
				// already-checked request
				authorize.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll();
				if (secured) {
					authorize
						.requestMatchers("/tasks", "/tasks/**", "/jobs", "/jobs/**", "/studies", "/studies/**",
								"/clients/**")
						.authenticated();
				}
				authorize.anyRequest().permitAll();
			});
		return http.build();
	}

	// No users: keeps Spring Boot from generating (and logging) a default password.
	@Bean
	UserDetailsService noUsers() {
		return new InMemoryUserDetailsManager();
	}

}
