package dev.modelkit.spi;

import dev.modelkit.ModelKitException;

/**
 * A document could not be turned into text: it is encrypted, truncated, not what its name says,
 * over a limit, or otherwise unreadable. Knowledge stores report it for that document and carry on
 * with the rest of the batch. The message names the file, what is wrong and what to do.
 */
public class DocumentParseException extends ModelKitException {
  private static final long serialVersionUID = 1L;

  /** @param message what is wrong with the document and how to fix it */
  public DocumentParseException(String message) {
    super(message);
  }

  /**
   * @param message what is wrong with the document and how to fix it
   * @param cause the underlying failure
   */
  public DocumentParseException(String message, Throwable cause) {
    super(message, cause);
  }
}
