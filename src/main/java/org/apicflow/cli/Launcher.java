package org.apicflow.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.apicflow.launch.Relaunch;
import org.apicflow.scenario.Catalogue;

/**
 * The jar's main class. With no arguments it opens the window; with a scenario file or a built-in
 * id as its only argument (a double-click on a scenario file, {@code apicflow pending-ipi}) it
 * opens the window on that scenario; otherwise it is the command line. Not a JavaFX Application, so
 * the shaded jar starts on a plain class path.
 */
public final class Launcher {
  private static final Set<String> OPTIONS = Set.of("help", "--help", "-h", "--version", "-V");

  private Launcher() {}

  public static void main(String[] args) {
    if (opensWindow(args)) {
      // from the jar, the window opens in a second Java runtime with the installed app's options
      // and its class-data archive (Relaunch); here when that is off or cannot be
      OptionalInt relaunched = Relaunch.run(args);
      if (relaunched.isPresent()) {
        System.exit(relaunched.getAsInt());
      }
      org.apicflow.ui.ApicFlowApp.launchApp(args);
      return;
    }
    Optional<String> unknown = unknownScenario(args);
    if (unknown.isPresent()) {
      System.err.println(unknown.get());
      System.exit(ApicflowCommand.INVALID);
    }
    System.exit(ApicflowCommand.execute(args));
  }

  /** No arguments, or a single existing file or built-in id that is not a command name. */
  static boolean opensWindow(String[] args) {
    if (args.length == 0) {
      return true;
    }
    if (args.length != 1 || isCommand(args[0]) || args[0].startsWith("-")) {
      return false;
    }
    return Files.isRegularFile(Path.of(args[0])) || Catalogue.isBuiltIn(args[0]);
  }

  /**
   * The one line for a single argument that names neither a command, a scenario file nor a built-in
   * scenario, with the nearest built-in ids; empty when the argument is something else (the command
   * line then says what it makes of it).
   */
  static Optional<String> unknownScenario(String[] args) {
    if (args.length != 1 || opensWindow(args)) {
      return Optional.empty();
    }
    String a = args[0];
    if (a.isBlank() || isCommand(a) || a.startsWith("-")) {
      return Optional.empty();
    }
    if (looksLikePath(a)) {
      String why = Files.isDirectory(Path.of(a)) ? "is a folder, not a scenario file" : "not found";
      return Optional.of("apicflow: " + a + ": " + why + " (see 'apicflow --help')");
    }
    List<String> near = nearest(a, Catalogue.ids(), 3);
    String command =
        new picocli.CommandLine(new ApicflowCommand())
            .getSubcommands().keySet().stream()
                .filter(
                    c ->
                        org.apicflow.scenario.Spelling.distance(a.toLowerCase(Locale.ROOT), c) <= 2)
                .findFirst()
                .map(c -> "; did you mean the command '" + c + "'?")
                .orElse("");
    return Optional.of(
        "apicflow: '"
            + org.apicflow.scenario.ScenarioException.clip(a, 80)
            + "' is neither a command, a scenario file nor a built-in scenario"
            + command
            + (near.isEmpty() ? "" : "; nearest built-ins: " + String.join(", ", near))
            + " (see 'apicflow --help')");
  }

  /** A subcommand of the command line (whichever it has) or a help/version word. */
  static boolean isCommand(String a) {
    return OPTIONS.contains(a)
        || new picocli.CommandLine(new ApicflowCommand()).getSubcommands().containsKey(a);
  }

  private static boolean looksLikePath(String a) {
    String l = a.toLowerCase(Locale.ROOT);
    return a.contains("/")
        || a.contains("\\")
        || l.endsWith(".yaml")
        || l.endsWith(".yml")
        || l.endsWith(".json")
        || l.endsWith(".apicflow")
        || Files.exists(Path.of(a));
  }

  /** Up to {@code most} ids, closest first (a shared part counts as close). */
  static List<String> nearest(String word, List<String> ids, int most) {
    String w = word.toLowerCase(Locale.ROOT);
    return ids.stream()
        .sorted(Comparator.comparingInt((String id) -> closeness(w, id)).thenComparing(id -> id))
        .limit(most)
        .toList();
  }

  private static int closeness(String w, String id) {
    String i = id.toLowerCase(Locale.ROOT);
    int d = org.apicflow.scenario.Spelling.distance(w, i);
    if (i.contains(w) || w.contains(i)) {
      d = Math.min(d, Math.abs(i.length() - w.length()) / 4);
    }
    return d;
  }
}
