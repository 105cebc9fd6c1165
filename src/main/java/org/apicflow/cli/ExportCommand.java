package org.apicflow.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apicflow.scenario.Catalogue;
import org.apicflow.scenario.Scenario;
import org.apicflow.scenario.ScenarioException;
import org.apicflow.trace.Simulator;
import org.apicflow.trace.Trace;
import org.apicflow.trace.export.AtomicFiles;
import org.apicflow.trace.export.ChromeTraceExporter;
import org.apicflow.trace.export.CsvExporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code apicflow export SCENARIO [--fix NAME] --format json|csv --out PATH}. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Export a run's trace: Chrome Trace Event JSON (opens in Perfetto) or CSV.",
      "Files are written to a temporary name and moved into place."
    })
final class ExportCommand implements Callable<Integer> {
  enum Format {
    json,
    csv
  }

  @Parameters(paramLabel = "SCENARIO", description = "a scenario file or a built-in id")
  String scenario;

  @Option(
      names = "--fix",
      paramLabel = "NAME",
      defaultValue = "none",
      description = "default: none")
  String fix;

  @Option(
      names = "--format",
      defaultValue = "json",
      description = "json (Chrome Trace Event format) or csv; default: json")
  Format format;

  @Option(names = "--out", paramLabel = "PATH", required = true, description = "the file to write")
  Path out;

  @Option(names = "--overwrite", description = "replace PATH if it exists")
  boolean overwrite;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    Scenario s;
    try {
      s = Catalogue.resolve(scenario);
    } catch (ScenarioException e) {
      err.println("apicflow: " + e.getMessage());
      return ApicflowCommand.INVALID;
    }
    if (!s.hasFix(fix)) {
      err.println(
          "apicflow: --fix: scenario '"
              + s.id()
              + "' has no fix '"
              + fix
              + "' (it has: "
              + String.join(", ", s.fixNames())
              + ")");
      return ApicflowCommand.INVALID;
    }
    try {
      AtomicFiles.checkWritable(out, overwrite);
    } catch (FileAlreadyExistsException e) {
      err.println("apicflow: --out: " + out + " exists already (add --overwrite to replace it)");
      return ApicflowCommand.INVALID;
    } catch (IOException e) {
      err.println("apicflow: --out: " + e.getMessage());
      return ApicflowCommand.INVALID;
    }
    Trace t = Simulator.run(s.program(fix));
    try {
      AtomicFiles.write(
          out,
          overwrite,
          o -> {
            if (format == Format.json) {
              ChromeTraceExporter.write(t, o);
            } else {
              CsvExporter.write(t, o);
            }
          });
    } catch (IOException e) {
      err.println("apicflow: --out: cannot write " + out + ": " + e.getMessage());
      return ApicflowCommand.INVALID;
    }
    spec.commandLine().getOut().println("wrote " + out + " (" + t.size() + " events)");
    return 0;
  }
}
