package dev.instructzero.generator;

import java.util.function.Supplier;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The APE generator bean. It resolves the chat model on each call, so it exists whether
 * or not a chat model is configured; a call without a unique chat model fails clearly.
 */
@Configuration(proxyBeanMethods = false)
public class ApeConfiguration {

	@Bean
	ApeInstructionGenerator apeInstructionGenerator(ObjectProvider<ChatModel> chatModel,
			GeneratorProperties properties) {
		return new ApeInstructionGenerator((Supplier<ChatModel>) chatModel::getIfUnique, properties.ape());
	}

}
