package dev.modelkit.experiment;

/**
 * An event of a batch that was not recorded, and why.
 *
 * @param index its position in the batch
 * @param unitId its unit
 * @param metric its metric
 * @param reason what is wrong and how to fix it
 */
public record RejectedEvent(int index, String unitId, String metric, String reason) {}
