package dev.instructzero.web;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every request under {@code /jobs/{id}}, {@code /tasks/{id}} and {@code /studies/{id}}
 * (the resource, its trials, events, best instruction, cancellation, ...) answers 404
 * when the resource belongs to another client, as if it did not exist; an admin sees
 * every client's. Checked once here, so an endpoint added later under these paths cannot
 * forget it. Lists filter by owner in their services.
 */
@Configuration(proxyBeanMethods = false)
class OwnedResources implements WebMvcConfigurer {

	private final JdbcClient jdbc;

	OwnedResources(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new OwnerCheck("job", "Job", "id", "jobId")).addPathPatterns("/jobs/*", "/jobs/*/**");
		registry.addInterceptor(new OwnerCheck("task", "Task", "id", "taskId"))
			.addPathPatterns("/tasks/*", "/tasks/*/**");
		registry.addInterceptor(new OwnerCheck("study", "Study", "id", "studyId"))
			.addPathPatterns("/studies/*", "/studies/*/**");
	}

	private final class OwnerCheck implements HandlerInterceptor {

		private final String table;

		private final String noun;

		private final List<String> variables;

		OwnerCheck(String table, String noun, String... variables) {
			this.table = table;
			this.noun = noun;
			this.variables = List.of(variables);
		}

		@Override
		public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
			Caller caller = Caller.current();
			if (caller.admin()) {
				return true;
			}
			UUID id = resourceId(request);
			if (id == null) {
				return true;
			}
			List<@Nullable String> owners = OwnedResources.this.jdbc
				.sql("select owner from " + this.table + " where id = ?")
				.param(id)
				.query(String.class)
				.list();
			if (!owners.isEmpty() && !caller.canSee(owners.get(0))) {
				throw new NotFoundException(this.noun + " " + id + " does not exist.");
			}
			return true;
		}

		private @Nullable UUID resourceId(HttpServletRequest request) {
			Object attribute = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
			if (!(attribute instanceof Map<?, ?> variables)) {
				return null;
			}
			for (String name : this.variables) {
				if (variables.get(name) instanceof String value) {
					try {
						return UUID.fromString(value);
					}
					catch (IllegalArgumentException ex) {
						// not an id: the controller answers 400 for it
						return null;
					}
				}
			}
			return null;
		}

	}

}
