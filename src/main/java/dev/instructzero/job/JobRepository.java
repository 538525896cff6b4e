package dev.instructzero.job;

import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface JobRepository extends JpaRepository<Job, UUID> {

	Page<Job> findByStatus(JobStatus status, Pageable pageable);

}
