package org.apicflow.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apicflow.scenario.InputLimits;
import org.apicflow.trace.RunLimits;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The top-level command: {@code apicflow run | check | matrix | export}. Its options (--debug and
 * the limits) are inherited by every subcommand, and every failure of every command goes through
 * {@link Failures}: exit 0 ok, 1 an expectation failed, 2 bad input or a limit, 70 a bug.
 */
@Command(
    name = "apicflow",
    mixinStandardHelpOptions = true,
    version = "APICFlow 0.1.0",
    description = "Simulates x86 local APICs through a crash, kexec and kdump.",
    subcommands = {
      RunCommand.class,
      CheckCommand.class,
      MatrixCommand.class,
      ExportCommand.class,
      ImportCommand.class,
      NewCommand.class
    },
    footer = {
      "",
      "SCENARIO is a path to a scenario file or a built-in id (see 'apicflow matrix').",
      "Run with no arguments to open the window.",
      "",
      "Exit status: 0 ok; 1 an expectation failed; 2 bad input, a bad argument or a limit"
          + " reached; 70 an internal error (a bug: --debug prints the stack trace)."
    })
public final class ApicflowCommand implements Callable<Integer> {
  /** Exit code for a bad scenario file or bad arguments. */
  public static final int INVALID = Failures.INVALID;

  /** Exit code for an internal error (a bug). */
  public static final int INTERNAL = Failures.INTERNAL;

  /** The widest help text, in columns; narrower terminals wrap at their width. */
  static final int USAGE_WIDTH = 100;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "print the stack trace of an internal error")
  boolean debug;

  @Option(
      names = InputLimits.BYTES_OPTION,
      scope = ScopeType.INHERIT,
      paramLabel = "SIZE",
      description = "the largest scenario file read, e.g. 16M; default: 4M")
  String maxFileSize;

  @Option(
      names = InputLimits.DEPTH_OPTION,
      scope = ScopeType.INHERIT,
      paramLabel = "N",
      description = "how deeply a scenario file's YAML may nest; default: 100")
  Integer maxDepth;

  @Option(
      names = InputLimits.NODES_OPTION,
      scope = ScopeType.INHERIT,
      paramLabel = "N",
      description = "how many YAML nodes a scenario file may expand to; default: 200000")
  Integer maxNodes;

  @Option(
      names = RunLimits.EVENTS_OPTION,
      scope = ScopeType.INHERIT,
      paramLabel = "N",
      description = "how many events one run may record; default: 1000000")
  Long maxEvents;

  @Option(
      names = RunLimits.MEMORY_OPTION,
      scope = ScopeType.INHERIT,
      paramLabel = "SIZE",
      description =
          "how much memory one run's trace may take, e.g. 512M; default: a quarter of"
              + " the heap, at most 1G")
  String maxMemory;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  /** Runs the command line and returns the exit code; never throws. */
  public static int execute(String[] args) {
    return execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
  }

  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    ApicflowCommand root = new ApicflowCommand();
    Failures.debug = java.util.Arrays.asList(args).contains("--debug");
    try {
      CommandLine cl = new CommandLine(root);
      cl.setOut(out);
      cl.setErr(err);
      cl.setUsageHelpAutoWidth(true);
      cl.setUsageHelpWidth(USAGE_WIDTH);
      cl.setUsageHelpLongOptionsMaxWidth(24);
      cl.setParameterExceptionHandler(
          (ex, a) -> {
            String help =
                ex.getCommandLine() == null
                    ? "apicflow --help"
                    : ex.getCommandLine().getCommandSpec().qualifiedName() + " --help";
            String msg = ex.getMessage() == null ? "bad arguments" : ex.getMessage();
            err.println(
                "apicflow: "
                    + org.apicflow.scenario.ScenarioException.clip(msg, 300)
                    + " (see '"
                    + help
                    + "')");
            err.flush();
            return INVALID;
          });
      cl.setExecutionStrategy(
          parseResult -> {
            root.applyLimits();
            return new CommandLine.RunLast().execute(parseResult);
          });
      cl.setExecutionExceptionHandler((ex, c, parseResult) -> Failures.report(ex, err));
      int code = cl.execute(args);
      out.flush();
      err.flush();
      return code;
    } catch (Throwable t) { // NOPMD: the top of the program; errors too
      out.flush();
      return Failures.report(t, err);
    } finally {
      Failures.debug = false;
      InputLimits.set(InputLimits.DEFAULT);
      RunLimits.set(RunLimits.defaults());
    }
  }

  /** Sets the process-wide limits from the options; a bad value is a bad argument. */
  void applyLimits() {
    CommandLine cl = spec.commandLine();
    InputLimits in =
        new InputLimits(
            maxFileSize == null
                ? InputLimits.DEFAULT_BYTES
                : size(cl, InputLimits.BYTES_OPTION, maxFileSize),
            positive(cl, InputLimits.DEPTH_OPTION, maxDepth, InputLimits.DEFAULT_DEPTH),
            positive(cl, InputLimits.NODES_OPTION, maxNodes, InputLimits.DEFAULT_NODES));
    RunLimits run =
        new RunLimits(
            positive(cl, RunLimits.EVENTS_OPTION, maxEvents, RunLimits.DEFAULT_EVENTS),
            maxMemory == null
                ? RunLimits.defaultMemory()
                : size(cl, RunLimits.MEMORY_OPTION, maxMemory));
    InputLimits.set(in);
    RunLimits.set(run);
  }

  private static <T extends Number> T positive(CommandLine cl, String option, T v, T dflt) {
    if (v == null) {
      return dflt;
    }
    if (v.longValue() < 1) {
      throw new CommandLine.ParameterException(cl, option + ": " + v + " is not a positive number");
    }
    return v;
  }

  /** "4096", "512K", "16M", "2G" (powers of 1024). */
  static long size(CommandLine cl, String option, String text) {
    String t = text.strip().toUpperCase(Locale.ROOT);
    if (t.endsWith("B")) {
      t = t.substring(0, t.length() - 1);
    }
    int shift = 0;
    if (!t.isEmpty()) {
      switch (t.charAt(t.length() - 1)) {
        case 'K' -> shift = 10;
        case 'M' -> shift = 20;
        case 'G' -> shift = 30;
        default -> shift = -1;
      }
      if (shift >= 0) {
        t = t.substring(0, t.length() - 1);
      } else {
        shift = 0;
      }
    }
    try {
      long v = Long.parseLong(t.strip());
      if (v >= 1 && v <= (Long.MAX_VALUE >> 31)) {
        return v << shift;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new CommandLine.ParameterException(
        cl,
        option
            + ": '"
            + org.apicflow.scenario.ScenarioException.clip(text)
            + "' is not a size such as 512K, 16M or 2G");
  }
}
