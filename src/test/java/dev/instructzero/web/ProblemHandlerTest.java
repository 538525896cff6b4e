package dev.instructzero.web;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Every way {@link ProblemHandler} (with {@link StorableTextAdvice} and strict JSON)
 * turns an error into RFC 9457 problem+json, against a controller of its own: the status,
 * the title, the detail and each bad field under {@code errors}.
 */
@ApiSliceTest(ProblemHandlerTest.Errors.class)
@Import(ProblemHandlerTest.Errors.class)
@ActiveProfiles(ProblemHandlerTest.PROFILE)
class ProblemHandlerTest {

	static final String PROFILE = "problem-handler-test";

	@Autowired
	MockMvc mvc;

	ResultActions postBody(String json) throws Exception {
		return this.mvc.perform(post("/errors/body").contentType(MediaType.APPLICATION_JSON).content(json));
	}

	@Test
	void listsEveryInvalidFieldSortedByName() throws Exception {
		postBody("{\"name\": \"toolong\", \"items\": [{\"count\": 1}, {\"count\": 0}]}")
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			// RFC 9457 3.1.1: an absent type means about:blank
			.andExpect(jsonPath("$.type").doesNotExist())
			.andExpect(jsonPath("$.title").value("Bad Request"))
			.andExpect(jsonPath("$.status").value(400))
			.andExpect(jsonPath("$.detail").value("Invalid request content."))
			.andExpect(jsonPath("$.instance").value("/errors/body"))
			.andExpect(jsonPath("$.errors.length()").value(2))
			.andExpect(jsonPath("$.errors[0].field").value("items[1].count"))
			.andExpect(jsonPath("$.errors[0].message").value("must be greater than or equal to 1"))
			.andExpect(jsonPath("$.errors[1].field").value("name"))
			.andExpect(jsonPath("$.errors[1].message").value("size must be between 0 and 3"));
	}

	@Test
	void namesAnUnknownFieldByItsPath() throws Exception {
		postBody("{\"name\": \"a\", \"items\": [{\"count\": 1}, {\"count\": 2, \"colour\": \"red\"}]}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value("Unknown field in request body."))
			.andExpect(jsonPath("$.errors.length()").value(1))
			.andExpect(jsonPath("$.errors[0].field").value("items[1].colour"));
	}

	@Test
	void namesAValueOfTheWrongTypeWithoutConvertingIt() throws Exception {
		// strict JSON: neither a number for a string nor a fraction for an int
		postBody("{\"name\": 42}").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value("Malformed request body."))
			.andExpect(jsonPath("$.errors[0].field").value("name"));
		postBody("{\"name\": \"a\", \"items\": [{\"count\": 1.5}]}").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("items[0].count"));
	}

	@Test
	void answersMalformedOrMissingBodiesWithoutFields() throws Exception {
		postBody("{\"name\": ").andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail", startsWith("Malformed JSON: ")))
			.andExpect(jsonPath("$.errors").doesNotExist());
		postBody("").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value("Request body is missing or not readable."));
	}

	@Test
	void refusesTextPostgresCannotStoreNamingTheField() throws Exception {
		postBody("{\"name\": \"a\\u0000\", \"items\": [], \"tags\": {\"k\": \"v\\ud800\"}}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value("Invalid request content."))
			.andExpect(jsonPath("$.errors[0].field").value("name"))
			.andExpect(jsonPath("$.errors[0].message", containsString("U+0000")))
			.andExpect(jsonPath("$.errors[1].field").value("tags.k"))
			.andExpect(jsonPath("$.errors[1].message", containsString("U+D800")));
	}

	@Test
	void namesAQueryParameterOfTheWrongType() throws Exception {
		this.mvc.perform(get("/errors/count?n=many"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value("Invalid request parameter."))
			.andExpect(jsonPath("$.errors[0].field").value("n"))
			.andExpect(jsonPath("$.errors[0].message").value("'many' is not a valid int"));
	}

	@Test
	void mapsTheDomainExceptionsToTheirStatuses() throws Exception {
		this.mvc.perform(get("/errors/missing"))
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.title").value("Not Found"))
			.andExpect(jsonPath("$.detail").value("No such thing."))
			.andExpect(jsonPath("$.errors").doesNotExist());
		this.mvc.perform(get("/errors/conflict"))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.title").value("Conflict"))
			.andExpect(jsonPath("$.detail").value("Already done."));
		this.mvc.perform(get("/errors/quota"))
			.andExpect(status().isTooManyRequests())
			.andExpect(jsonPath("$.title").value("Too Many Requests"))
			.andExpect(jsonPath("$.detail").value("Quota 'max-concurrent-jobs' exceeded: 2 jobs at once"))
			.andExpect(jsonPath("$.errors[0].field").value("quota.max-concurrent-jobs"));
		this.mvc.perform(get("/errors/unprocessable"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.title").value("Unprocessable Content"))
			.andExpect(jsonPath("$.errors[0].field").value("strategy"));
	}

	@Test
	void refusesContentTypesOtherThanJson() throws Exception {
		this.mvc.perform(post("/errors/body").contentType("application/yaml").content("name: a\n"))
			.andExpect(status().isUnsupportedMediaType())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
	}

	@Test
	void refusesABodyOverTenMegabytesBeforeReadingIt() throws Exception {
		byte[] body = new byte[(int) RequestBodyLimitFilter.MAX_BODY_BYTES + 1];
		this.mvc.perform(post("/errors/body").contentType(MediaType.APPLICATION_JSON).content(body))
			.andExpect(status().isContentTooLarge())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value(RequestBodyLimitFilter.message()))
			.andExpect(content().string(not(containsString("Exception"))));
	}

	/**
	 * Answers each kind of error; only in this test's profile, out of every other
	 * context.
	 */
	@RestController
	@Profile(PROFILE)
	@RequestMapping("/errors")
	static class Errors {

		record Body(@Size(max = 3) String name, List<@Valid Item> items, java.util.Map<String, String> tags) {
		}

		record Item(@NotNull @Min(1) Integer count) {
		}

		@PostMapping("/body")
		String body(@Valid @RequestBody Body body) {
			return "ok";
		}

		@GetMapping("/count")
		int count(@RequestParam int n) {
			return n;
		}

		@GetMapping("/missing")
		String missing() {
			throw new NotFoundException("No such thing.");
		}

		@GetMapping("/conflict")
		String conflict() {
			throw new ConflictException("Already done.");
		}

		@GetMapping("/quota")
		String quota() {
			throw new QuotaExceededException("max-concurrent-jobs", "2 jobs at once");
		}

		@GetMapping("/unprocessable")
		String unprocessable() {
			throw new NotConfiguredException("The strategy cannot run here.",
					List.of(new FieldViolation("strategy", "needs a generator")));
		}

	}

}
