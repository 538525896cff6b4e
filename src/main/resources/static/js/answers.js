// The answers behind a trial's score (GET /jobs/{id}/trials/{ordinal}), as table rows.

import { score } from './format.js';

/**
 * Rows of an answers table: example number (from 1), input, the acceptable outputs joined by
 * " | ", the black box's answer ("(empty)" when it gave none), the score, and whether it
 * counts as right (score 1), partly right (between 0 and 1) or wrong; `judge` is the judge
 * model's reply for llm_judge tasks (null otherwise).
 */
export function answerRows(answers) {
	return (answers || []).map((a) => ({
		number: a.index + 1,
		input: a.input,
		expected: a.outputs.join(' | '),
		answer: a.answer === '' ? '(empty)' : a.answer,
		score: score(a.score),
		verdict: a.score >= 1 ? 'right' : a.score > 0 ? 'partly' : 'wrong',
		judge: a.verdict ?? null,
	}));
}

/** "4 of 6 right, mean score 0.667", or a note that nothing was stored. */
export function answersSummary(answers) {
	if (!answers || answers.length === 0) {
		return 'No answers stored.';
	}
	const right = answers.filter((a) => a.score >= 1).length;
	const mean = answers.reduce((sum, a) => sum + a.score, 0) / answers.length;
	return `${right} of ${answers.length} right, mean score ${score(mean)}`;
}
