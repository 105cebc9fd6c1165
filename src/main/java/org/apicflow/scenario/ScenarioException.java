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
    this(file, line, column, key, problem, null);
  }

  public ScenarioException(
      String file, int line, int column, String key, String problem, Throwable cause) {
    super(
        format(clip(file, 200), line, column, clipKey(key), clipQuoted(problem)),
        cause,
        false,
        cause != null);
    this.file = file;
    this.line = line;
    this.column = column;
    this.key = clipKey(key);
    this.problem = clipQuoted(problem);
  }

  /** The most of a value a message quotes. */
  public static final int QUOTE_LIMIT = 80;

  /**
   * A value fit to quote in a one-line message: control characters escaped, at most {@link
   * #QUOTE_LIMIT} characters, then "..." and how long it was.
   */
  public static String clip(String value) {
    return clip(value, QUOTE_LIMIT);
  }

  public static String clip(String value, int limit) {
    if (value == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder(Math.min(value.length(), limit) + 32);
    int shown = 0;
    for (int i = 0; i < value.length() && shown < limit; i++, shown++) {
      char c = value.charAt(i);
      switch (c) {
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\ufeff' -> b.append("\\ufeff");
        default -> {
          int type = Character.getType(c);
          if (Character.isISOControl(c)
              || type == Character.LINE_SEPARATOR
              || type == Character.PARAGRAPH_SEPARATOR
              || type == Character.FORMAT
              || type == Character.UNASSIGNED) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    if (value.length() > limit) {
      b.append("... (").append(value.length()).append(" characters)");
    }
    return b.toString();
  }

  /** Each segment of a key path clipped. */
  private static String clipKey(String key) {
    if (key == null) {
      return "";
    }
    if (key.length() <= QUOTE_LIMIT) {
      return clip(key, QUOTE_LIMIT);
    }
    StringBuilder b = new StringBuilder();
    for (String part : key.split("\\.", -1)) {
      if (b.length() > 0) {
        b.append('.');
      }
      b.append(clip(part, QUOTE_LIMIT));
      if (b.length() > 4 * QUOTE_LIMIT) {
        b.append("...");
        break;
      }
    }
    return b.toString();
  }

  /**
   * The safety net under every message: each '...'-quoted value clipped, control characters
   * escaped, so a message stays one readable line whatever the input held.
   */
  static String clipQuoted(String problem) {
    if (problem == null) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    int i = 0;
    while (i < problem.length()) {
      int open = problem.indexOf('\'', i);
      if (open < 0) {
        b.append(clip(problem.substring(i), Integer.MAX_VALUE - 1));
        break;
      }
      int close = problem.indexOf('\'', open + 1);
      if (close < 0) {
        b.append(clip(problem.substring(i), 4 * QUOTE_LIMIT));
        break;
      }
      b.append(clip(problem.substring(i, open), Integer.MAX_VALUE - 1));
      b.append('\'').append(clip(problem.substring(open + 1, close), QUOTE_LIMIT)).append('\'');
      i = close + 1;
    }
    return b.toString();
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
