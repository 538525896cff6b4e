import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The image's HEALTHCHECK without curl: {@code java HealthCheck.java <url>} exits 0 when
 * the URL answers 2xx within 4 seconds, 1 otherwise (refused, timed out, any other status).
 */
class HealthCheck {

	public static void main(String[] args) {
		String url = (args.length > 0) ? args[0] : "http://localhost:8080/actuator/health/liveness";
		try {
			HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
			HttpResponse<Void> response = http.send(
					HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(4)).GET().build(),
					HttpResponse.BodyHandlers.discarding());
			if (response.statusCode() / 100 == 2) {
				System.exit(0);
			}
			System.err.println(url + " answered " + response.statusCode());
		}
		catch (Exception ex) {
			System.err.println(url + " unreachable: " + ex);
		}
		System.exit(1);
	}

}
