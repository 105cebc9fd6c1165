package org.apicflow.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level command: {@code apicflow run | check | matrix}. */
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
      ImportCommand.class
    },
    footer = {
      "",
      "SCENARIO is a path to a scenario file or a built-in id (see 'apicflow matrix').",
      "Run with no arguments to open the window."
    })
public final class ApicflowCommand implements Callable<Integer> {
  /** Exit code for a bad scenario file or bad arguments. */
  public static final int INVALID = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

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
    CommandLine cl = new CommandLine(new ApicflowCommand());
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler(
        (ex, a) -> {
          err.println("apicflow: " + ex.getMessage());
          err.println("Try 'apicflow --help'.");
          return INVALID;
        });
    cl.setExecutionExceptionHandler(
        (ex, c, parseResult) -> {
          err.println("apicflow: internal error: " + ex);
          return 3;
        });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }
}
