package dev.modelkit.training;

import dev.modelkit.config.Checks;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which fields of a data source are inputs and outputs, and how to read them.
 *
 * @param inputFields feature columns
 * @param outputFields label columns; one per task
 * @param dataTypes type per field; fields not listed are inferred from the data
 */
public record DataSchema(List<String> inputFields, List<String> outputFields, Map<String, DataType> dataTypes) {

  /** Validates that inputs and outputs are given, distinct and typed consistently. */
  public DataSchema {
    Checks c = new Checks("DataSchema");
    c.check(inputFields != null && !inputFields.isEmpty(), "inputFields", inputFields == null ? null : inputFields,
        "list at least one field");
    c.check(outputFields != null && !outputFields.isEmpty(), "outputFields", outputFields == null ? null : outputFields,
        "list at least one field");
    c.noBlanks("inputFields", inputFields);
    c.noBlanks("outputFields", outputFields);
    if (inputFields != null && outputFields != null) {
      Set<String> in = new HashSet<>(inputFields);
      for (String o : outputFields) {
        c.check(!in.contains(o), "outputFields", o, "not also be an input field");
      }
      c.check(in.size() == inputFields.size(), "inputFields", inputFields, "not repeat a field");
    }
    c.throwIfAny();
    inputFields = List.copyOf(inputFields);
    outputFields = List.copyOf(outputFields);
    dataTypes = dataTypes == null ? Map.of() : Map.copyOf(dataTypes);
  }
}
