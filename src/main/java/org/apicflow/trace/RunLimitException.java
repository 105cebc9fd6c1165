package org.apicflow.trace;

/**
 * A run stopped at one of its {@link RunLimits}: the message names the limit, its value and the
 * option that raises it, in one line. Bad input, not a bug: the command line exits 2.
 */
public final class RunLimitException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String option;

  RunLimitException(String message, String option) {
    super(message, null, false, false);
    this.option = option;
  }

  /** The command-line option that raises the limit. */
  public String option() {
    return option;
  }
}
