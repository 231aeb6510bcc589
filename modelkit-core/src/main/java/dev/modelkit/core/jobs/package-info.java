/**
 * Training job orchestration of the default runtime: {@link dev.modelkit.core.jobs.JobManager}
 * persists jobs, admits them to a {@link dev.modelkit.core.jobs.ResourcePool} by priority then
 * arrival, runs them through the installed {@link dev.modelkit.spi.TrainingEngine}, streams their
 * progress, registers the model versions they produce, charges their cost at the configured
 * {@link dev.modelkit.core.jobs.Prices} and resumes interrupted work after a restart. Only the
 * environment records, the manager and the stored record types are public; the rest is
 * package-private.
 */
package dev.modelkit.core.jobs;
