package dev.instructzero.job;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a callback receiver does to verify a delivery, written apart from the service's
 * signing code so the test checks the documented scheme, not the code against itself.
 */
final class HmacReceiver {

	private HmacReceiver() {
	}

	static String expectedSignature(String secret, String timestamp, String body) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		byte[] signed = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
		return HexFormat.of().formatHex(signed);
	}

}
