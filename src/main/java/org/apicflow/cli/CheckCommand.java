package org.apicflow.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apicflow.scenario.Catalogue;
import org.apicflow.scenario.Scenario;
import org.apicflow.trace.ExpectationCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code apicflow check SCENARIO...}: exit 0 all pass, 1 any fails, 2 a file is invalid. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = "Check the expectations of scenarios; one line per expectation.")
final class CheckCommand implements Callable<Integer> {
  @Parameters(
      paramLabel = "SCENARIO",
      arity = "1..*",
      description = "scenario files or built-in ids")
  List<String> scenarios;

  @Option(
      names = "--quirk",
      paramLabel = "NAME=VALUE",
      description =
          "set a modelling choice the SDM leaves open (repeatable; see 'What the SDM leaves open'"
              + " in the format reference)")
  List<String> quirks = new ArrayList<>();

  @Option(
      names = "--junit",
      paramLabel = "FILE",
      description =
          "also write the verdicts as JUnit XML (a test suite per scenario, a test case per"
              + " expectation), for graders and CI")
  java.nio.file.Path junit;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      // a bad --quirk is the command line's fault, named once, before any file
      quirks.forEach(org.apicflow.apic.Quirks.defaults()::with);
    } catch (IllegalArgumentException e) {
      err.println("apicflow: --quirk: " + e.getMessage());
      return ApicflowCommand.INVALID;
    }
    int passed = 0;
    int failed = 0;
    int worst = Failures.OK;
    JunitReport report = new JunitReport();
    // Each file on its own: one that is bad, hits a limit or trips a bug is reported and the
    // next is checked all the same.
    for (String arg : scenarios) {
      List<String> lines = new ArrayList<>();
      long started = System.nanoTime();
      List<ExpectationCheck.Result> results = new ArrayList<>();
      int p = 0;
      int f = 0;
      try {
        Scenario s = Catalogue.resolve(arg).withQuirks(quirks);
        if (s.expectations().isEmpty()) {
          lines.add("NOTE " + s.id() + ": no expectations to check");
        }
        for (ExpectationCheck.Result r : ExpectationCheck.check(s)) {
          results.add(r);
          lines.add(r.line());
          if (r.passed()) {
            p++;
          } else {
            f++;
          }
        }
      } catch (Throwable t) { // NOPMD: one file's failure, whatever it is, stops only that file
        lines = null;
        java.io.StringWriter one = new java.io.StringWriter();
        int code = Failures.report(t, new PrintWriter(one, true), arg);
        err.print(one);
        worst = Math.max(worst, code);
        report.addError(
            arg,
            one.toString().strip().lines().findFirst().orElse(""),
            System.nanoTime() - started);
        continue;
      }
      report.addSuite(arg, results, System.nanoTime() - started);
      lines.forEach(out::println);
      passed += p;
      failed += f;
    }
    out.println(passed + " passed, " + failed + " failed");
    out.flush();
    if (junit != null) {
      try {
        report.write(junit);
      } catch (java.io.IOException e) {
        err.println("apicflow: --junit: " + Failures.ioMessage(e));
        err.flush();
        return Failures.INVALID;
      }
    }
    if (worst != Failures.OK) {
      return worst;
    }
    return failed > 0 ? Failures.FAILED : Failures.OK;
  }
}
