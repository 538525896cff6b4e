import { test } from 'node:test';
import assert from 'node:assert/strict';

import { age, count, isFinished, score, scoreOn, usd, widerScore } from '../../main/resources/static/js/format.js';

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

test('the wider score shows its examples and its 95% interval with the method', () => {
	assert.equal(scoreOn(0.95, 20), '0.950 on 20 examples');
	assert.equal(scoreOn(null, 20), '—');
	const wider = { score: 29 / 30, examples: 30, candidatesCompared: 4,
		interval: { low: 0.8332961, high: 0.9940914, confidence: 0.95, method: 'wilson' } };
	assert.equal(widerScore(wider), '0.967 on 30 examples (95% interval 0.833–0.994, Wilson)');
	assert.equal(widerScore({ ...wider, interval: { ...wider.interval, method: 'bootstrap' } }),
			'0.967 on 30 examples (95% interval 0.833–0.994, bootstrap)');
	assert.equal(widerScore(null), '—');
	assert.equal(widerScore(undefined), '—');
});
