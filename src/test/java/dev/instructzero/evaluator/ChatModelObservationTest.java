package dev.instructzero.evaluator;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.instructzero.task.PromptTemplate;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The black box's Spring AI chat model records Spring AI's own observation of each call
 * ({@code gen_ai.client.operation}: the spans and metrics of the GenAI conventions) in
 * the registry it was built with, inside the caller's observation.
 */
class ChatModelObservationTest {

	private static OpenAiStub openAi;

	@BeforeAll
	static void startStub() {
		openAi = new OpenAiStub();
	}

	@AfterAll
	static void stopStub() {
		openAi.stop();
	}

	@Test
	void recordsSpringAiGenAiObservationsUnderTheCallersObservation() {
		List<Observation.Context> stopped = new CopyOnWriteArrayList<>();
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

			@Override
			public void onStop(Observation.Context context) {
				stopped.add(context);
			}

		});
		openAi.answerAll("cold");
		SpringAiBlackBoxChat chat = new SpringAiBlackBoxChat(openAi.baseUrl(), "test-key", "gpt-test",
				Duration.ofSeconds(10), registry);

		ChatReply reply = Observation.createNotStarted("instructzero.evaluation", registry)
			.observe(() -> chat.complete(
					new ChatCall("gpt-test", List.of(new PromptTemplate.Message(PromptTemplate.Role.USER, "hot ->")),
							0.0, 16, false, CallPurpose.EVALUATION, List.of("cold"))));

		assertThat(reply.text()).isEqualTo("cold");
		Observation.Context genAi = stopped.stream()
			.filter((c) -> c.getName().equals("gen_ai.client.operation"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no gen_ai.client.operation among " + stopped));
		assertThat(genAi.getLowCardinalityKeyValue("gen_ai.request.model").getValue()).isEqualTo("gpt-test");
		assertThat(genAi.getParentObservation()).isNotNull();
		assertThat(genAi.getParentObservation().getContextView().getName()).isEqualTo("instructzero.evaluation");
	}

}
