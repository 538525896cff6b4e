package dev.instructzero.web;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import dev.instructzero.database.StorableText;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Refuses every request body holding text PostgreSQL cannot store (U+0000, unpaired
 * surrogates; see {@link StorableText}) with a 400 naming each field, e.g.
 * {@code task.examples[3].input}, before bean validation and long before an insert would
 * fail with SQL text. It walks the body's records, lists and maps, so new string fields
 * are covered without annotating them.
 */
@ControllerAdvice
class StorableTextAdvice extends RequestBodyAdviceAdapter {

	private static final int MAX_DEPTH = 32;

	@Override
	public boolean supports(MethodParameter parameter, Type targetType,
			Class<? extends HttpMessageConverter<?>> converterType) {
		return true;
	}

	@Override
	public Object afterBodyRead(Object body, HttpInputMessage inputMessage, MethodParameter parameter, Type targetType,
			Class<? extends HttpMessageConverter<?>> converterType) {
		List<FieldViolation> violations = new ArrayList<>();
		collect(body, "", 0, violations);
		if (!violations.isEmpty()) {
			throw new InvalidRequestException("Invalid request content.", violations);
		}
		return body;
	}

	private static void collect(Object value, String path, int depth, List<FieldViolation> violations) {
		if (value == null || depth > MAX_DEPTH) {
			return;
		}
		if (value instanceof String text) {
			String problem = StorableText.problem(text);
			if (problem != null) {
				violations.add(new FieldViolation(path.isEmpty() ? "body" : path, problem));
			}
		}
		else if (value instanceof Collection<?> items) {
			int i = 0;
			for (Object item : items) {
				collect(item, path + "[" + i++ + "]", depth + 1, violations);
			}
		}
		else if (value instanceof Map<?, ?> map) {
			map.forEach((key, item) -> {
				String name = path.isEmpty() ? String.valueOf(key) : path + "." + key;
				collect(key, name, depth + 1, violations);
				collect(item, name, depth + 1, violations);
			});
		}
		else if (value.getClass().isRecord()) {
			for (RecordComponent component : value.getClass().getRecordComponents()) {
				String name = path.isEmpty() ? component.getName() : path + "." + component.getName();
				collect(read(component, value), name, depth + 1, violations);
			}
		}
	}

	private static Object read(RecordComponent component, Object record) {
		try {
			component.getAccessor().setAccessible(true);
			return component.getAccessor().invoke(record);
		}
		catch (IllegalAccessException | InvocationTargetException ex) {
			throw new IllegalStateException("cannot read " + component, ex);
		}
	}

}
