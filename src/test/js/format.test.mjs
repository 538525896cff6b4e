import { test } from 'node:test';
import assert from 'node:assert/strict';

import { age, count, isFinished, score, usd } from '../../main/resources/static/js/format.js';

test('scores show three decimals and a dash when absent', () => {
	assert.equal(score(0.35), '0.350');
	assert.equal(score(null), '—');
	assert.equal(score(Number.NaN), '—');
});

test('costs keep sub-cent amounts visible', () => {
	assert.equal(usd(1.5), '$1.50');
	assert.equal(usd('0.0012'), '$0.0012');
	assert.equal(usd(0), '$0.00');
	assert.equal(usd(null), '—');
	assert.equal(count(1360), '1,360');
});

test('ages count seconds, minutes, hours, then days', () => {
	const now = Date.parse('2026-01-02T00:00:00Z');
	assert.equal(age('2026-01-01T23:59:30Z', now), '30 s ago');
	assert.equal(age('2026-01-01T23:55:00Z', now), '5 min ago');
	assert.equal(age('2026-01-01T21:00:00Z', now), '3 h ago');
	assert.equal(age('2025-12-30T00:00:00Z', now), '3 d ago');
	assert.equal(age(null, now), '—');
});

test('only succeeded, failed and cancelled jobs are finished', () => {
	assert.deepEqual(['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'].map(isFinished),
			[false, false, true, true, true]);
});
