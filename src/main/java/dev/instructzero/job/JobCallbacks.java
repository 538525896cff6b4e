package dev.instructzero.job;

import org.jspecify.annotations.Nullable;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.instructzero.retry.RetryPolicy;
import dev.instructzero.trial.TrialService;
import dev.instructzero.web.Caller;
import dev.instructzero.web.FieldViolation;
import dev.instructzero.web.SecurityProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;

/**
 * Announces a job's end to its {@code callbackUrl}: a POST of the job and its best
 * instruction, signed with HMAC-SHA256 under the owning client's {@code callback-secret}.
 * <p>
 * At least once, through the {@code callback_delivery} outbox: a database trigger writes
 * the row in the transaction that ends the job (whatever path ends it), and each replica
 * polls for due rows, locking one at a time ({@code for update skip locked}) for the
 * length of its HTTP attempt. A replica that dies mid-attempt rolls the attempt back, so
 * the row stays due and is delivered again (after a restart, or by another replica).
 * Failed attempts are retried on the outbound clients' {@link RetryPolicy} (exponential
 * backoff, or the receiver's {@code Retry-After} on a 429 or 503, up to
 * {@code max-backoff}) up to {@code max-attempts}, then the delivery is FAILED.
 * <p>
 * Headers: {@code X-InstructZero-Timestamp} (Unix seconds),
 * {@code X-InstructZero-Signature} ({@code v1=} + hex HMAC-SHA256 of
 * {@code <timestamp>.<body>}), {@code X-InstructZero-Job},
 * {@code X-InstructZero-Event: job.ended}.
 */
@Component
class JobCallbacks {

	static final String TIMESTAMP_HEADER = "X-InstructZero-Timestamp";

	static final String SIGNATURE_HEADER = "X-InstructZero-Signature";

	private static final Logger log = LoggerFactory.getLogger(JobCallbacks.class);

	private static final int MAX_PER_POLL = 20;

	private final CallbackProperties properties;

	private final SecurityProperties security;

	private final CallbackDeliveryRepository deliveries;

	private final TransactionTemplate transactions;

	private final ObjectProvider<JobService> jobs;

	private final TrialService trials;

	private final JsonMapper json;

	private final Clock clock;

	private final RestClient http;

	private final RetryPolicy retry;

	JobCallbacks(CallbackProperties properties, SecurityProperties security, CallbackDeliveryRepository deliveries,
			TransactionTemplate transactions, ObjectProvider<JobService> jobs, TrialService trials, JsonMapper json,
			Clock clock) {
		this.properties = properties;
		this.security = security;
		this.deliveries = deliveries;
		this.transactions = transactions;
		this.jobs = jobs;
		this.trials = trials;
		this.json = json;
		this.clock = clock;
		this.retry = properties.retryPolicy();
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
			.connectTimeout(properties.timeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build());
		requests.setReadTimeout(properties.timeout());
		this.http = RestClient.builder().requestFactory(requests).build();
	}

	/**
	 * Why {@code callbackUrl} cannot be used by this caller, if it cannot: not an
	 * absolute http(s) URL, a host outside the allow-list, or a client without a callback
	 * secret.
	 */
	Optional<FieldViolation> checkUrl(String url, Caller caller) {
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			return Optional.of(new FieldViolation("callbackUrl", "not a valid URL"));
		}
		if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
				|| uri.getHost() == null) {
			return Optional.of(new FieldViolation("callbackUrl", "must be an absolute http or https URL"));
		}
		if (!this.properties.allowsHost(uri.getHost())) {
			return Optional.of(new FieldViolation("callbackUrl", "host '" + uri.getHost()
					+ "' is not in instructzero.callbacks.allowed-hosts " + this.properties.allowedHosts()));
		}
		if (secretOf(caller.name()) == null) {
			return Optional.of(new FieldViolation("callbackUrl",
					"client '" + caller.name() + "' has no callback-secret to sign callbacks with"));
		}
		return Optional.empty();
	}

	/** The callback part of a job's API view; null for a job without callback. */
	JobResponse.@Nullable Callback state(Job job) {
		String url = job.callbackUrl();
		if (url == null) {
			return null;
		}
		return this.deliveries.findById(job.id())
			.map((d) -> new JobResponse.Callback(url, d.state(), d.attempts(), d.lastError(), d.deliveredAt()))
			.orElseGet(() -> new JobResponse.Callback(url, "WAITING", 0, null, null));
	}

	/** Delivers the due callbacks this replica can sign, one row lock at a time. */
	@Scheduled(initialDelayString = "${instructzero.callbacks.poll-interval:5s}",
			fixedDelayString = "${instructzero.callbacks.poll-interval:5s}")
	void deliverDue() {
		String[] signers = this.security.clients()
			.entrySet()
			.stream()
			.filter((e) -> e.getValue().callbackSecret() != null && !e.getValue().callbackSecret().isBlank())
			.map(Map.Entry::getKey)
			.toArray(String[]::new);
		if (signers.length == 0) {
			return;
		}
		for (int i = 0; i < MAX_PER_POLL; i++) {
			Boolean delivered = this.transactions.execute((tx) -> deliverOne(signers));
			if (delivered == null || !delivered) {
				return;
			}
		}
	}

	// true when a row was due (delivered or not), false when none was
	private boolean deliverOne(String[] signers) {
		Optional<CallbackDeliveryRepository.Due> due = this.deliveries.claimDue(this.clock.instant(), signers);
		if (due.isEmpty()) {
			return false;
		}
		UUID jobId = due.get().getJobId();
		String url = due.get().getUrl();
		int attempts = due.get().getAttempts() + 1;
		String owner = due.get().getOwner();
		try (MDC.MDCCloseable j = MDC.putCloseable("jobId", jobId.toString());
				MDC.MDCCloseable c = MDC.putCloseable("client", owner)) {
			Failure failure = attempt(jobId, url, secretOf(owner));
			Instant now = this.clock.instant();
			Duration wait = (failure != null) ? this.retry.waitAfter(attempts, failure.retryAfter()) : null;
			if (failure == null) {
				this.deliveries.markDelivered(jobId, attempts, now);
				log.info("Callback of job {} delivered to {} (attempt {})", jobId, url, attempts);
			}
			else if (wait == null) {
				this.deliveries.markFailed(jobId, attempts, failure.message());
				log.warn("Callback of job {} to {} failed for good after {} attempts: {}", jobId, url, attempts,
						failure.message());
			}
			else {
				this.deliveries.retryAt(jobId, attempts, failure.message(), now.plus(wait));
				log.info("Callback of job {} to {} failed (attempt {}): {}", jobId, url, attempts, failure.message());
			}
		}
		return true;
	}

	// null when the receiver acknowledged (2xx), else why not
	private @Nullable Failure attempt(UUID jobId, String url, @Nullable String secret) {
		if (secret == null) {
			// required when the job was created; the configuration changed since
			return new Failure("no callback secret is configured for the job's client any more", null);
		}
		String body = payload(jobId);
		String timestamp = Long.toString(this.clock.instant().getEpochSecond());
		try {
			this.http.post()
				.uri(URI.create(url))
				.contentType(MediaType.APPLICATION_JSON)
				.header(TIMESTAMP_HEADER, timestamp)
				.header(SIGNATURE_HEADER, "v1=" + sign(secret, timestamp, body))
				.header("X-InstructZero-Job", jobId.toString())
				.header("X-InstructZero-Event", "job.ended")
				.body(body)
				.retrieve()
				.toBodilessEntity();
			return null;
		}
		catch (RuntimeException ex) {
			String message = ex.getMessage();
			return new Failure(
					(message != null && message.length() > 500) ? message.substring(0, 500) : String.valueOf(message),
					retryAfter(ex, this.clock.instant()));
		}
	}

	/**
	 * The receiver's {@code Retry-After} on a 429 or 503
	 * ({@link RetryPolicy#parseRetryAfter}), else {@code null} for backoff.
	 */
	static @Nullable Duration retryAfter(RuntimeException ex, Instant now) {
		if (!(ex instanceof RestClientResponseException response)) {
			return null;
		}
		int status = response.getStatusCode().value();
		HttpHeaders headers = response.getResponseHeaders();
		if ((status != 429 && status != 503) || headers == null) {
			return null;
		}
		return RetryPolicy.parseRetryAfter(headers.getFirst(HttpHeaders.RETRY_AFTER), now);
	}

	/**
	 * A failed delivery: why (at most 500 characters), and the receiver's wait if any.
	 */
	private record Failure(String message, @Nullable Duration retryAfter) {
	}

	private String payload(UUID jobId) {
		JobService service = this.jobs.getObject();
		Job job = service.find(jobId);
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("event", "job.ended");
		payload.put("job", service.toResponse(job));
		payload.put("best", this.trials.best(jobId, job.strategy().wireName()).orElse(null));
		return this.json.writeValueAsString(payload);
	}

	/** Hex HMAC-SHA256 of {@code <timestamp>.<body>} under {@code secret}. */
	static String sign(String secret, String timestamp, String body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every JRE", ex);
		}
	}

	private @Nullable String secretOf(String client) {
		SecurityProperties.Client configured = this.security.client(client);
		return (configured != null && configured.callbackSecret() != null && !configured.callbackSecret().isBlank())
				? configured.callbackSecret() : null;
	}

}
