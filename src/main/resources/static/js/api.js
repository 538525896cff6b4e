// The service's REST API as the dashboard uses it. The API token (when the service has
// tokens configured) is asked for once, kept in sessionStorage and sent only as a header.

import { readEventStream } from './sse.js';

const TOKEN_KEY = 'instructzero.apiToken';

/** An HTTP error carrying the RFC 9457 problem the service answered with. */
export class ApiError extends Error {

	constructor(status, problem) {
		super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
		this.status = status;
		this.problem = problem || {};
	}

}

let askForToken = async () => null;

/**
 * Sets the function called on a 401: it shows the token prompt and resolves to the
 * entered token, or null when the user dismisses it.
 */
export function onTokenNeeded(prompt) {
	askForToken = prompt;
}

export function token() {
	return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(value) {
	if (value) {
		sessionStorage.setItem(TOKEN_KEY, value);
	}
	else {
		sessionStorage.removeItem(TOKEN_KEY);
	}
}

function headers(extra) {
	const h = { Accept: 'application/json', ...extra };
	const t = token();
	if (t) {
		h.Authorization = `Bearer ${t}`;
	}
	return h;
}

let pendingPrompt = null;

/** One prompt at a time, however many calls were refused at once. */
function tokenFromUser(refusedToken) {
	if (pendingPrompt === null) {
		pendingPrompt = askForToken(refusedToken ? 'The API token was refused. Enter a valid one.' : null)
			.finally(() => {
				pendingPrompt = null;
			});
	}
	return pendingPrompt;
}

/** fetch() with the token; on 401 asks for a token once and retries. */
async function authorizedFetch(path, init = {}) {
	const sent = token();
	let response = await fetch(path, { ...init, headers: headers(init.headers) });
	if (response.status === 401) {
		// another call may have obtained a new token meanwhile
		const entered = token() !== sent ? token() : await tokenFromUser(sent);
		if (entered) {
			setToken(entered);
			response = await fetch(path, { ...init, headers: headers(init.headers) });
		}
	}
	return response;
}

async function json(path, init) {
	const response = await authorizedFetch(path, init);
	const text = await response.text();
	let body = null;
	if (text) {
		try {
			body = JSON.parse(text);
		}
		catch {
			body = { detail: text.slice(0, 300) };
		}
	}
	if (!response.ok) {
		throw new ApiError(response.status, body);
	}
	return body;
}

export function listJobs({ status, page = 0, size = 20 }) {
	const query = new URLSearchParams({ page, size });
	if (status) {
		query.set('status', status);
	}
	return json(`/jobs?${query}`);
}

export function getJob(id) {
	return json(`/jobs/${encodeURIComponent(id)}`);
}

/** Every trial of a job, ordinal order, fetched page by page. */
export async function allTrials(id) {
	const trials = [];
	for (let page = 0; ; page++) {
		const result = await json(`/jobs/${encodeURIComponent(id)}/trials?page=${page}&size=500&sort=ordinal,asc`);
		trials.push(...result.content);
		if (page + 1 >= result.page.totalPages) {
			return trials;
		}
	}
}

/** One trial with the black box's answers and scores per dev (and test) example. */
export function trialDetail(id, ordinal) {
	return json(`/jobs/${encodeURIComponent(id)}/trials/${ordinal}`);
}

/** The job's best instruction, or null before its first trial (404). */
export async function bestInstruction(id) {
	try {
		return await json(`/jobs/${encodeURIComponent(id)}/best`);
	}
	catch (e) {
		if (e instanceof ApiError && e.status === 404) {
			return null;
		}
		throw e;
	}
}

/** The job's cost–accuracy front (GET /jobs/{id}/front). */
export function costAccuracyFront(id) {
	return json(`/jobs/${encodeURIComponent(id)}/front`);
}

/** The job's transfer table so far (GET /jobs/{id}/transfer). */
export function transferTable(id) {
	return json(`/jobs/${encodeURIComponent(id)}/transfer`);
}

/** Scores the job's top instructions with other models (POST /jobs/{id}/transfer). */
export function transfer(id, request) {
	return json(`/jobs/${encodeURIComponent(id)}/transfer`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(request),
	});
}

export function cancelJob(id) {
	return json(`/jobs/${encodeURIComponent(id)}/cancel`, { method: 'POST' });
}

export function createJob(request) {
	return json('/jobs', {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(request),
	});
}

export function listStudies({ page = 0, size = 20 }) {
	return json(`/studies?${new URLSearchParams({ page, size })}`);
}

export function getStudy(id) {
	return json(`/studies/${encodeURIComponent(id)}`);
}

export function studyReport(id) {
	return json(`/studies/${encodeURIComponent(id)}/report`);
}

/** The report's arms table as CSV text (fetched with the token, so it works behind one). */
export async function studyReportCsv(id) {
	const response = await authorizedFetch(`/studies/${encodeURIComponent(id)}/report?format=csv`,
		{ headers: { Accept: 'text/csv' } });
	const text = await response.text();
	if (!response.ok) {
		throw new ApiError(response.status, { detail: text.slice(0, 300) });
	}
	return text;
}

export function cancelStudy(id) {
	return json(`/studies/${encodeURIComponent(id)}/cancel`, { method: 'POST' });
}

const taskNames = new Map();

/** A task's name, fetched once per page load. */
export function taskName(id) {
	if (!taskNames.has(id)) {
		taskNames.set(id, json(`/tasks/${encodeURIComponent(id)}`).then((t) => t.name, () => null));
	}
	return taskNames.get(id);
}

/**
 * Follows /jobs/{id}/events until the server ends the stream (the job finished) or
 * `signal` aborts. Resolves on the server's end of stream; rejects on errors.
 */
export async function followJob(id, signal, onEvent) {
	const response = await authorizedFetch(`/jobs/${encodeURIComponent(id)}/events`,
			{ headers: { Accept: 'text/event-stream' }, signal, cache: 'no-store' });
	if (!response.ok) {
		throw new ApiError(response.status, await response.json().catch(() => null));
	}
	await readEventStream(response.body, (e) => {
		let data;
		try {
			data = JSON.parse(e.data);
		}
		catch {
			return;
		}
		onEvent(e.event, data);
	});
}
