package dev.instructzero.run;

import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The trials of one run by ordinal (those persisted before it started and those it
 * scored), and why it must stop, once a candidate has found out.
 */
final class RunState implements RunHistory {

	private final Map<Integer, TrialResult> persisted = new ConcurrentHashMap<>();

	private final AtomicReference<@Nullable StopReason> stop = new AtomicReference<>();

	RunState(List<TrialResult> existing) {
		existing.forEach(this::add);
	}

	void add(TrialResult trial) {
		this.persisted.put(trial.ordinal(), trial);
	}

	boolean isPersisted(int ordinal) {
		return this.persisted.containsKey(ordinal);
	}

	@Override
	public List<TrialResult> before(int ordinal) {
		List<TrialResult> before = new ArrayList<>();
		for (int o = 0; o < ordinal; o++) {
			TrialResult trial = this.persisted.get(o);
			if (trial != null) {
				before.add(trial);
			}
		}
		return before;
	}

	@Override
	public List<TrialResult> all() {
		List<TrialResult> all = new ArrayList<>(this.persisted.values());
		all.sort(java.util.Comparator.comparingInt(TrialResult::ordinal));
		return all;
	}

	/** Instructions new to the job among the persisted trials from {@code ordinal} on. */
	int freshFrom(int ordinal) {
		int fresh = 0;
		for (TrialResult trial : this.persisted.values()) {
			fresh += (trial.ordinal() >= ordinal && !trial.duplicate()) ? 1 : 0;
		}
		return fresh;
	}

	/** Persisted trials from {@code ordinal} on. */
	int countFrom(int ordinal) {
		int count = 0;
		for (int o : this.persisted.keySet()) {
			count += (o >= ordinal) ? 1 : 0;
		}
		return count;
	}

	/** The best dev score of a fully scored instruction so far (NaN if none). */
	double incumbent() {
		double best = Double.NaN;
		for (TrialResult trial : this.persisted.values()) {
			if (!trial.generationFailed() && !trial.stoppedEarly() && !(trial.devScore() <= best)) {
				best = trial.devScore();
			}
		}
		return best;
	}

	/** Instructions new to the job among the persisted trials of {@code batch}. */
	int freshIn(Batch batch) {
		int fresh = 0;
		for (int ordinal = batch.start(); ordinal < batch.end(); ordinal++) {
			TrialResult trial = this.persisted.get(ordinal);
			fresh += (trial != null && !trial.duplicate()) ? 1 : 0;
		}
		return fresh;
	}

	/**
	 * The best dev score of a fully scored instruction among the trials before
	 * {@code ordinal} (NaN if none): what a racing instruction of the round starting
	 * there must be able to beat. Fixed per round, so racing decisions do not depend on
	 * which candidate of the round finishes first, and a resumed round decides the same.
	 */
	double incumbentBefore(int ordinal) {
		double best = Double.NaN;
		for (TrialResult trial : before(ordinal)) {
			if (!trial.generationFailed() && !trial.stoppedEarly() && !(trial.devScore() <= best)) {
				best = trial.devScore();
			}
		}
		return best;
	}

	int lastIteration() {
		return this.persisted.values().stream().mapToInt(TrialResult::iteration).max().orElse(0);
	}

	/** The run must stop for {@code reason}, unless an earlier reason stands. */
	void stop(StopReason reason) {
		this.stop.compareAndSet(null, reason);
	}

	/** Why the run must stop; null while it goes on. */
	@Nullable StopReason stopped() {
		return this.stop.get();
	}

}
