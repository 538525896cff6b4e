package dev.instructzero.evaluator;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The paid calls of one evaluator from the moment each is sent until its answer is
 * written. A stopping replica closes them before its database goes: no call is sent after
 * that, and the ones already sent are waited for, so that no paid answer is lost and paid
 * again when the job resumes on another replica.
 */
final class SentCalls {

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition noneUnderWay = this.lock.newCondition();

	private int underWay;

	private boolean closed;

	/**
	 * Counts a call that is about to be sent; {@link #answered()} must follow.
	 * @throws EvaluatorStoppedException once closed: the call must not be sent
	 */
	void sending() {
		this.lock.lock();
		try {
			if (this.closed) {
				throw new EvaluatorStoppedException();
			}
			this.underWay++;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** A call counted by {@link #sending()} failed, or its answer is written. */
	void answered() {
		this.lock.lock();
		try {
			this.underWay--;
			if (this.underWay == 0) {
				this.noneUnderWay.signalAll();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Lets no more calls be sent and waits up to {@code limit} for those under way.
	 * @return how many are still under way (0 unless the limit passed)
	 */
	int close(Duration limit) throws InterruptedException {
		this.lock.lock();
		try {
			this.closed = true;
			long left = limit.toNanos();
			while (this.underWay > 0 && left > 0) {
				left = this.noneUnderWay.awaitNanos(left);
			}
			return this.underWay;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** How many calls are under way now. */
	int underWay() {
		this.lock.lock();
		try {
			return this.underWay;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Whether {@link #close} was called. */
	boolean isClosed() {
		this.lock.lock();
		try {
			return this.closed;
		}
		finally {
			this.lock.unlock();
		}
	}

}
