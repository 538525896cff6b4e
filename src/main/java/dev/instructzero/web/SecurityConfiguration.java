package dev.instructzero.web;

import java.util.List;

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
 * With API tokens configured, /tasks and /jobs need a bearer token (401 problem
 * otherwise); health, info, metrics and the API docs stay open. Without tokens the API is
 * open and a warning says so.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http, SecurityProperties properties, ProblemResponses problems)
			throws Exception {
		List<String> tokens = properties.activeTokens();
		if (tokens.isEmpty()) {
			log.warn("No instructzero.security.api-tokens configured: the /tasks and /jobs API is open to anyone "
					+ "who can reach this service.");
		}
		http.csrf((csrf) -> csrf.disable())
			.sessionManagement((s) -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.httpBasic((basic) -> basic.disable())
			.formLogin((form) -> form.disable())
			.logout((logout) -> logout.disable())
			.requestCache((cache) -> cache.disable())
			.addFilterBefore(new ApiTokenFilter(tokens), AnonymousAuthenticationFilter.class)
			.exceptionHandling((e) -> e.authenticationEntryPoint((request, response, ex) -> problems.write(request,
					response, HttpStatus.UNAUTHORIZED, "A valid 'Authorization: Bearer <token>' header is required.")))
			.authorizeHttpRequests((authorize) -> {
				// the end of an SSE stream and error pages are dispatches of an
				// already-checked request
				authorize.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll();
				if (!tokens.isEmpty()) {
					authorize.requestMatchers("/tasks", "/tasks/**", "/jobs", "/jobs/**").authenticated();
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
