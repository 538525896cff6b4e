package dev.instructzero.job;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.instructzero.trial.TrialService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The Server-Sent-Event streams of {@code GET /jobs/{id}/events}: on connect the job's
 * current state ({@code job} event), then one {@code trial} event per persisted trial and
 * one {@code job} event per status or phase change; the stream ends when the job
 * finishes.
 */
@Component
class JobEventStreams {

	private static final Logger log = LoggerFactory.getLogger(JobEventStreams.class);

	private static final long STREAM_TIMEOUT_MS = 30 * 60 * 1000L;

	private final JobService jobs;

	private final TrialService trials;

	private final Map<UUID, Set<SseEmitter>> streams = new ConcurrentHashMap<>();

	JobEventStreams(JobService jobs, TrialService trials, PostgresJobEvents events) {
		this.jobs = jobs;
		this.trials = trials;
		events.subscribe(this::onEvent);
	}

	/** Ends every open stream, so that shutdown does not wait for clients. */
	@jakarta.annotation.PreDestroy
	void closeAll() {
		this.streams.values().forEach((emitters) -> emitters.forEach(SseEmitter::complete));
		this.streams.clear();
	}

	SseEmitter open(UUID jobId) {
		JobResponse current = this.jobs.get(jobId);
		SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT_MS);
		Set<SseEmitter> set = this.streams.computeIfAbsent(jobId, (id) -> ConcurrentHashMap.newKeySet());
		set.add(emitter);
		Runnable remove = () -> set.remove(emitter);
		emitter.onCompletion(remove);
		emitter.onTimeout(remove);
		emitter.onError((ex) -> remove.run());
		send(emitter, "job", current);
		if (current.status().isFinished()) {
			emitter.complete();
		}
		return emitter;
	}

	private void onEvent(UUID jobId, Integer ordinal) {
		Set<SseEmitter> emitters = this.streams.get(jobId);
		if (emitters == null || emitters.isEmpty()) {
			return;
		}
		try {
			if (ordinal != null) {
				Object trial = this.trials.trial(jobId, ordinal);
				emitters.forEach((e) -> send(e, "trial", trial));
			}
			JobResponse job = this.jobs.get(jobId);
			emitters.forEach((e) -> send(e, "job", job));
			if (job.status().isFinished()) {
				emitters.forEach(SseEmitter::complete);
			}
		}
		catch (RuntimeException ex) {
			log.debug("Could not stream event of job {}: {}", jobId, ex.getMessage());
		}
	}

	private void send(SseEmitter emitter, String name, Object data) {
		try {
			emitter.send(SseEmitter.event().name(name).data(data));
		}
		catch (IOException | IllegalStateException ex) {
			emitter.completeWithError(ex);
		}
	}

}
