// The dashboard: hash routes #/jobs, #/jobs/{id}, #/jobs/{id}/trials/{ordinal}, #/studies,
// #/studies/{id} and #/new,
// rendered from the <template>s
// in index.html.

import * as api from './api.js';
import { age, count, isFinished, score, scoreOn, usd, widerScore } from './format.js';
import { mergeTrials } from './convergence.js';
import { parseExamples } from './examples.js';
import { answerRows, answersSummary } from './answers.js';
import { drawConvergence, drawFront } from './plot.js';
import { parseModels, transferTable } from './front.js';
import { armRows } from './studies.js';
import { drawStudy } from './studyplot.js';

const main = document.getElementById('main');
const announcer = document.getElementById('announcer');

/** Aborted when the user leaves the current view: stops its stream and timers. */
let viewLifetime = new AbortController();

function announce(text) {
	announcer.textContent = text;
}

let firstView = true;

/** Puts a view in <main>; after a navigation, focus moves to its heading for screen readers. */
function showView(templateId) {
	const view = document.getElementById(templateId).content.cloneNode(true);
	main.replaceChildren(view);
	const heading = main.querySelector('h1');
	if (heading && !firstView) {
		heading.focus();
	}
	firstView = false;
	return main;
}

function showError(root, error) {
	const box = root.querySelector('.error');
	if (!error) {
		box.hidden = true;
		box.replaceChildren();
		return;
	}
	box.hidden = false;
	box.replaceChildren(document.createTextNode(error.message || String(error)));
	const fields = error.problem && Array.isArray(error.problem.errors) ? error.problem.errors : [];
	if (fields.length) {
		const list = document.createElement('ul');
		for (const f of fields) {
			const item = document.createElement('li');
			item.textContent = `${f.field}: ${f.message}`;
			list.append(item);
		}
		box.append(list);
	}
}

function setText(root, selector, text) {
	const node = root.querySelector(selector);
	if (node) {
		node.textContent = text;
	}
}

// ---- token prompt ----

const tokenDialog = document.getElementById('token-dialog');
const tokenInput = document.getElementById('token-input');

function promptForToken(reason) {
	document.getElementById('token-reason').textContent = reason
			|| 'This service needs an API token for /tasks and /jobs.';
	tokenInput.value = '';
	return new Promise((resolve) => {
		tokenDialog.addEventListener('close', () => {
			const choice = tokenDialog.returnValue;
			if (choice === 'save' && tokenInput.value.trim()) {
				api.setToken(tokenInput.value.trim());
				resolve(tokenInput.value.trim());
			}
			else {
				if (choice === 'clear') {
					api.setToken(null);
				}
				resolve(null);
			}
		}, { once: true });
		tokenDialog.showModal();
		tokenInput.focus();
	});
}

api.onTokenNeeded(promptForToken);
document.getElementById('token-button').addEventListener('click', async () => {
	const entered = await promptForToken(api.token() ? 'A token is stored for this tab. Replace or forget it.' : null);
	if (entered !== null || !api.token()) {
		route();
	}
});

// ---- jobs list ----

async function jobsView(query) {
	const root = showView('jobs-view');
	const lifetime = viewLifetime.signal;
	const status = query.get('status') || '';
	const page = Math.max(0, Number.parseInt(query.get('page') || '0', 10) || 0);
	const filter = root.querySelector('#status-filter');
	filter.value = status;
	filter.addEventListener('change', () => {
		location.hash = filter.value ? `#/jobs?status=${filter.value}` : '#/jobs';
	});
	root.querySelector('#refresh-jobs').addEventListener('click', () => load());
	const goTo = (p) => {
		const q = new URLSearchParams();
		if (status) {
			q.set('status', status);
		}
		q.set('page', p);
		location.hash = `#/jobs?${q}`;
	};
	root.querySelector('[data-page=prev]').addEventListener('click', () => goTo(page - 1));
	root.querySelector('[data-page=next]').addEventListener('click', () => goTo(page + 1));

	let timer;
	lifetime.addEventListener('abort', () => clearTimeout(timer));

	async function load() {
		clearTimeout(timer);
		let result;
		try {
			result = await api.listJobs({ status, page, size: 20 });
			showError(root, null);
		}
		catch (e) {
			showError(root, e);
			return;
		}
		if (lifetime.aborted) {
			return;
		}
		renderJobRows(root, result.content);
		const empty = root.querySelector('.empty');
		empty.hidden = result.content.length > 0;
		if (status) {
			empty.textContent = `No ${status.toLowerCase()} jobs.`;
		}
		const info = result.page;
		setText(root, '.page-info', info.totalPages > 0 ? `Page ${info.number + 1} of ${info.totalPages}` : '');
		root.querySelector('[data-page=prev]').disabled = info.number <= 0;
		root.querySelector('[data-page=next]').disabled = info.number + 1 >= info.totalPages;
		// Active jobs are followed live on their own page; the list only refreshes now and then.
		if (result.content.some((j) => !isFinished(j.status))) {
			timer = setTimeout(load, 15000);
		}
	}
	await load();
}

function renderJobRows(root, jobs) {
	const body = root.querySelector('#jobs-table tbody');
	body.replaceChildren();
	for (const job of jobs) {
		const row = document.createElement('tr');
		const cells = [
			null,
			null,
			job.strategy,
			'…',
			score(job.progress.bestDevScore),
			planText(job.progress),
			usd(job.progress.costUsd),
			age(job.createdAt),
		];
		cells.forEach((text, i) => {
			const cell = document.createElement(i === 0 ? 'th' : 'td');
			if (i === 0) {
				cell.scope = 'row';
				const link = document.createElement('a');
				link.href = `#/jobs/${job.id}`;
				link.textContent = job.id.slice(0, 8);
				link.setAttribute('aria-label', `Job ${job.id}`);
				cell.append(link);
			}
			else if (i === 1) {
				cell.append(statusBadge(job.status));
				if (job.simulated) {
					const tag = document.createElement('span');
					tag.className = 'simulated-tag';
					tag.textContent = 'simulated';
					tag.title = 'Run by the sandbox\'s simulated generator and black box';
					cell.append(' ', tag);
				}
			}
			else {
				cell.textContent = text;
			}
			if (i >= 4 && i <= 6) {
				cell.className = 'num';
			}
			if (i === 7) {
				cell.title = job.createdAt;
			}
			row.append(cell);
		});
		const taskCell = row.children[3];
		api.taskName(job.taskId).then((name) => {
			taskCell.textContent = name || job.taskId.slice(0, 8);
		});
		body.append(row);
	}
}

function statusBadge(status) {
	const badge = document.createElement('span');
	badge.className = `status-badge status-${status.toLowerCase()}`;
	badge.textContent = status;
	return badge;
}

// ---- job detail ----

const DEFAULT_DIRECTION = { ordinal: 'asc', iteration: 'asc', origin: 'asc', instruction: 'asc', devScore: 'desc',
	duplicate: 'desc' };

async function jobView(id) {
	const root = showView('job-view');
	const lifetime = viewLifetime.signal;
	// live: 'connecting', 'streaming', 'reconnecting' or 'ended' (the job finished and its
	// final state is shown)
	const state = { job: null, trials: [], sort: { key: 'ordinal', dir: 'asc' }, bestLoadedFor: null,
		renderQueued: false, live: 'connecting' };
	setText(root, '.job-id', id.slice(0, 8));
	root.querySelector('.job-id').title = id;

	const best = root.querySelector('#best');
	best.addEventListener('toggle', () => {
		if (best.open) {
			loadBest(root, id, state);
		}
	});
	const front = root.querySelector('#front');
	front.addEventListener('toggle', () => {
		if (front.open) {
			loadFront(root, id, state);
		}
	});
	const transfer = root.querySelector('#transfer');
	transfer.addEventListener('toggle', () => {
		if (transfer.open && !state.transferLoaded) {
			state.transferLoaded = true;
			api.transferTable(id).then((table) => renderTransfer(root, table), (e) => showError(root, e));
		}
	});
	root.querySelector('#transfer-form').addEventListener('submit', async (event) => {
		event.preventDefault();
		const form = event.target;
		const models = parseModels(form.elements.models.value);
		const status = root.querySelector('.transfer-status');
		if (models.length === 0) {
			status.textContent = 'Name at least one black-box model.';
			form.elements.models.focus();
			return;
		}
		const request = { models };
		if (form.elements.topK.value !== '') {
			request.topK = Number(form.elements.topK.value);
		}
		const button = root.querySelector('#transfer-start');
		button.disabled = true;
		status.textContent = 'Scoring… (the request runs until every cell is scored)';
		try {
			const table = await api.transfer(id, request);
			renderTransfer(root, table);
			status.textContent = `Paid ${count(table.usage.paidCalls)} calls (${usd(table.usage.costUsd)}), `
				+ `${count(table.usage.cacheHits)} from the cache, on ${table.examples} ${table.split} examples`
				+ (table.stoppedBy ? `; stopped by the ${table.stoppedBy} budget` : '') + '.';
		}
		catch (e) {
			status.textContent = '';
			showError(root, e);
		}
		finally {
			button.disabled = false;
		}
	});
	root.querySelector('#cancel-job').addEventListener('click', async (event) => {
		if (!confirm('Cancel this job? Trials scored so far are kept.')) {
			return;
		}
		event.target.disabled = true;
		try {
			state.job = await api.cancelJob(id);
			if (isFinished(state.job.status) && state.stopStream) {
				// a queued job is cancelled at once and its stream may never say so
				state.stopStream();
			}
			scheduleRender();
		}
		catch (e) {
			showError(root, e);
			event.target.disabled = false;
		}
	});
	root.querySelectorAll('#trials-table th[data-sort] button').forEach((button) => {
		button.addEventListener('click', () => {
			const key = button.parentElement.dataset.sort;
			state.sort = state.sort.key === key
				? { key, dir: state.sort.dir === 'asc' ? 'desc' : 'asc' }
				: { key, dir: DEFAULT_DIRECTION[key] };
			renderTrials(root, state);
		});
	});

	function scheduleRender() {
		if (state.renderQueued) {
			return;
		}
		state.renderQueued = true;
		requestAnimationFrame(() => {
			state.renderQueued = false;
			if (!lifetime.aborted) {
				render(root, id, state);
			}
		});
	}

	let resizeTimer;
	const onResize = () => {
		clearTimeout(resizeTimer);
		resizeTimer = setTimeout(() => state.job && scheduleRender(), 150);
	};
	window.addEventListener('resize', onResize, { signal: lifetime });

	try {
		state.job = await api.getJob(id);
	}
	catch (e) {
		showError(root, e);
		return;
	}
	scheduleRender();
	announce(`Job ${state.job.status.toLowerCase()}`);
	follow(id, state, lifetime, scheduleRender, root);
}

/**
 * Streams the job's events; the trials persisted before the stream opened come from one
 * paged fetch made after it opened, merged by ordinal so none is lost or doubled.
 */
async function follow(id, state, lifetime, scheduleRender, root) {
	let first = true;
	while (!lifetime.aborted) {
		let opened = false;
		const streamAbort = new AbortController();
		const stop = () => streamAbort.abort();
		lifetime.addEventListener('abort', stop, { once: true });
		state.stopStream = stop;
		const stream = api.followJob(id, streamAbort.signal, (event, data) => {
			if (event === 'job') {
				if (!opened) {
					showError(root, null);
					state.live = 'streaming';
				}
				const before = state.job && state.job.status;
				state.job = data;
				if (before !== data.status) {
					announce(`Job ${data.status.toLowerCase()}`);
				}
				if (!opened) {
					opened = true;
					api.allTrials(id).then((trials) => {
						state.trials = mergeTrials(trials, state.trials);
						scheduleRender();
					}, (e) => showError(root, e));
				}
			}
			else if (event === 'trial') {
				state.trials = mergeTrials(state.trials, [data]);
			}
			scheduleRender();
		});
		let interruption = null;
		try {
			await stream;
		}
		catch (e) {
			if (lifetime.aborted) {
				return;
			}
			if (!streamAbort.signal.aborted) {
				interruption = e;
			}
		}
		lifetime.removeEventListener('abort', stop);
		try {
			// the stream may end without the last job event (or the final test score, which
			// is written after the last trial): ask once more
			state.job = await api.getJob(id);
			if (isFinished(state.job.status)) {
				state.trials = mergeTrials(state.trials, await api.allTrials(id));
				state.bestLoadedFor = null;
				state.live = 'ended';
				showError(root, null);
				scheduleRender();
				return;
			}
		}
		catch (e) {
			interruption = interruption || e;
		}
		state.live = 'reconnecting';
		scheduleRender();
		if (interruption && !lifetime.aborted) {
			showError(root, new Error(`Live updates interrupted (${interruption.message}); reconnecting…`));
		}
		// the stream ended early (server timeout, network): reconnect after a pause
		await new Promise((resolve) => setTimeout(resolve, first ? 1000 : 5000));
		first = false;
	}
}

function render(root, id, state) {
	const job = state.job;
	const p = job.progress;
	root.querySelector('section').dataset.live = state.live;
	const live = root.querySelector('[data-field=live]');
	live.textContent = { connecting: '', streaming: '● live', reconnecting: 'reconnecting…', ended: '' }[state.live];
	live.title = state.live === 'streaming' ? 'Following the job\'s event stream' : '';
	const badge = root.querySelector('[data-field=status]');
	badge.className = `status-badge status-${job.status.toLowerCase()}`;
	badge.textContent = job.status;
	setText(root, '[data-field=strategy]', job.strategy);
	setText(root, '[data-field=blackBoxModel]', job.blackBoxModel || '—');
	setText(root, '[data-field=generatorModel]', job.generatorModel || '—');
	setText(root, '[data-field=phase]',
			`${p.phase}${p.currentIteration > 0 ? `, iteration ${p.currentIteration}` : ''}`);
	setText(root, '[data-field=createdAt]', `${age(job.createdAt)}`);
	root.querySelector('[data-field=createdAt]').title = job.createdAt;
	setText(root, '[data-field=stopReason]', job.stopReason || '—');
	const taskCell = root.querySelector('[data-field=task]');
	if (!taskCell.textContent) {
		taskCell.textContent = job.taskId.slice(0, 8);
		api.taskName(job.taskId).then((name) => {
			if (name) {
				taskCell.textContent = name;
			}
		});
	}
	root.querySelector('[data-field=simulated]').hidden = !job.simulated;
	const error = root.querySelector('[data-field=error]');
	error.hidden = !job.error;
	error.textContent = job.error || '';

	setText(root, '[data-field=trials]', planText(p));
	const bar = root.querySelector('#job-progress');
	if (p.untilBudget && !isFinished(job.status)) {
		// no total to measure against: an indeterminate bar
		bar.removeAttribute('value');
	}
	else {
		bar.max = Math.max(1, p.trialsPlanned);
		bar.value = Math.min(p.trialsDone, bar.max);
	}
	setText(root, '[data-field=bestDevScore]', score(p.bestDevScore));
	setText(root, '[data-field=paidCalls]', count(p.paidCalls));
	setText(root, '[data-field=paidCallsSaved]', p.stoppedEarly
		? `${count(p.paidCallsSaved)} (${count(p.stoppedEarly)} stopped)` : count(p.paidCallsSaved || 0));
	setText(root, '[data-field=cacheHits]', count(p.cacheHits));
	setText(root, '[data-field=tokens]', `${count(p.tokensIn)} / ${count(p.tokensOut)}`);
	setText(root, '[data-field=costUsd]', usd(p.costUsd));
	root.querySelector('#cancel-job').hidden = isFinished(job.status);

	const series = drawConvergence(root.querySelector('#convergence'), state.trials, p.trialsPlanned);
	setText(root, '#plot-summary', series.points.length === 0 ? 'No trials scored yet.'
		: `${series.points.length} trials plotted; best dev score ${score(series.bestPoint.y)} at trial `
			+ `${series.bestPoint.x}.`);

	setText(root, '.best-summary', p.bestDevScore === null || p.bestDevScore === undefined ? '(none yet)'
		: `— dev ${score(p.bestDevScore)}, trial ${p.bestOrdinal}`);
	// the final selection may change the best, or add its wider score, without a new trial
	const bestKey = `${p.bestOrdinal}/${job.status}/${p.phase}`;
	if (root.querySelector('#best').open && state.bestLoadedFor !== bestKey) {
		loadBest(root, id, state);
	}
	renderTrials(root, state);
	if (root.querySelector('#front').open && state.frontLoadedFor !== `${p.trialsDone}/${job.status}`) {
		loadFront(root, id, state);
	}
}

/** Fetches and draws the cost–accuracy front, again when trials were added. */
async function loadFront(root, id, state) {
	state.frontLoadedFor = `${state.job.progress.trialsDone}/${state.job.status}`;
	try {
		const response = await api.costAccuracyFront(id);
		const series = drawFront(root.querySelector('#front-plot'), response);
		setText(root, '.front-summary', `— ${series.front.length} of ${response.distinctInstructions} instructions`);
		const body = root.querySelector('#front-table tbody');
		body.replaceChildren(...response.front.map((p) => {
			const row = document.createElement('tr');
			const cells = [String(p.ordinal), String(p.instructionTokens), score(p.devScore),
				p.usdPerThousandCalls === null ? 'unpriced' : usd(p.usdPerThousandCalls), p.instruction];
			cells.forEach((text, i) => {
				const cell = document.createElement('td');
				cell.textContent = text;
				if (i < 4) {
					cell.className = 'num';
				}
				row.append(cell);
			});
			return row;
		}));
	}
	catch (e) {
		showError(root, e);
	}
}

/** Draws the transfer table: instruction × model. */
function renderTransfer(root, response) {
	const table = transferTable(response);
	const head = root.querySelector('#transfer-table thead tr');
	const headers = ['Trial', 'Dev score', 'Instruction', ...table.models];
	head.replaceChildren(...headers.map((text, i) => {
		const th = document.createElement('th');
		th.scope = 'col';
		th.textContent = text;
		if (i !== 2) {
			th.className = 'num';
		}
		return th;
	}));
	root.querySelector('#transfer-table tbody').replaceChildren(...table.rows.map((r) => {
		const row = document.createElement('tr');
		[String(r.ordinal), score(r.devScore), r.instruction, ...r.scores.map((v) => (v === null ? '—' : score(v)))]
			.forEach((text, i) => {
				const cell = document.createElement('td');
				cell.textContent = text;
				if (i !== 2) {
					cell.className = 'num';
				}
				row.append(cell);
			});
		return row;
	}));
}

/** "12 / 150", or "12 / until budget" for a budget-driven job. */
function planText(progress) {
	return `${progress.trialsDone} / ${progress.untilBudget ? 'until budget' : progress.trialsPlanned}`;
}

async function loadBest(root, id, state) {
	const key = `${state.job.progress.bestOrdinal}/${state.job.status}/${state.job.progress.phase}`;
	state.bestLoadedFor = key;
	try {
		const best = await api.bestInstruction(id);
		const quote = root.querySelector('.best-instruction');
		quote.textContent = best ? best.instruction : 'No trial has been scored yet.';
		setText(root, '[data-best=selectedBy]', !best ? '—' : best.selectedBy === 'final-selection'
			? `final selection: best of ${best.widerScore.candidatesCompared} on the wider evaluation`
			: 'highest dev score');
		setText(root, '[data-best=devScore]', best ? scoreOn(best.devScore, best.devExamples) : '—');
		setText(root, '[data-best=widerScore]', best && best.widerScore ? widerScore(best.widerScore)
			: isFinished(state.job.status) ? 'no final selection' : 'after the search');
		setText(root, '[data-best=testScore]', best && best.testScore !== null ? score(best.testScore)
			: isFinished(state.job.status) ? 'no test examples' : 'scored when the job ends');
		setText(root, '[data-best=ordinal]', best ? String(best.ordinal) : '—');
		const link = root.querySelector('.best-answers');
		link.hidden = !best;
		if (best) {
			link.href = trialHref(id, best.ordinal);
		}
	}
	catch (e) {
		state.bestLoadedFor = null;
		showError(root, e);
	}
}

const MAX_ROWS = 1000;

function renderTrials(root, state) {
	const { key, dir } = state.sort;
	root.querySelectorAll('#trials-table th[data-sort]').forEach((th) => {
		th.setAttribute('aria-sort', th.dataset.sort === key ? (dir === 'asc' ? 'ascending' : 'descending') : 'none');
	});
	const sign = dir === 'asc' ? 1 : -1;
	const sorted = [...state.trials].sort((a, b) => {
		const x = a[key];
		const y = b[key];
		const c = typeof x === 'string' ? x.localeCompare(y) : Number(x) - Number(y);
		return c !== 0 ? sign * c : a.ordinal - b.ordinal;
	});
	const body = root.querySelector('#trials-table tbody');
	const rows = sorted.slice(0, MAX_ROWS).map((t) => {
		const row = document.createElement('tr');
		if (state.job && t.ordinal === state.job.progress.bestOrdinal) {
			row.className = 'best-row';
		}
		else if (t.stoppedEarly) {
			row.className = 'stopped-row';
		}
		const columns = [[t.ordinal, 'num'], [t.iteration, 'num'], [t.origin, ''],
			[t.generationFailed ? '(no instruction in the reply)' : t.instruction, 'instruction'],
			[score(t.devScore), 'num'], [t.stoppedEarly ? `${t.stage} (stopped)` : t.stage, 'num'],
			[t.duplicate ? 'yes' : '', '']];
		for (const [column, [text, cls]] of columns.entries()) {
			const cell = document.createElement('td');
			// only the first column (not an iteration or stage equal to the ordinal)
			if (column === 0 && state.job) {
				// the ordinal opens the trial's answers
				const link = document.createElement('a');
				link.href = trialHref(state.job.id, t.ordinal);
				link.textContent = text;
				link.setAttribute('aria-label', `Trial ${t.ordinal}: answers`);
				cell.append(link);
			}
			else {
				cell.textContent = text;
			}
			if (cls) {
				cell.className = cls;
			}
			if (cls === 'instruction' && t.rawReply != null) {
				// what the generator answered, before the instruction was read from it
				cell.title = `Generator reply: ${t.rawReply}`;
			}
			row.append(cell);
		}
		return row;
	});
	body.replaceChildren(...rows);
	root.querySelector('.trials-empty').hidden = state.trials.length > 0;
}

// ---- one trial: the answers behind its scores ----

function trialHref(jobId, ordinal) {
	return `#/jobs/${encodeURIComponent(jobId)}/trials/${ordinal}`;
}

async function trialView(jobId, ordinal) {
	const root = showView('trial-view');
	root.querySelector('.back-to-job').href = `#/jobs/${encodeURIComponent(jobId)}`;
	setText(root, '.trial-ordinal', String(ordinal));
	try {
		const detail = await api.trialDetail(jobId, ordinal);
		const t = detail.trial;
		setText(root, '.trial-instruction', t.instruction);
		setText(root, '[data-field=origin]', t.origin);
		setText(root, '[data-field=devScore]', score(t.devScore));
		setText(root, '[data-field=testScore]', t.testScore === null ? '—' : score(t.testScore));
		setText(root, '[data-field=answersFrom]', detail.answersFromOrdinal === t.ordinal ? 'this trial'
			: `trial ${detail.answersFromOrdinal} (same instruction, scored first)`);
		setText(root, '[data-field=devSummary]', answersSummary(detail.devAnswers));
		fillAnswers(root.querySelector('#dev-answers tbody'), detail.devAnswers);
		if (detail.testAnswers.length > 0) {
			root.querySelector('.test-answers').hidden = false;
			setText(root, '[data-field=testSummary]', answersSummary(detail.testAnswers));
			fillAnswers(root.querySelector('#test-answers tbody'), detail.testAnswers);
		}
		announce(`Trial ${ordinal}: ${answersSummary(detail.devAnswers)}`);
	}
	catch (e) {
		showError(root, e);
	}
}

function fillAnswers(body, answers) {
	// the Judge column only for llm_judge tasks
	body.closest('table').classList.toggle('no-judge', !(answers || []).some((a) => a.verdict));
	body.replaceChildren(...answerRows(answers).map((r) => {
		const row = document.createElement('tr');
		row.className = `answer-${r.verdict}`;
		for (const [text, cls] of [[r.number, 'num'], [r.input, 'answer-text'], [r.expected, 'answer-text'],
			[r.answer, 'answer-text'], [r.score, 'num'], [r.judge ?? '', 'answer-text judge']]) {
			const cell = document.createElement('td');
			cell.textContent = text;
			cell.className = cls;
			row.append(cell);
		}
		return row;
	}));
}

// ---- new job ----

function newView() {
	const root = showView('new-view');
	const form = root.querySelector('#new-job');
	const wire = (textareaId, statusId) => {
		const area = root.querySelector(textareaId);
		const status = root.querySelector(statusId);
		const update = () => {
			const { examples, errors } = parseExamples(area.value);
			status.textContent = area.value.trim() === '' ? ''
				: `${examples.length} example${examples.length === 1 ? '' : 's'} read`
					+ (errors.length ? `; ${errors.length} problem${errors.length === 1 ? '' : 's'}: `
						+ errors.slice(0, 3).join('; ') : '');
			status.classList.toggle('invalid', errors.length > 0);
			area.setAttribute('aria-invalid', String(errors.length > 0));
		};
		area.addEventListener('input', update);
		return area;
	};
	const examplesArea = wire('#task-examples', '#examples-count');
	const testArea = wire('#task-test-examples', '#test-examples-count');

	form.addEventListener('submit', async (event) => {
		event.preventDefault();
		const examples = parseExamples(examplesArea.value);
		const tests = parseExamples(testArea.value);
		const problems = [];
		const name = form.elements.name.value.trim();
		if (!name) {
			problems.push({ field: 'name', message: 'give the task a name' });
		}
		if (examples.examples.length < 2) {
			problems.push({ field: 'examples', message: 'at least 2 examples are needed' });
		}
		examples.errors.forEach((m) => problems.push({ field: 'examples', message: m }));
		tests.errors.forEach((m) => problems.push({ field: 'testExamples', message: m }));
		if (problems.length) {
			showError(root, Object.assign(new Error('Please fix the form.'), { problem: { errors: problems } }));
			root.querySelector('.error').scrollIntoView({ block: 'nearest' });
			(problems[0].field === 'name' ? form.elements.name : examplesArea).focus();
			return;
		}
		const request = {
			task: { name, metric: form.elements.metric.value, examples: examples.examples },
			strategy: form.elements.strategy.value,
			settings: {},
		};
		if (tests.examples.length) {
			request.task.testExamples = tests.examples;
		}
		if (form.elements.blackBoxModel.value.trim()) {
			request.blackBoxModel = form.elements.blackBoxModel.value.trim();
		}
		if (form.elements.generatorModel.value.trim()) {
			request.generatorModel = form.elements.generatorModel.value.trim();
		}
		for (const input of form.querySelectorAll('[data-setting]')) {
			if (input.value !== '') {
				request.settings[input.name] = input.type === 'number' ? Number(input.value) : input.value;
			}
		}
		const budget = {};
		for (const input of form.querySelectorAll('[data-budget]')) {
			if (input.value !== '') {
				budget[input.name] = Number(input.value);
			}
		}
		if (Object.keys(budget).length) {
			request.budget = budget;
		}
		const submit = root.querySelector('#start-job');
		submit.disabled = true;
		try {
			const job = await api.createJob(request);
			location.hash = `#/jobs/${job.id}`;
		}
		catch (e) {
			showError(root, e);
			root.querySelector('.error').scrollIntoView({ block: 'nearest' });
			submit.disabled = false;
		}
	});
}

// ---- studies ----

async function studiesView() {
	const root = showView('studies-view');
	root.querySelector('#refresh-studies').addEventListener('click', () => load());
	async function load() {
		let result;
		try {
			result = await api.listStudies({ page: 0, size: 50 });
			showError(root, null);
		}
		catch (e) {
			showError(root, e);
			return;
		}
		const body = root.querySelector('#studies-table tbody');
		body.replaceChildren();
		for (const study of result.content) {
			const row = document.createElement('tr');
			const link = document.createElement('a');
			link.href = `#/studies/${study.id}`;
			link.textContent = study.name || study.id.slice(0, 8);
			const cells = [link, study.status, study.arms.map((a) => a.name).join(' | '), count(study.seeds.length),
				study.baseline || '—', age(study.createdAt)];
			cells.forEach((value, i) => {
				const cell = document.createElement(i === 0 ? 'th' : 'td');
				if (i === 0) {
					cell.scope = 'row';
				}
				if (i === 3) {
					cell.className = 'num';
				}
				cell.append(value);
				row.append(cell);
			});
			body.append(row);
		}
		root.querySelector('.empty').hidden = result.content.length > 0;
	}
	await load();
}

async function studyView(id) {
	const root = showView('study-view');
	const lifetime = viewLifetime.signal;
	let timer;
	lifetime.addEventListener('abort', () => clearTimeout(timer));
	root.querySelector('#study-csv').addEventListener('click', async () => {
		try {
			const csv = await api.studyReportCsv(id);
			const link = document.createElement('a');
			link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
			link.download = `study-${id}.csv`;
			link.click();
			URL.revokeObjectURL(link.href);
		}
		catch (e) {
			showError(root, e);
		}
	});
	const cancel = root.querySelector('#cancel-study');
	cancel.addEventListener('click', async () => {
		cancel.disabled = true;
		try {
			await api.cancelStudy(id);
			announce('Study cancelled');
			await load();
		}
		catch (e) {
			showError(root, e);
		}
		cancel.disabled = false;
	});
	async function load() {
		clearTimeout(timer);
		let study;
		let report;
		try {
			[study, report] = await Promise.all([api.getStudy(id), api.studyReport(id)]);
			showError(root, null);
		}
		catch (e) {
			showError(root, e);
			return;
		}
		if (lifetime.aborted) {
			return;
		}
		setText(root, '.study-name', study.name || study.id.slice(0, 8));
		setText(root, '[data-field=status]', study.status);
		setText(root, '[data-field=baseline]', study.baseline || '—');
		setText(root, '[data-field=seeds]', study.seeds.join(', '));
		setText(root, '[data-field=jobs]', Object.entries(study.jobsByStatus).map(([k, v]) => `${v} ${k}`).join(', '));
		setText(root, '[data-field=createdAt]', age(study.createdAt));
		cancel.hidden = study.status !== 'RUNNING';

		const series = drawStudy(root.querySelector('#study-plot'), report);
		const legend = root.querySelector('.study-legend');
		legend.replaceChildren(...series.map((s) => {
			const item = document.createElement('li');
			item.className = `arm-${s.index % 8}`;
			const swatch = document.createElement('span');
			swatch.className = 'swatch';
			item.append(swatch, `${s.name}${s.baseline ? ' (baseline)' : ''}`);
			return item;
		}));

		const body = root.querySelector('#arms-table tbody');
		body.replaceChildren(...armRows(report).map((r) => {
			const row = document.createElement('tr');
			const values = [r.name + (r.baseline ? ' (baseline)' : ''), r.jobs, r.bestDev, r.test, count(r.paidCalls),
				usd(r.costUsd), r.devVsBaseline, r.testVsBaseline];
			values.forEach((value, i) => {
				const cell = document.createElement(i === 0 ? 'th' : 'td');
				if (i === 0) {
					cell.scope = 'row';
				}
				if (i >= 1 && i <= 5) {
					cell.className = 'num';
				}
				cell.textContent = value;
				row.append(cell);
			});
			return row;
		}));

		const jobs = root.querySelector('.study-jobs');
		jobs.replaceChildren(...study.arms.flatMap((arm) => arm.jobs.map((job) => {
			const item = document.createElement('li');
			const link = document.createElement('a');
			link.href = `#/jobs/${job.jobId}`;
			link.textContent = `${arm.name}, seed ${job.seed}`;
			item.append(link, ` ${job.status}, best ${score(job.bestDevScore)}`);
			return item;
		})));
		if (study.status === 'RUNNING') {
			timer = setTimeout(load, 5000);
		}
	}
	await load();
}

// ---- routing ----

function route() {
	viewLifetime.abort();
	viewLifetime = new AbortController();
	const hash = location.hash || '#/jobs';
	const [path, queryString] = hash.slice(1).split('?');
	const query = new URLSearchParams(queryString || '');
	const parts = path.split('/').filter(Boolean);
	document.querySelectorAll('[data-nav]').forEach((a) => {
		const current = (['new', 'studies'].includes(parts[0]) ? parts[0] : 'jobs') === a.dataset.nav;
		if (current) {
			a.setAttribute('aria-current', 'page');
		}
		else {
			a.removeAttribute('aria-current');
		}
	});
	if (parts[0] === 'new') {
		document.title = 'New job · InstructZero';
		newView();
	}
	else if (parts[0] === 'studies' && parts[1]) {
		document.title = `Study ${parts[1].slice(0, 8)} · InstructZero`;
		studyView(decodeURIComponent(parts[1]));
	}
	else if (parts[0] === 'studies') {
		document.title = 'Studies · InstructZero';
		studiesView();
	}
	else if (parts[0] === 'jobs' && parts[1] && parts[2] === 'trials' && /^\d+$/.test(parts[3] || '')) {
		document.title = `Trial ${parts[3]} · Job ${parts[1].slice(0, 8)} · InstructZero`;
		trialView(decodeURIComponent(parts[1]), Number(parts[3]));
	}
	else if (parts[0] === 'jobs' && parts[1]) {
		document.title = `Job ${parts[1].slice(0, 8)} · InstructZero`;
		jobView(parts[1]);
	}
	else {
		document.title = 'Jobs · InstructZero';
		jobsView(query);
	}
}

window.addEventListener('hashchange', route);
route();
