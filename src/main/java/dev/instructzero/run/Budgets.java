package dev.instructzero.run;

import org.jspecify.annotations.Nullable;

import dev.instructzero.evaluator.BudgetExhaustedException;

/** Recognises a budget stop among a failure's causes. */
final class Budgets {

	private Budgets() {
	}

	/** The budget that {@code ex} or one of its causes reports exhausted, else null. */
	static @Nullable BudgetExhaustedException cause(Throwable ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof BudgetExhaustedException budget) {
				return budget;
			}
		}
		return null;
	}

}
