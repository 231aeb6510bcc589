package dev.modelkit.training;

import dev.modelkit.config.Checks;
import java.util.List;

/**
 * An existing classifier file to register as a model version, so that it can be served and
 * A/B-tested against trained ones.
 *
 * <p>The model takes one float tensor of shape {@code [rows, inputFields.size()]}, the fields in
 * the listed order, and returns one tensor {@code [rows, labels.size()]} of class scores: either
 * probabilities or logits (a softmax is applied when a row's scores do not sum to 1).
 *
 * @param modelName the model the version belongs to
 * @param format the file format
 * @param source the file or directory; relative paths resolve against the caller's data root
 * @param inputFields the numeric input fields, in the tensor's column order
 * @param labels the classes, in the output's column order
 */
public record ModelImport(String modelName, ModelFormat format, String source, List<String> inputFields, List<String> labels) {

  /** Validates that every part is present. */
  public ModelImport {
    Checks c = new Checks("ModelImport");
    c.notBlank("modelName", modelName);
    c.required("format", format);
    c.notBlank("source", source);
    c.check(inputFields != null && !inputFields.isEmpty(), "inputFields", inputFields, "list at least one field");
    c.check(labels != null && labels.size() >= 2, "labels", labels, "list at least two classes");
    c.noBlanks("inputFields", inputFields);
    c.noBlanks("labels", labels);
    c.throwIfAny();
    inputFields = List.copyOf(inputFields);
    labels = List.copyOf(labels);
  }
}
