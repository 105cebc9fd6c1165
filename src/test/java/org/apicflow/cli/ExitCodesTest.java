package org.apicflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apicflow.cli.CliTest.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit 0 ok, 1 an expectation failed, 2 bad input or a limit, 70 a bug; one line each. */
class ExitCodesTest {
  static Result run(String... args) {
    return CliTest.run(args);
  }

  /** The command line on a thread with a 256 KB stack. */
  static Result onSmallStack(String... args) {
    Result[] r = new Result[1];
    Thread t = new Thread(null, () -> r[0] = run(args), "small-stack", 256 * 1024);
    t.start();
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return r[0];
  }

  static String report(Throwable t, boolean debug) {
    StringWriter w = new StringWriter();
    Failures.debug = debug;
    try {
      int code = Failures.report(t, new PrintWriter(w));
      return code + " " + w;
    } finally {
      Failures.debug = false;
    }
  }

  @Test
  void aBugIsSeventyWithOneLineAndTheStackTraceOnlyWithDebug() {
    RuntimeException bug = new IllegalStateException("the queue is empty");
    assertThat(report(bug, false))
        .isEqualTo(
            "70 apicflow: internal error (a bug): java.lang.IllegalStateException: the queue is"
                + " empty; run with --debug for the stack trace"
                + System.lineSeparator());
    String debug = report(bug, true);
    assertThat(debug).startsWith("70 apicflow: internal error (a bug): ").contains("\tat ");
  }

  @Test
  void runningOutOfStackOrHeapIsCaughtAndSaidInOneLine() {
    assertThat(report(new StackOverflowError(), false))
        .startsWith("70 apicflow: internal error (a bug): the stack ran out; run with --debug")
        .hasLineCount(1);
    assertThat(report(new OutOfMemoryError("Java heap space"), false))
        .startsWith("70 apicflow: internal error (a bug): out of memory")
        .hasLineCount(1);
  }

  @Test
  void aRealStackOverflowIsCaughtAtTheTopAndInEachFileOfACheck(@TempDir Path dir)
      throws IOException {
    // With the depth limit lifted beyond what a small stack holds, the YAML composer recurses
    // until the stack runs out: a real StackOverflowError, thrown deep inside a command.
    Path deep = dir.resolve("deep.yaml");
    // 50,000 block sequences nested on one line ("- - - ... x"): read in linear time, and too
    // deep for a 256 KB stack however small the compiled frames are
    Files.writeString(deep, "format: apicflow/1\nmachine:\n  " + "- ".repeat(50_000) + "x\n");
    Result run = onSmallStack("run", "--max-depth", "10000000", deep.toString());
    assertThat(run.code()).as(run.err()).isEqualTo(70);
    assertThat(run.err())
        .isEqualTo(
            "apicflow: internal error (a bug): the stack ran out; run with --debug for the stack"
                + " trace"
                + System.lineSeparator());
    Result check = run("check", "--max-depth", "10000000", deep.toString(), CliTest.SELF_IPI);
    assertThat(check.code()).as(check.err()).isEqualTo(70);
    assertThat(check.err())
        .isEqualTo(
            "apicflow: "
                + deep
                + ": internal error (a bug): the stack ran out; run with --debug for the stack"
                + " trace"
                + System.lineSeparator());
    assertThat(check.out()).contains("PASS self-ipi [none]");
  }

  @Test
  void checkGoesOnAfterABadFileAndExitsWithTheWorstCode(@TempDir Path dir) throws IOException {
    Path deep = dir.resolve("deep.yaml");
    Files.writeString(deep, "format: apicflow/1\nmachine: " + "[".repeat(5000) + "]".repeat(5000));
    Path missing = dir.resolve("missing.yaml");
    Result r = run("check", deep.toString(), CliTest.SELF_IPI, missing.toString(), "pending-ipi");
    assertThat(r.code()).isEqualTo(2);
    List<String> err = r.err().lines().toList();
    assertThat(err).hasSize(2);
    assertThat(err.get(0)).startsWith("apicflow: " + deep + ":2:").contains("--max-depth");
    assertThat(err.get(1)).isEqualTo("apicflow: " + missing + ":1:1: no such file");
    assertThat(r.out()).contains("PASS self-ipi [none]").contains("PASS pending-ipi [none]");
    assertThat(r.out()).doesNotContain("FAIL");
  }

  @Test
  void aRunPastTheEventLimitExitsTwoNamingTheLimitAndItsOption() {
    Result r = run("run", "pending-ipi", "--max-events", "20");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "apicflow: the run (fix none) records more than 20 events, the limit for one run;"
                + " --max-events raises it"
                + System.lineSeparator());
    assertThat(r.out()).isEmpty();
    // raised, the same run goes through
    assertThat(run("run", "pending-ipi", "--max-events", "1000").code()).isZero();
  }

  @Test
  void checkNamesTheFileWhoseRunHitALimit() {
    Result r = run("check", CliTest.SELF_IPI, "--max-events", "5");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .startsWith("apicflow: " + CliTest.SELF_IPI + ": the run (fix none) records more than 5")
        .hasLineCount(1);
  }

  @Test
  void aRunPastTheMemoryLimitExitsTwo() {
    Result r = run("run", "pending-ipi", "--max-memory", "4K");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .startsWith("apicflow: the run (fix none) needs more than 1 MB of memory")
        .contains("--max-memory raises it")
        .hasLineCount(1);
  }

  @Test
  void badLimitValuesAreBadArguments() {
    for (String[] args :
        List.of(
            new String[] {"run", "pending-ipi", "--max-events", "0"},
            new String[] {"run", "pending-ipi", "--max-memory", "lots"},
            new String[] {"check", "pending-ipi", "--max-depth", "-3"},
            new String[] {"check", "pending-ipi", "--max-file-size", "12Q"})) {
      Result r = run(args);
      assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(r.err()).as(String.join(" ", args)).hasLineCount(1).startsWith("apicflow: --max-");
    }
  }

  @Test
  void limitsSetForOneCommandLineDoNotOutliveIt() {
    assertThat(run("run", "pending-ipi", "--max-events", "20").code()).isEqualTo(2);
    assertThat(run("run", "pending-ipi").code()).isZero();
  }

  @Test
  void anUnknownOptionIsOneLineNamingTheCommandsHelp() {
    Result r = run("run", "--bogus", "pending-ipi");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "apicflow: Unknown option: '--bogus' (see 'apicflow run --help')"
                + System.lineSeparator());
  }

  @Test
  void everyHelpEndsItsSentencesAndFitsItsWidth() {
    for (String cmd : List.of("", "run", "check", "matrix", "export")) {
      Result r = cmd.isEmpty() ? run("--help") : run(cmd, "--help");
      assertThat(r.code()).isZero();
      for (String line : r.out().lines().toList()) {
        assertThat(line.length()).as(cmd + ": " + line).isLessThanOrEqualTo(100);
      }
    }
    // the list of commands shows each one's first sentence whole
    String top = run("--help").out();
    String commands = top.substring(top.indexOf("Commands:"), top.indexOf("SCENARIO is"));
    for (String cmd : List.of("run", "check", "matrix", "export")) {
      int at = commands.indexOf("\n  " + cmd + " ");
      int next = commands.indexOf("\n  ", at + 3);
      while (next >= 0 && commands.startsWith("\n   ", next)) {
        next = commands.indexOf("\n  ", next + 3);
      }
      String entry = commands.substring(at, next < 0 ? commands.length() : next).strip();
      assertThat(entry).as(cmd).endsWith(".");
    }
  }
}
