package dev.instructzero.web;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.mock.env.MockEnvironment;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

class LoopbackWithoutClientsTest {

	static final SecurityProperties.Client CLIENT = new SecurityProperties.Client("ab".repeat(32),
			SecurityProperties.Role.USER, null, null, null, null);

	@Test
	void bindsToLoopbackWithoutClients() {
		ConfigurableWebServerFactory factory = mock(ConfigurableWebServerFactory.class);
		new LoopbackWithoutClients(new SecurityProperties(List.of(), Map.of(), false), new MockEnvironment())
			.customize(factory);
		verify(factory).setAddress(InetAddress.getLoopbackAddress());
	}

	@Test
	void leavesTheAddressAloneWithClientsAllowAnonymousOrAnExplicitAddress() {
		ConfigurableWebServerFactory withClients = mock(ConfigurableWebServerFactory.class);
		new LoopbackWithoutClients(new SecurityProperties(List.of(), Map.of("team", CLIENT), false),
				new MockEnvironment())
			.customize(withClients);
		verify(withClients, never()).setAddress(any());

		ConfigurableWebServerFactory anonymous = mock(ConfigurableWebServerFactory.class);
		new LoopbackWithoutClients(new SecurityProperties(List.of(), Map.of(), true), new MockEnvironment())
			.customize(anonymous);
		verify(anonymous, never()).setAddress(any());

		ConfigurableWebServerFactory explicit = mock(ConfigurableWebServerFactory.class);
		new LoopbackWithoutClients(new SecurityProperties(List.of(), Map.of(), false),
				new MockEnvironment().withProperty("server.address", "0.0.0.0"))
			.customize(explicit);
		verify(explicit, never()).setAddress(any());
	}

	@Test
	void refusesAClientWhoseTokenHashIsNotSha256Hex() {
		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> new SecurityProperties(List.of(),
					Map.of("team", new SecurityProperties.Client("plain-token", SecurityProperties.Role.USER, null,
							null, null, null)),
					false))
			.hasMessageContaining("token-sha256");
	}

}
