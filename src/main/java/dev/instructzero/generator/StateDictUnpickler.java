package dev.instructzero.generator;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A data-only reader of the pickle in a torch.save zip ({@code data.pkl}), enough to find
 * where a tensor of a state dict lives. Nothing is ever executed: a global becomes a
 * {@link Global} name, a call (REDUCE/NEWOBJ) becomes a {@link Call} record, a persistent
 * id becomes a {@link PersistentId}. Only {@code collections.OrderedDict} calls become
 * maps, so a state dict can be filled by SETITEMS.
 */
final class StateDictUnpickler {

	/** A global {@code module.name}, never resolved. */
	record Global(String module, String name) {
	}

	/** {@code callable(*args)}, never called. */
	record Call(Object callable, List<Object> args) {
	}

	/**
	 * The argument of BINPERSID, e.g. ('storage', torch.HalfStorage, '0', 'cpu', numel).
	 */
	record PersistentId(Object value) {
	}

	private final ByteBuffer in;

	private final List<Object> stack = new ArrayList<>();

	private final List<Integer> marks = new ArrayList<>();

	private final Map<Long, Object> memo = new HashMap<>();

	private StateDictUnpickler(byte[] pickle) {
		this.in = ByteBuffer.wrap(pickle).order(ByteOrder.LITTLE_ENDIAN);
	}

	/**
	 * Reads one pickle.
	 * @param pickle the bytes of {@code data.pkl}
	 * @return the top-level object (maps, lists, strings, numbers, and the records above)
	 * @throws IllegalArgumentException for an opcode this reader does not know, or a
	 * malformed pickle
	 */
	static Object read(byte[] pickle) {
		try {
			return new StateDictUnpickler(pickle).run();
		}
		catch (RuntimeException ex) {
			if (ex instanceof IllegalArgumentException) {
				throw ex;
			}
			throw new IllegalArgumentException("malformed pickle: " + ex, ex);
		}
	}

	private Object run() {
		while (true) {
			int op = this.in.get() & 0xFF;
			switch (op) {
				case 0x80 -> this.in.get(); // PROTO
				case 0x95 -> this.in.getLong(); // FRAME
				case '.' -> {
					return pop();
				}
				case '(' -> {
					this.marks.add(this.stack.size());
				}
				case ')' -> push(tuple());
				case ']', 'l' -> {
					if (op == 'l') {
						push(new ArrayList<>(popMark()));
					}
					else {
						push(new ArrayList<>());
					}
				}
				case '}' -> push(new LinkedHashMap<>());
				case 'd' -> {
					List<Object> items = popMark();
					Map<Object, Object> map = new LinkedHashMap<>();
					for (int i = 0; i + 1 < items.size(); i += 2) {
						map.put(items.get(i), items.get(i + 1));
					}
					push(map);
				}
				case 't' -> push(tuple(popMark().toArray()));
				case 0x85 -> push(tuple(pop()));
				case 0x86 -> {
					Object b = pop();
					Object a = pop();
					push(tuple(a, b));
				}
				case 0x87 -> {
					Object c = pop();
					Object b = pop();
					Object a = pop();
					push(tuple(a, b, c));
				}
				case 'N' -> push(null);
				case 0x88 -> push(Boolean.TRUE);
				case 0x89 -> push(Boolean.FALSE);
				case 'K' -> push((long) (this.in.get() & 0xFF));
				case 'M' -> push((long) (this.in.getShort() & 0xFFFF));
				case 'J' -> push((long) this.in.getInt());
				case 0x8a -> push(long1(this.in.get() & 0xFF));
				case 'G' -> push(Double.longBitsToDouble(Long.reverseBytes(this.in.getLong()))); // big-endian
				case 'X' -> push(string(this.in.getInt()));
				case 0x8c -> push(string(this.in.get() & 0xFF));
				case 'T' -> push(string(this.in.getInt()));
				case 'U' -> push(string(this.in.get() & 0xFF));
				case 'B' -> push(bytes(this.in.getInt()));
				case 'C' -> push(bytes(this.in.get() & 0xFF));
				case 'c' -> push(new Global(line(), line()));
				case 0x93 -> {
					String name = (String) pop();
					String module = (String) pop();
					push(new Global(module, name));
				}
				case 'q' -> this.memo.put((long) (this.in.get() & 0xFF), peek());
				case 'r' -> this.memo.put(this.in.getInt() & 0xFFFFFFFFL, peek());
				case 0x94 -> this.memo.put((long) this.memo.size(), peek());
				case 'h' -> push(memoGet(this.in.get() & 0xFF));
				case 'j' -> push(memoGet(this.in.getInt() & 0xFFFFFFFFL));
				case 'Q' -> push(new PersistentId(pop()));
				case 'R', 0x81 -> {
					Object args = pop();
					Object callable = pop();
					push(call(callable, args));
				}
				case 'b' -> pop(); // BUILD: state (e.g. OrderedDict._metadata) is not
									// needed
				case 'a' -> {
					Object value = pop();
					asList(peek()).add(value);
				}
				case 'e' -> {
					List<Object> items = popMark();
					asList(peek()).addAll(items);
				}
				case 's' -> {
					Object value = pop();
					Object key = pop();
					asMap(peek()).put(key, value);
				}
				case 'u' -> {
					List<Object> items = popMark();
					Map<Object, Object> map = asMap(peek());
					for (int i = 0; i + 1 < items.size(); i += 2) {
						map.put(items.get(i), items.get(i + 1));
					}
				}
				default -> throw new IllegalArgumentException("unsupported pickle opcode 0x" + Integer.toHexString(op)
						+ " at byte " + (this.in.position() - 1));
			}
		}
	}

	private Object call(Object callable, Object args) {
		if (callable instanceof Global global && global.module().equals("collections")
				&& global.name().equals("OrderedDict")) {
			return new LinkedHashMap<>();
		}
		return new Call(callable, (args instanceof List<?> list) ? tuple(list.toArray()) : tuple());
	}

	private static List<Object> tuple(Object... items) {
		// Arrays.asList, unlike List.of, holds None (null)
		return Collections.unmodifiableList(Arrays.asList(items));
	}

	@SuppressWarnings("unchecked")
	private static List<Object> asList(Object o) {
		if (o instanceof ArrayList<?> list) {
			return (List<Object>) list;
		}
		throw new IllegalArgumentException("APPEND on a non-list");
	}

	@SuppressWarnings("unchecked")
	private static Map<Object, Object> asMap(Object o) {
		if (o instanceof Map<?, ?> map) {
			return (Map<Object, Object>) map;
		}
		throw new IllegalArgumentException("SETITEM on a non-dict " + o);
	}

	private Object memoGet(long key) {
		if (!this.memo.containsKey(key)) {
			throw new IllegalArgumentException("memo key " + key + " not set");
		}
		return this.memo.get(key);
	}

	private Object long1(int length) {
		byte[] bigEndian = new byte[length];
		for (int i = 0; i < length; i++) {
			bigEndian[length - 1 - i] = this.in.get();
		}
		return (length == 0) ? 0L : new BigInteger(bigEndian).longValueExact();
	}

	private String string(long length) {
		return new String(bytes(length), StandardCharsets.UTF_8);
	}

	private byte[] bytes(long length) {
		if (length < 0 || length > this.in.remaining()) {
			throw new IllegalArgumentException("string length " + length + " beyond the pickle");
		}
		byte[] out = new byte[(int) length];
		this.in.get(out);
		return out;
	}

	private String line() {
		StringBuilder out = new StringBuilder();
		byte b;
		while ((b = this.in.get()) != '\n') {
			out.append((char) (b & 0xFF));
		}
		return out.toString();
	}

	private void push(@Nullable Object o) {
		this.stack.add(o);
	}

	private Object pop() {
		if (this.stack.isEmpty()) {
			throw new IllegalArgumentException("pickle stack underflow");
		}
		return this.stack.remove(this.stack.size() - 1);
	}

	private Object peek() {
		return this.stack.get(this.stack.size() - 1);
	}

	private List<Object> popMark() {
		if (this.marks.isEmpty()) {
			throw new IllegalArgumentException("no MARK on the pickle stack");
		}
		int at = this.marks.remove(this.marks.size() - 1);
		List<Object> items = new ArrayList<>(this.stack.subList(at, this.stack.size()));
		this.stack.subList(at, this.stack.size()).clear();
		return items;
	}

}
