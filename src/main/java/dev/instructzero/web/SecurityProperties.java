package dev.instructzero.web;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * API access ({@code instructzero.security.*}).
 *
 * @param apiTokens bearer tokens accepted on /tasks and /jobs; empty = the API is open
 */
@ConfigurationProperties("instructzero.security")
public record SecurityProperties(@DefaultValue List<String> apiTokens) {

	public List<String> activeTokens() {
		return this.apiTokens.stream().filter((t) -> t != null && !t.isBlank()).toList();
	}

}
