package dev.instructzero.web;

import java.net.InetAddress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The safe default of a service nobody has secured: with no client configured and no
 * {@code instructzero.security.allow-anonymous=true}, the web server binds to 127.0.0.1
 * so the open API is not reachable from the network. An explicit {@code server.address}
 * wins.
 */
@Component
class LoopbackWithoutClients implements WebServerFactoryCustomizer<ConfigurableWebServerFactory>, Ordered {

	private static final Logger log = LoggerFactory.getLogger(LoopbackWithoutClients.class);

	private final SecurityProperties security;

	private final Environment environment;

	LoopbackWithoutClients(SecurityProperties security, Environment environment) {
		this.security = security;
		this.environment = environment;
	}

	@Override
	public void customize(ConfigurableWebServerFactory factory) {
		if (this.security.authenticationRequired() || this.security.allowAnonymous()
				|| this.environment.containsProperty("server.address")) {
			return;
		}
		factory.setAddress(InetAddress.getLoopbackAddress());
		log.warn(
				"No API client configured: listening on {} only; configure instructzero.security.clients "
						+ "or set instructzero.security.allow-anonymous=true",
				InetAddress.getLoopbackAddress().getHostAddress());
	}

	// after Spring Boot's own customizer, which applies server.address
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
