package dev.instructzero.job;

import dev.instructzero.web.ApiSliceTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The job package's controllers in one {@link ApiSliceTest} with their collaborators
 * mocked, so that every slice test of the package shares one application context.
 */
@ApiSliceTest({ JobController.class, TaskDeletionController.class, ClientController.class })
abstract class JobApiSlice {

	@Autowired
	MockMvc mvc;

	@MockitoBean
	JobService jobs;

	@MockitoBean
	JobEventStreams streams;

	@MockitoBean
	ClientQuotas quotas;

}
