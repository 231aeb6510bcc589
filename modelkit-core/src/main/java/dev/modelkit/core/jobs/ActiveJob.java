package dev.modelkit.core.jobs;

import dev.modelkit.security.Principal;
import java.time.Instant;

/**
 * A job this process has started and not yet finished: queued in the scheduler or running. Holds
 * what the worker needs and what a concurrent cancel or shutdown tells it.
 */
final class ActiveJob {
  final String organizationId;
  final String jobId;
  final String modelId;
  final Principal startedBy;
  final Demand demand;
  private volatile boolean cancelRequested;
  private volatile String cancelReason;
  private volatile String cancelledBy;
  private volatile boolean shutdown;
  private volatile Instant admittedAt;

  ActiveJob(String organizationId, String jobId, String modelId, Principal startedBy, Demand demand) {
    this.organizationId = organizationId;
    this.jobId = jobId;
    this.modelId = modelId;
    this.startedBy = startedBy;
    this.demand = demand;
  }

  void requestCancel(String reason, String userId) {
    cancelReason = reason;
    cancelledBy = userId;
    cancelRequested = true;
  }

  boolean cancelRequested() {
    return cancelRequested;
  }

  String cancelReason() {
    return cancelReason;
  }

  String cancelledBy() {
    return cancelledBy;
  }

  /** Asks the engine to stop because ModelKit is closing; the job ends interrupted, not cancelled. */
  void requestShutdown() {
    shutdown = true;
  }

  boolean shutdownRequested() {
    return shutdown;
  }

  /** @return whether the engine should stop at its next step */
  boolean stopRequested() {
    return cancelRequested || shutdown;
  }

  void admitted(Instant at) {
    admittedAt = at;
  }

  /** @return when the scheduler admitted it, or null while it waits */
  Instant admittedAt() {
    return admittedAt;
  }
}
