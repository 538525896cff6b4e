package dev.instructzero.generator;

import java.util.function.Supplier;

import dev.instructzero.evaluator.BlackBoxEvaluator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The APE generator bean. It asks through the black-box evaluator, so it exists whether
 * or not an evaluator is wired; a call without one fails clearly.
 */
@Configuration(proxyBeanMethods = false)
class ApeConfiguration {

	@Bean
	ApeInstructionGenerator apeInstructionGenerator(ObjectProvider<BlackBoxEvaluator> blackBox,
			GeneratorProperties properties) {
		return new ApeInstructionGenerator((Supplier<BlackBoxEvaluator>) blackBox::getIfAvailable, properties.ape());
	}

}
