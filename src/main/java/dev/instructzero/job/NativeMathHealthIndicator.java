package dev.instructzero.job;

import dev.instructzero.bo.NativeLinearAlgebra;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Proves at startup, and in {@code /actuator/health}, that ND4J's native BLAS/LAPACK load
 * and compute correctly in this process: inside the packaged jar, nested-jar class
 * loading can break JavaCPP's extraction of native libraries, and the Bayesian
 * optimisation needs them.
 */
@Component("nativeMath")
class NativeMathHealthIndicator implements HealthIndicator {

	private static final Logger log = LoggerFactory.getLogger(NativeMathHealthIndicator.class);

	private volatile Health health = Health.unknown().withDetail("check", "not run yet").build();

	@EventListener(ApplicationReadyEvent.class)
	void checkOnStartup() {
		runCheck();
		log.info("Native linear algebra: {}", this.health.getDetails());
	}

	private void runCheck() {
		try {
			this.health = Health.up().withDetail("backend", NativeLinearAlgebra.selfCheck()).build();
		}
		catch (RuntimeException | LinkageError ex) {
			this.health = Health.down().withDetail("error", String.valueOf(ex.getMessage())).build();
			log.error("ND4J native linear algebra is not usable; Bayesian optimisation jobs will fail", ex);
		}
	}

	@Override
	public Health health() {
		if (this.health.getStatus().getCode().equals("UNKNOWN")) {
			runCheck();
		}
		return this.health;
	}

}
