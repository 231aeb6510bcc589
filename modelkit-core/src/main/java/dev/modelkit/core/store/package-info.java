/**
 * The embedded stores every ModelKit home starts with: {@link
 * dev.modelkit.core.store.SqliteMetadataStore} (objects and the hash-chained audit trail in
 * {@code <home>/metadata.db}), {@link dev.modelkit.core.store.FileArtifactStore}
 * (content-addressed files in {@code <home>/artifacts}) and {@link
 * dev.modelkit.core.store.HomeLock} (one process per home). Their providers, {@code sqlite} and
 * {@code file}, are registered for {@link java.util.ServiceLoader}.
 */
package dev.modelkit.core.store;
