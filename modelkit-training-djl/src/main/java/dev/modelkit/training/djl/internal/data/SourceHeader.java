package dev.modelkit.training.djl.internal.data;

import dev.modelkit.training.DataType;
import java.util.List;
import java.util.Map;

/**
 * The columns a source declares before its records, and the types its format states (ARFF does;
 * CSV and JSON Lines do not).
 *
 * @param columns column names in record order
 * @param declaredTypes column to type, for formats that declare them
 * @param nominalValues column to its declared values (ARFF nominal attributes)
 */
public record SourceHeader(List<String> columns, Map<String, DataType> declaredTypes, Map<String, List<String>> nominalValues) {
  /** Copies the collections. */
  public SourceHeader {
    columns = List.copyOf(columns);
    declaredTypes = Map.copyOf(declaredTypes);
    nominalValues = Map.copyOf(nominalValues);
  }
}
