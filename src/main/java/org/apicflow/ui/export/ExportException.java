package org.apicflow.ui.export;

/** An export that cannot be done as asked; the message is one line, fit to show the user. */
public final class ExportException extends RuntimeException {
  public ExportException(String message) {
    super(message);
  }

  public ExportException(String message, Throwable cause) {
    super(message, cause);
  }
}
