package dev.modelkit.dashboard.internal;

/** A request the dashboard cannot act on; answered 400 with the message. */
final class BadRequest extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BadRequest(String message) {
    super(message);
  }
}
