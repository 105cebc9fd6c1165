package org.apicflow.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apicflow.scenario.Templates;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code apicflow new lesson|bug FILE}: writes a commented template that passes check. */
@Command(
    name = "new",
    mixinStandardHelpOptions = true,
    description =
        "Write a new scenario file from a commented template: 'lesson' (one IPI, followed"
            + " step by step) or 'bug' (a run that goes wrong and a fix). It passes 'check'.")
final class NewCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "KIND", description = "lesson or bug")
  String kind;

  @Parameters(index = "1", paramLabel = "FILE", description = "the file to write")
  Path file;

  @Option(names = "--force", description = "replace FILE if it exists")
  boolean force;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Templates.KINDS.contains(kind)) {
      err.println(
          "apicflow: new: unknown kind '"
              + kind
              + "' (kinds: "
              + String.join(", ", Templates.KINDS)
              + ")");
      return Failures.INVALID;
    }
    if (Files.isDirectory(file)) {
      err.println("apicflow: new: " + file + ": is a directory");
      return Failures.INVALID;
    }
    if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !force) {
      err.println("apicflow: new: " + file + ": exists already; --force replaces it");
      return Failures.INVALID;
    }
    if (Files.exists(file) && !Files.isRegularFile(file)) {
      err.println("apicflow: new: " + file + ": is not a regular file; only files are written");
      return Failures.INVALID;
    }
    Path dir = file.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      err.println("apicflow: new: " + file + ": no such folder " + dir);
      return Failures.INVALID;
    }
    String text = Templates.text(kind, Templates.idFor(file.getFileName().toString()));
    try {
      org.apicflow.trace.export.AtomicFiles.writeText(file, text);
    } catch (IOException e) {
      err.println("apicflow: new: " + Failures.ioMessage(e));
      return Failures.INVALID;
    }
    out.println("wrote " + file + " (a " + kind + "; apicflow check " + file + " checks it)");
    out.flush();
    return Failures.OK;
  }
}
