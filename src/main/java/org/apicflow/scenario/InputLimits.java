package org.apicflow.scenario;

/**
 * How much a scenario file may ask of the loader: its size in bytes, how deeply its YAML nests and
 * how many nodes it expands to. A file past a limit is refused with a message naming the limit, its
 * value and the command-line option that raises it. The command line sets the process-wide limits
 * once, before any file is read.
 */
public record InputLimits(long maxBytes, int maxDepth, int maxNodes) {
  /** 4 MiB: the largest built-in is about 12 KB. */
  public static final long DEFAULT_BYTES = 4L * 1024 * 1024;

  /** Nesting of mappings and lists; the built-ins nest at most 10 deep. */
  public static final int DEFAULT_DEPTH = 100;

  /** Nodes after alias expansion; an alias bomb stops here. */
  public static final int DEFAULT_NODES = 200_000;

  public static final InputLimits DEFAULT =
      new InputLimits(DEFAULT_BYTES, DEFAULT_DEPTH, DEFAULT_NODES);

  public static final String BYTES_OPTION = "--max-file-size";
  public static final String DEPTH_OPTION = "--max-depth";
  public static final String NODES_OPTION = "--max-nodes";

  private static volatile InputLimits current = DEFAULT;

  public InputLimits {
    if (maxBytes < 1 || maxDepth < 1 || maxNodes < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
    // The parser holds the text as a Java string of code points.
    maxBytes = Math.min(maxBytes, Integer.MAX_VALUE - 16);
  }

  /** The limits every load uses. */
  public static InputLimits current() {
    return current;
  }

  /** Sets the limits for every later load (the command line does so once, at start). */
  public static void set(InputLimits limits) {
    current = java.util.Objects.requireNonNull(limits);
  }

  /** "4 MB" for whole mebibytes, else the bytes. */
  static String size(long bytes) {
    if (bytes % (1024 * 1024) == 0) {
      return bytes / (1024 * 1024) + " MB";
    }
    if (bytes % 1024 == 0) {
      return bytes / 1024 + " KB";
    }
    return bytes + " bytes";
  }
}
