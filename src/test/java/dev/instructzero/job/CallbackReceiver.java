package dev.instructzero.job;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * A job's callback receiver on a local port (WireMock): answers the deliveries to one
 * path, keeps them, and checks their signatures the way a receiver does, written apart
 * from the service's signing code so the tests check the documented scheme, not the code
 * against itself.
 */
final class CallbackReceiver implements AutoCloseable {

	private final WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort());

	private final String path;

	private CallbackReceiver(String path) {
		this.path = path;
	}

	/** A receiver of POSTs to {@code path}, started. */
	static CallbackReceiver start(String path) {
		CallbackReceiver receiver = new CallbackReceiver(path);
		receiver.server.start();
		return receiver;
	}

	/**
	 * Answers the first delivery with {@code first}, every later one with {@code then}.
	 */
	void answers(ResponseDefinitionBuilder first, ResponseDefinitionBuilder then) {
		this.server.stubFor(post(urlPathEqualTo(this.path)).inScenario("deliveries")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(first)
			.willSetStateTo("answered"));
		this.server.stubFor(post(urlPathEqualTo(this.path)).inScenario("deliveries")
			.whenScenarioStateIs("answered")
			.willReturn(then));
	}

	/** The callback URL a job names. */
	String url() {
		return "http://localhost:" + this.server.port() + this.path;
	}

	/** Every delivery so far, in order. */
	List<LoggedRequest> received() {
		return this.server.findAll(postRequestedFor(urlPathEqualTo(this.path)));
	}

	/**
	 * The hex HMAC-SHA256 with {@code secret} over {@code "<timestamp>.<body>"}: what
	 * {@code X-InstructZero-Signature} must hold after {@code v1=}.
	 */
	static String expectedSignature(String secret, String timestamp, String body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			byte[] signed = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(signed);
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every JRE", ex);
		}
	}

	/** The signature header a delivery signed with {@code secret} carries. */
	static String expectedSignatureHeader(String secret, LoggedRequest delivery) {
		return "v1="
				+ expectedSignature(secret, delivery.getHeader("X-InstructZero-Timestamp"), delivery.getBodyAsString());
	}

	@Override
	public void close() {
		this.server.stop();
	}

}
