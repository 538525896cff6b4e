package dev.instructzero.job;

import dev.instructzero.run.Phase;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class JobStatusTest {

	// the whole table, written out: every pair not listed is refused
	private static final Map<JobStatus, Set<JobStatus>> ALLOWED = Map.of(JobStatus.QUEUED,
			EnumSet.of(JobStatus.RUNNING, JobStatus.FAILED, JobStatus.CANCELLED), JobStatus.RUNNING,
			EnumSet.of(JobStatus.RUNNING, JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED),
			JobStatus.SUCCEEDED, EnumSet.noneOf(JobStatus.class), JobStatus.FAILED, EnumSet.of(JobStatus.QUEUED),
			JobStatus.CANCELLED, EnumSet.of(JobStatus.QUEUED));

	@Test
	void allowsExactlyTheMovesOfTheLifecycle() {
		for (JobStatus from : JobStatus.values()) {
			for (JobStatus to : JobStatus.values()) {
				assertThat(from.canMoveTo(to)).as("%s -> %s", from, to).isEqualTo(ALLOWED.get(from).contains(to));
			}
		}
	}

	@Test
	void conditionalUpdatesMatchTheStatusesTheyAlwaysMatched() {
		// the WHERE status IN (...) of the repository's UPDATEs
		assertThat(JobStatus.sourcesOf(JobStatus.RUNNING)).containsExactlyInAnyOrder(JobStatus.QUEUED,
				JobStatus.RUNNING);
		assertThat(JobStatus.sourcesOf(JobStatus.CANCELLED)).containsExactlyInAnyOrder(JobStatus.QUEUED,
				JobStatus.RUNNING);
		assertThat(JobStatus.sourcesOf(JobStatus.FAILED)).containsExactlyInAnyOrder(JobStatus.QUEUED,
				JobStatus.RUNNING);
		assertThat(JobStatus.sourcesOf(JobStatus.SUCCEEDED)).containsExactly(JobStatus.RUNNING);
		assertThat(JobStatus.sourcesOf(JobStatus.QUEUED)).containsExactlyInAnyOrder(JobStatus.FAILED,
				JobStatus.CANCELLED);
		assertThat(JobStatus.names(JobStatus.unfinished())).containsExactly("QUEUED", "RUNNING");
		assertThat(JobStatus.names(JobStatus.finished())).containsExactly("SUCCEEDED", "FAILED", "CANCELLED");
	}

	@Test
	void aFinishedJobMovesOnlyThroughResume() {
		for (JobStatus finished : JobStatus.finished()) {
			assertThat(finished.isFinished()).isTrue();
			assertThat(finished.canMoveTo(JobStatus.RUNNING)).isFalse();
		}
		assertThat(JobStatus.QUEUED.isFinished()).isFalse();
		assertThat(JobStatus.RUNNING.isFinished()).isFalse();
	}

	@Test
	void phasesKeepTheirWireNames() {
		assertThat(EnumSet.allOf(Phase.class)).extracting(Phase::wireName)
			.containsExactly("queued", "preparing", "baseline", "initial-design", "fitting-gp", "bayesian-optimisation",
					"final-selection", "scoring-test", "done", "failed", "cancelled");
		for (Phase phase : Phase.values()) {
			assertThat(Phase.fromWireName(phase.wireName())).isSameAs(phase);
		}
		assertThatIllegalArgumentException().isThrownBy(() -> Phase.fromWireName("evaluating"));
	}

	@Test
	void aJobEndsInThePhaseOfItsFinalStatus() {
		assertThat(JobStatus.SUCCEEDED.endPhase()).isEqualTo(Phase.DONE);
		assertThat(JobStatus.FAILED.endPhase()).isEqualTo(Phase.FAILED);
		assertThat(JobStatus.CANCELLED.endPhase()).isEqualTo(Phase.CANCELLED);
		assertThatIllegalArgumentException().isThrownBy(() -> JobStatus.RUNNING.endPhase());
	}

}
