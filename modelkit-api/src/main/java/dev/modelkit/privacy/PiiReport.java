package dev.modelkit.privacy;

import java.util.List;
import java.util.Map;

/**
 * The result of a personal-data scan over data sets or documents.
 *
 * @param scannedItems rows or documents scanned
 * @param scannedValues text values scanned
 * @param itemsWithFindings rows or documents holding at least one finding
 * @param countsByType findings per type (wire names), every type present
 * @param findings the first findings in scan order (at most 1000), without the values themselves
 */
public record PiiReport(long scannedItems, long scannedValues, long itemsWithFindings, Map<String, Long> countsByType,
    List<PiiFinding> findings) {

  /** Copies the collections. */
  public PiiReport {
    countsByType = countsByType == null ? Map.of() : Map.copyOf(countsByType);
    findings = findings == null ? List.of() : List.copyOf(findings);
  }

  /** @return the number of findings of every type */
  public long total() {
    return countsByType.values().stream().mapToLong(Long::longValue).sum();
  }
}
