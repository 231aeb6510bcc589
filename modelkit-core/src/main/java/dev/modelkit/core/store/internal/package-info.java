/**
 * Private helpers of the embedded stores: the SQLite dialect, schema migrations, the group-commit
 * writer, the reader pool, row mapping, durable file operations. Not an API; may change at any
 * release.
 */
package dev.modelkit.core.store.internal;
