// Parses pasted task examples into the API's {input, output} / {input, outputs} form.

/**
 * Examples from pasted text: a JSON array of {input, output} or {input, outputs: [...]}
 * objects (or {"examples": [...]}), or one example per line as input<TAB>output; more
 * tab-separated columns are further acceptable outputs. Blank lines are ignored.
 *
 * Returns {examples, errors}: errors name the line or array index that could not be read;
 * examples holds what could.
 */
export function parseExamples(text) {
	const trimmed = (text || '').trim();
	if (trimmed === '') {
		return { examples: [], errors: [] };
	}
	if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
		return parseJson(trimmed);
	}
	return parseTabSeparated(text);
}

function parseJson(text) {
	let value;
	try {
		value = JSON.parse(text);
	}
	catch (e) {
		return { examples: [], errors: [`not valid JSON: ${e.message}`] };
	}
	const list = Array.isArray(value) ? value : value && Array.isArray(value.examples) ? value.examples : null;
	if (list === null) {
		return { examples: [], errors: ['expected a JSON array of {"input", "output"} objects'] };
	}
	const examples = [];
	const errors = [];
	list.forEach((item, i) => {
		if (item === null || typeof item !== 'object' || typeof item.input !== 'string') {
			errors.push(`item ${i + 1}: needs a string "input"`);
		}
		else if (Array.isArray(item.outputs) && item.outputs.length > 0
				&& item.outputs.every((o) => typeof o === 'string')) {
			examples.push({ input: item.input, outputs: item.outputs });
		}
		else if (typeof item.output === 'string') {
			examples.push({ input: item.input, output: item.output });
		}
		else {
			errors.push(`item ${i + 1}: needs a string "output" or a non-empty "outputs" array`);
		}
	});
	return { examples, errors };
}

function parseTabSeparated(text) {
	const examples = [];
	const errors = [];
	text.split(/\r?\n/).forEach((line, i) => {
		if (line.trim() === '') {
			return;
		}
		const columns = line.split('\t');
		if (columns.length < 2) {
			errors.push(`line ${i + 1}: no tab between input and output`);
			return;
		}
		const [input, ...outputs] = columns;
		const answers = outputs.map((o) => o.trim()).filter((o) => o !== '');
		if (answers.length === 0) {
			errors.push(`line ${i + 1}: empty output`);
		}
		else if (answers.length === 1) {
			examples.push({ input: input.trim(), output: answers[0] });
		}
		else {
			examples.push({ input: input.trim(), outputs: answers });
		}
	});
	return { examples, errors };
}
