// Server-Sent Events over fetch(): EventSource cannot send an Authorization header, and the
// token must never go into a URL.

/**
 * Incremental parser of the text/event-stream format (WHATWG HTML, "Parsing an event
 * stream"): feed it decoded text chunks, it calls onEvent({event, data, id}) once per
 * complete event. Chunks may split anywhere, including between CR and LF.
 */
export class EventStreamParser {

	constructor(onEvent) {
		this.onEvent = onEvent;
		this.buffer = '';
		this.reset();
	}

	reset() {
		this.eventName = '';
		this.dataLines = [];
		this.id = undefined;
	}

	feed(chunk) {
		this.buffer += chunk;
		let match;
		// a CR at the very end may be the first half of a CRLF: wait for the next chunk
		while ((match = /\r\n|\r(?!$)|\n/.exec(this.buffer)) !== null) {
			const line = this.buffer.slice(0, match.index);
			this.buffer = this.buffer.slice(match.index + match[0].length);
			this.line(line);
		}
	}

	line(line) {
		if (line === '') {
			if (this.dataLines.length > 0) {
				this.onEvent({ event: this.eventName || 'message', data: this.dataLines.join('\n'), id: this.id });
			}
			this.reset();
			return;
		}
		if (line.startsWith(':')) {
			return;
		}
		const colon = line.indexOf(':');
		const field = colon < 0 ? line : line.slice(0, colon);
		let value = colon < 0 ? '' : line.slice(colon + 1);
		if (value.startsWith(' ')) {
			value = value.slice(1);
		}
		if (field === 'event') {
			this.eventName = value;
		}
		else if (field === 'data') {
			this.dataLines.push(value);
		}
		else if (field === 'id') {
			this.id = value;
		}
	}

}

/**
 * Reads an SSE response body to its end, calling onEvent per event. Resolves when the
 * server completes the stream; rejects on network errors or abort.
 */
export async function readEventStream(body, onEvent) {
	const parser = new EventStreamParser(onEvent);
	const reader = body.pipeThrough(new TextDecoderStream()).getReader();
	for (;;) {
		const { value, done } = await reader.read();
		if (done) {
			// an event not ended by a blank line is discarded, as the spec says
			return;
		}
		parser.feed(value);
	}
}
