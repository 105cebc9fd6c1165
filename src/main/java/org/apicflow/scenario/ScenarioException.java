package org.apicflow.scenario;

/**
 * A scenario that cannot be loaded: what is wrong and where (file, line, column, key). The message
 * is one line, fit to print as it is: {@code file:line:col: key: what}.
 */
public final class ScenarioException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;
  private final int column;
  private final String key;
  private final String problem;

  public ScenarioException(String file, int line, int column, String key, String problem) {
    super(format(file, line, column, key, problem));
    this.file = file;
    this.line = line;
    this.column = column;
    this.key = key;
    this.problem = problem;
  }

  private static String format(String file, int line, int column, String key, String problem) {
    String where = file + ":" + line + ":" + column + ": ";
    return key.isEmpty() ? where + problem : where + key + ": " + problem;
  }

  public String file() {
    return file;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  /** The key path, e.g. {@code kernels.first.functions.start_kernel.ops[3].op}. */
  public String key() {
    return key;
  }

  public String problem() {
    return problem;
  }
}
