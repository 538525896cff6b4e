package dev.instructzero.web;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;

/** Validated page requests for the list endpoints. */
public final class Paging {

	/** Largest page a client may ask for. */
	public static final int MAX_PAGE_SIZE = 500;

	private Paging() {
	}

	/**
	 * @throws InvalidRequestException naming {@code page} or {@code size} when out of
	 * range
	 */
	public static PageRequest of(int page, int size, Sort sort) {
		if (page < 0) {
			throw InvalidRequestException.badField("page", "must be 0 or greater");
		}
		if (size < 1 || size > MAX_PAGE_SIZE) {
			throw InvalidRequestException.badField("size", "must be between 1 and " + MAX_PAGE_SIZE);
		}
		return PageRequest.of(page, size, sort);
	}

}
