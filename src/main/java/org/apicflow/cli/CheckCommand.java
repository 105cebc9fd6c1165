package org.apicflow.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apicflow.scenario.Catalogue;
import org.apicflow.scenario.Scenario;
import org.apicflow.scenario.ScenarioException;
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

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Scenario> loaded = new ArrayList<>();
    boolean invalid = false;
    for (String arg : scenarios) {
      try {
        loaded.add(Catalogue.resolve(arg).withQuirks(quirks));
      } catch (ScenarioException e) {
        err.println("apicflow: " + e.getMessage());
        invalid = true;
      } catch (IllegalArgumentException e) {
        err.println("apicflow: --quirk: " + e.getMessage());
        return ApicflowCommand.INVALID;
      }
    }
    int passed = 0;
    int failed = 0;
    for (Scenario s : loaded) {
      if (s.expectations().isEmpty()) {
        out.println("NOTE " + s.id() + ": no expectations to check");
      }
      for (ExpectationCheck.Result r : ExpectationCheck.check(s)) {
        out.println(r.line());
        if (r.passed()) {
          passed++;
        } else {
          failed++;
        }
      }
    }
    out.println(passed + " passed, " + failed + " failed");
    if (invalid) {
      return ApicflowCommand.INVALID;
    }
    return failed > 0 ? 1 : 0;
  }
}
