package dev.modelkit.core.jobs;

import dev.modelkit.ProviderNotFoundException;
import dev.modelkit.config.Violation;
import dev.modelkit.security.Principal;
import dev.modelkit.spi.AuditDraft;
import dev.modelkit.training.JobState;
import dev.modelkit.training.TrainingJob;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the work a previous process left (docs/decisions/0041-job-recovery.md): jobs stored as
 * running become interrupted, and jobs that were started and still waiting are queued again.
 */
final class JobRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(JobRecovery.class);

  private final JobEnvironment env;
  private final JobRecords records;
  private final ResourceScheduler scheduler;
  private final Map<String, ActiveJob> actives;

  JobRecovery(JobEnvironment env, JobRecords records, ResourceScheduler scheduler, Map<String, ActiveJob> actives) {
    this.env = env;
    this.records = records;
    this.scheduler = scheduler;
    this.actives = actives;
  }

  void recover() {
    int interrupted = markInterrupted();
    List<JobRecords.Stored> waiting = new ArrayList<>(records.allOrganizations(JobState.QUEUED).stream()
        .filter(s -> JobStates.startedAndWaiting(s.job()) && !actives.containsKey(s.job().id())).toList());
    waiting.sort(Comparator.comparing((JobRecords.Stored s) -> s.job().progress().time())
        .thenComparing(s -> s.job().createdAt()));
    int queued = requeue(waiting);
    if (interrupted > 0 || !waiting.isEmpty()) {
      LOG.info("Job recovery: {} interrupted job(s) marked for resume, {} of {} waiting job(s) queued again",
          interrupted, queued, waiting.size());
    }
  }

  private int markInterrupted() {
    Instant now = env.clock().instant();
    int n = 0;
    for (JobRecords.Stored s : records.allOrganizations(JobState.RUNNING)) {
      TrainingJob job = s.job();
      if (actives.containsKey(job.id())) {
        continue;
      }
      String reason = "Interrupted: ModelKit stopped while this job was running (last recorded at "
          + s.record().updatedAt() + ", found at start-up at " + now
          + "); startTraining resumes it from its last checkpoint";
      records.update(job.organizationId(), job.id(),
          j -> j.state() == JobState.RUNNING ? JobStates.ended(j, JobState.INTERRUPTED, reason, now, null, null, 0)
              : null,
          (before, after) -> new AuditDraft(job.organizationId(), JobStates.SYSTEM_USER, "job.interrupted",
              JobRecords.KIND, job.id(), before, after, reason, now));
      n++;
    }
    return n;
  }

  private int requeue(List<JobRecords.Stored> waiting) {
    if (waiting.isEmpty()) {
      return 0;
    }
    try {
      env.engine().get();
    } catch (ProviderNotFoundException e) {
      LOG.warn("{} started job(s) stay queued until a training engine is installed and startTraining is called "
          + "again: {}", waiting.size(), e.getMessage());
      return 0;
    }
    List<ResourceScheduler.Submission> submissions = new ArrayList<>();
    for (JobRecords.Stored s : waiting) {
      TrainingJob j = s.job();
      List<Violation> tooLarge = Demand.exceeding(j.configuration().resources(), scheduler.capacity());
      if (!tooLarge.isEmpty()) {
        LOG.warn("Job {} stays queued: it no longer fits the resource pool ({})", j.id(), tooLarge.get(0).message());
        continue;
      }
      ActiveJob a = new ActiveJob(j.organizationId(), j.id(), j.modelId(), Principal.system(j.organizationId()),
          Demand.of(j.configuration().resources()));
      actives.put(j.id(), a);
      env.metadata().appendAudit(new AuditDraft(j.organizationId(), JobStates.SYSTEM_USER, "job.requeued",
          JobRecords.KIND, j.id(), null, null,
          "Queued again at start-up; it had been started and was waiting for resources", env.clock().instant()));
      submissions.add(new ResourceScheduler.Submission(j.organizationId(), j.id(), a.demand,
          j.configuration().resources().priority()));
    }
    // All at once, so that they are admitted by priority rather than in the order they were read.
    scheduler.submitAll(submissions);
    return submissions.size();
  }
}
