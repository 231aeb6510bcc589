/**
 * The embeddable web console: {@link dev.modelkit.dashboard.Dashboard} and the pluggable {@link
 * dev.modelkit.dashboard.DashboardAuthenticator}.
 */
package dev.modelkit.dashboard;
