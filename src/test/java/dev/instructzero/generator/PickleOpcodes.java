package dev.instructzero.generator;

import java.util.ArrayList;
import java.util.List;

/**
 * Test-side walker over a pickle's opcodes, knowing only the argument layout of the
 * opcodes the weights-only unpickler accepts; anything else fails the walk.
 */
final class PickleOpcodes {

	private PickleOpcodes() {
	}

	/** Opcode names in order; throws on an opcode outside the allowed set. */
	static List<String> walk(byte[] pickle) {
		List<String> ops = new ArrayList<>();
		int i = 0;
		while (i < pickle.length) {
			int op = pickle[i++] & 0xFF;
			switch (op) {
				case 0x80 -> {
					ops.add("PROTO");
					i += 1;
				}
				case 'c' -> {
					ops.add("GLOBAL");
					for (int lines = 0; lines < 2; lines++) {
						while (pickle[i++] != '\n') {
							// skip the line
						}
					}
				}
				case 'X' -> {
					ops.add("BINUNICODE");
					int length = (pickle[i] & 0xFF) | (pickle[i + 1] & 0xFF) << 8 | (pickle[i + 2] & 0xFF) << 16
							| (pickle[i + 3] & 0xFF) << 24;
					i += 4 + length;
				}
				case 'J' -> {
					ops.add("BININT");
					i += 4;
				}
				case 'K' -> {
					ops.add("BININT1");
					i += 1;
				}
				case 'M' -> {
					ops.add("BININT2");
					i += 2;
				}
				case 't' -> ops.add("TUPLE");
				case 0x86 -> ops.add("TUPLE2");
				case '(' -> ops.add("MARK");
				case ')' -> ops.add("EMPTY_TUPLE");
				case 'Q' -> ops.add("BINPERSID");
				case 0x89 -> ops.add("NEWFALSE");
				case 'R' -> ops.add("REDUCE");
				case 'q' -> {
					ops.add("BINPUT");
					i += 1;
				}
				case '.' -> ops.add("STOP");
				default -> throw new AssertionError(
						"opcode 0x" + Integer.toHexString(op) + " at byte " + (i - 1) + " is not allowed");
			}
		}
		return ops;
	}

}
