package org.apicflow.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apicflow.machine.Outcome;
import org.apicflow.scenario.Catalogue;
import org.apicflow.scenario.Scenario;
import org.apicflow.scenario.ScenarioException;
import org.apicflow.trace.OutcomeMatrix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code apicflow matrix [SCENARIO...]}: the outcome table, scenarios x fixes. */
@Command(
    name = "matrix",
    mixinStandardHelpOptions = true,
    description = "Print the outcome of every fix of every scenario (all built-ins by default).")
final class MatrixCommand implements Callable<Integer> {
  @Parameters(
      paramLabel = "SCENARIO",
      arity = "0..*",
      description = "scenario files or built-in ids")
  List<String> scenarios = new ArrayList<>();

  @Option(names = "--reasons", description = "also print why each run ended as it did")
  boolean reasons;

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
    List<String> ids = scenarios.isEmpty() ? Catalogue.ids() : scenarios;
    List<Scenario> loaded = new ArrayList<>();
    for (String id : ids) {
      try {
        loaded.add(Catalogue.resolve(id).withQuirks(quirks));
      } catch (ScenarioException e) {
        err.println("apicflow: " + e.getMessage());
        return ApicflowCommand.INVALID;
      } catch (IllegalArgumentException e) {
        err.println("apicflow: --quirk: " + e.getMessage());
        return ApicflowCommand.INVALID;
      }
    }
    OutcomeMatrix m = OutcomeMatrix.compute(loaded);
    out.print(m.table());
    if (reasons) {
      out.println();
      for (Scenario s : loaded) {
        for (String f : m.fixes()) {
          m.cell(s.id(), f)
              .map(Outcome::summary)
              .ifPresent(r -> out.println(s.id() + " [" + f + "]: " + r));
        }
      }
    }
    return 0;
  }
}
