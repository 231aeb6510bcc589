package dev.modelkit.core.monitoring.internal;

import dev.modelkit.monitoring.AlertRule;

/**
 * An alert rule as stored (kind {@value MonitorStore#RULE}).
 *
 * @param modelId the model it watches
 * @param rule the rule
 */
public record StoredRule(String modelId, AlertRule rule) {}
