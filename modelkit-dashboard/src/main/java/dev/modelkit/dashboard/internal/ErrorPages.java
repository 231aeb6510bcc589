package dev.modelkit.dashboard.internal;

import dev.modelkit.AccessDeniedException;
import dev.modelkit.ConfigurationException;
import dev.modelkit.InvalidStateException;
import dev.modelkit.NotFoundException;
import dev.modelkit.ProviderNotFoundException;

/** Maps the API's exceptions to HTTP statuses and the words shown to people. */
final class ErrorPages {
  private ErrorPages() {}

  static int status(Throwable e) {
    if (e instanceof AccessDeniedException) {
      return 403;
    }
    if (e instanceof NotFoundException) {
      return 404;
    }
    if (e instanceof ConfigurationException || e instanceof BadRequest || e instanceof IllegalArgumentException) {
      return 400;
    }
    if (e instanceof InvalidStateException) {
      return 409;
    }
    if (e instanceof ProviderNotFoundException) {
      return 503;
    }
    return 500;
  }

  static String title(int status) {
    return switch (status) {
      case 400 -> "Bad request";
      case 401 -> "Not signed in";
      case 403 -> "Forbidden";
      case 404 -> "Not found";
      case 405 -> "Method not allowed";
      case 409 -> "Not possible now";
      case 503 -> "Not available";
      default -> "Error";
    };
  }

  /**
   * The message people see. A NotFoundException's own text is shown (it names only what the caller
   * asked for); an unexpected error shows its type only, its details go to the log.
   */
  static String describe(Throwable e) {
    int s = status(e);
    if (s == 500) {
      return "The dashboard failed to render this page (" + e.getClass().getSimpleName() + "); the server log has the details.";
    }
    return e.getMessage() == null ? title(s) : e.getMessage();
  }
}
