package dev.instructzero.job;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import dev.instructzero.web.Caller;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/clients")
@Tag(name = "clients", description = "The API's callers and their quotas")
class ClientController {

	private final ClientQuotas quotas;

	ClientController(ClientQuotas quotas) {
		this.quotas = quotas;
	}

	@GetMapping("/me")
	@Operation(operationId = "getCurrentClient", summary = "The calling client: its name, role, usage and quotas")
	ClientQuotas.ClientUsage me() {
		return this.quotas.usage(Caller.current());
	}

}
