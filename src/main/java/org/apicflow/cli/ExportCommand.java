package org.apicflow.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apicflow.scenario.Catalogue;
import org.apicflow.scenario.Scenario;
import org.apicflow.scenario.ScenarioException;
import org.apicflow.trace.Simulator;
import org.apicflow.trace.Trace;
import org.apicflow.ui.ScenarioChoice;
import org.apicflow.ui.export.ExportException;
import org.apicflow.ui.export.ExportFormat;
import org.apicflow.ui.export.ExportProgress;
import org.apicflow.ui.export.ExportResult;
import org.apicflow.ui.export.ExportRunner;
import org.apicflow.ui.export.ExportSpec;
import org.apicflow.ui.export.ExportView;
import org.apicflow.ui.export.QuirkLineup;
import org.apicflow.ui.export.Shot;
import org.apicflow.ui.export.Shots;
import org.apicflow.ui.export.ViewState;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code apicflow export SCENARIO [--fix NAME] [--view V] [--at MARK | --step N | --all-marks |
 * --range FROM..TO] [--format png|gif|json|csv] [--scale 1|2|3] --out PATH}. Images are drawn by
 * the window's own views, off screen; with no display JavaFX runs headless (Monocle).
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Export a run as pictures (PNG, GIF) or as its trace (JSON, CSV).",
      "",
      "A PNG of the window, a panel, the compare grid or a contact sheet; PNG frames; an"
          + " animated GIF (a frame per step); or the trace as Chrome Trace Event JSON (opens in"
          + " Perfetto) or CSV. Without --at, --step, --all-marks or --range a picture shows the"
          + " last step and a GIF the whole run. Files are written to a temporary name and moved"
          + " into place (removed if the export is stopped, even by Ctrl-C); existing files are"
          + " kept unless --overwrite, and an export estimated above 1 GB needs --force. Needs no"
          + " display."
    },
    footer = {
      "",
      "Examples:",
      "  apicflow export pending-ipi --at oops --scale 2 --out oops.png",
      "  apicflow export pending-ipi --all-marks --out frames/",
      "  apicflow export pending-ipi --view machine --format gif \\",
      "      --range ipi-sent..oops --out a.gif",
      "  apicflow export pending-ipi --view contact-sheet --out sheet.png",
      "  apicflow export pending-ipi --compare-quirk soft-disabled-fixed=hold,drop,deliver \\",
      "      --out p4-qemu-kvm.png",
      "  apicflow export pending-ipi --format json --out trace.json",
      "",
      "With no DISPLAY, JavaFX draws headless (Monocle); APICFLOW_HEADLESS=1 forces that."
    })
final class ExportCommand implements Callable<Integer> {
  enum Format {
    png,
    gif,
    json,
    csv
  }

  @Parameters(
      paramLabel = "SCENARIO",
      description = "a scenario file, a built-in id, or a KVM trace file (told by its content)")
  String scenario;

  @Option(
      names = "--fix",
      paramLabel = "NAME",
      defaultValue = "none",
      description = "the fix to apply; default: none")
  String fix;

  @Option(
      names = "--view",
      paramLabel = "VIEW",
      description =
          "window, machine, timeline, code, compare (one machine view per fix) or contact-sheet"
              + " (the key moments in one image); default: window")
  String view;

  static final class Frames {
    @Option(names = "--at", paramLabel = "MARK", description = "the frame at a mark")
    String at;

    @Option(names = "--step", paramLabel = "N", description = "the frame at step N (0..size)")
    Integer step;

    @Option(
        names = "--all-marks",
        description = "a frame at every key moment (marks, oops, hang); png: one file each")
    boolean allMarks;

    @Option(
        names = "--range",
        paramLabel = "FROM..TO",
        description = "every step from FROM to TO (step numbers or marks); png: one file each")
    String range;
  }

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Frames frames;

  @Option(
      names = "--format",
      defaultValue = "png",
      paramLabel = "FORMAT",
      description = "png, gif, json (Chrome Trace Event format) or csv; default: png")
  Format format;

  @Option(
      names = "--scale",
      defaultValue = "1",
      paramLabel = "1|2|3",
      description = "pixels per point for images; default: 1")
  int scale;

  @Option(names = "--dark", description = "draw in the dark theme")
  boolean dark;

  @Option(
      names = "--presenter",
      description = "draw the window in presenter mode (large type, no event log)")
  boolean presenter;

  @Option(
      names = "--size",
      paramLabel = "WxH",
      defaultValue = "1280x800",
      description =
          "the window's size for the window and panel views (a panel is as big as in that"
              + " window); default: 1280x800")
  String size;

  @Option(
      names = "--out",
      paramLabel = "PATH",
      required = true,
      description = "the file to write; a folder for png with --all-marks or --range")
  Path out;

  @Option(
      names = "--quirk",
      paramLabel = "NAME=VALUE",
      description =
          "set a modelling choice the SDM leaves open (repeatable; see 'What the SDM leaves open'"
              + " in the format reference)")
  List<String> quirks = new ArrayList<>();

  @Option(
      names = "--compare-quirk",
      paramLabel = "NAME[=V1,V2,...]",
      description =
          "the compare grid lines up settings of a quirk instead of the fixes: the run of --fix"
              + " once under each setting given (all of them without =), aligned where the runs"
              + " part; implies --view compare")
  String compareQuirk;

  @Option(names = "--overwrite", description = "replace files that exist (regular files only)")
  boolean overwrite;

  @Option(names = "--force", description = "write an export even if it is estimated above 1 GB")
  boolean force;

  /** Exports estimated above this are refused without --force. */
  static final long FORCE_ABOVE = 1L << 30;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    if (KvmExport.isTrace(scenario)) {
      return KvmExport.run(this, spec.commandLine().getOut(), err);
    }
    try {
      ExportSpec s = plan();
      ExportRunner.checkTargets(s);
      long estimate = ExportRunner.estimateBytes(s);
      if (estimate > FORCE_ABOVE && !force) {
        throw new ExportException(
            String.format(
                "this export would write about %,d MB (%,d events, %,d frames), more than the"
                    + " 1 GB written without asking; --force writes it, a --range or --at"
                    + " writes less",
                estimate >> 20, s.trace().size(), s.frameCount()));
      }
      ExportResult r = ExportRunner.run(s, ExportProgress.NONE);
      String note = s.format().isImage() ? "" : " (" + s.trace().size() + " events)";
      spec.commandLine().getOut().println(r.summary() + note);
      return 0;
    } catch (ScenarioException e) {
      err.println("apicflow: " + e.getMessage());
    } catch (ExportException e) {
      err.println("apicflow: export: " + e.getMessage());
    } catch (IOException e) {
      err.println("apicflow: --out: cannot write " + out + ": " + reason(e, out));
    }
    return ApicflowCommand.INVALID;
  }

  /** Why writing failed, without the temporary file's name the user never chose. */
  static String reason(IOException e, Path target) {
    Path dir = target.toAbsolutePath().getParent();
    boolean temporary =
        e instanceof java.nio.file.FileSystemException f
            && f.getFile() != null
            && !Path.of(f.getFile()).toAbsolutePath().equals(target.toAbsolutePath());
    String in = temporary && dir != null ? "the folder " + dir + " takes no new file: " : "";
    if (e instanceof java.nio.file.AccessDeniedException) {
      return in + "permission denied";
    }
    if (e instanceof java.nio.file.NoSuchFileException) {
      return in + "no such file or folder";
    }
    if (e instanceof java.nio.file.FileAlreadyExistsException) {
      return "exists already (--overwrite replaces it)";
    }
    if (e instanceof java.nio.file.FileSystemException f) {
      return in
          + (f.getReason() != null
              ? f.getReason()
              : "the file system refused (" + e.getClass().getSimpleName() + ")");
    }
    String m = e.getMessage();
    return m == null || m.isBlank()
        ? e.getClass().getSimpleName()
        : org.apicflow.scenario.ScenarioException.clip(m, 300);
  }

  /** Everything decided and checked, nothing written yet. */
  private ExportSpec plan() throws ScenarioException {
    Scenario s;
    try {
      s = Catalogue.resolve(scenario).withQuirks(quirks);
    } catch (IllegalArgumentException e) {
      throw new ExportException("--quirk: " + e.getMessage());
    }
    if (!s.hasFix(fix)) {
      throw new ExportException("--fix: " + s.noSuchFix(fix));
    }
    ExportView v =
        view == null
            ? ExportView.WINDOW
            : ExportView.fromCliName(view.toLowerCase(Locale.ROOT))
                .orElseThrow(
                    () ->
                        new ExportException(
                            "--view: '"
                                + view
                                + "' is not one of window, machine, timeline, code, compare,"
                                + " contact-sheet"));
    ExportFormat f = ExportFormat.valueOf(format.name().toUpperCase(Locale.ROOT));
    QuirkLineup lineup = null;
    if (compareQuirk != null) {
      try {
        lineup = QuirkLineup.parse(compareQuirk);
      } catch (IllegalArgumentException e) {
        throw new ExportException("--compare-quirk: " + e.getMessage());
      }
      if (view != null && v != ExportView.COMPARE) {
        throw new ExportException(
            "--compare-quirk lines up runs in the compare grid: it takes --view compare, not"
                + " --view "
                + view);
      }
      if (!f.isImage()) {
        throw new ExportException(
            "--compare-quirk draws the compare grid: use --format png or gif, not " + format);
      }
      v = ExportView.COMPARE;
      String own = s.quirks().get(lineup.quirk());
      if (!lineup.options().contains(own)) {
        // the frames are chosen in one of the runs shown: the first setting's
        s = s.withQuirks(s.quirks().with(lineup.quirk(), lineup.options().get(0)));
      }
    }
    if (!f.isImage() && (view != null || frames != null)) {
      throw new ExportException(
          "--format " + format + " writes the whole trace: it takes no --view or frame choice");
    }
    if (v == ExportView.CONTACT_SHEET && frames != null) {
      throw new ExportException(
          "--view contact-sheet shows the key moments: it takes no --at, --step, --all-marks or"
              + " --range");
    }
    if (scale < 1 || scale > 3) {
      throw new ExportException("--scale: " + scale + " is not 1, 2 or 3");
    }
    int[] wh = size();
    Trace t = Simulator.run(s.program(fix));
    List<Shot> shots = shots(t, f, v);
    boolean perFrame =
        f == ExportFormat.PNG && frames != null && (frames.allMarks || frames.range != null);
    return new ExportSpec(
        choice(),
        s,
        fix,
        t,
        v,
        f,
        shots,
        perFrame,
        scale,
        out,
        overwrite,
        dark,
        presenter,
        ViewState.DEFAULT,
        wh[0],
        wh[1],
        lineup);
  }

  private List<Shot> shots(Trace t, ExportFormat f, ExportView v) {
    if (!f.isImage() || v == ExportView.CONTACT_SHEET) {
      return List.of();
    }
    if (frames == null) {
      // a GIF of nothing in particular is the whole run; a picture is the end of it
      return f == ExportFormat.GIF ? Shots.range(t, 0, t.size()) : List.of(Shots.last(t));
    }
    if (frames.at != null) {
      return List.of(Shots.atMark(t, frames.at));
    }
    if (frames.step != null) {
      return List.of(Shots.atStep(t, frames.step));
    }
    if (frames.allMarks) {
      return Shots.keyMoments(t);
    }
    return Shots.range(t, frames.range);
  }

  private int[] size() {
    String[] p = size.toLowerCase(Locale.ROOT).split("x");
    try {
      if (p.length == 2) {
        return new int[] {Integer.parseInt(p[0].strip()), Integer.parseInt(p[1].strip())};
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new ExportException("--size: '" + size + "' is not WIDTHxHEIGHT, e.g. 1600x900");
  }

  /** How the window would open SCENARIO: the same rule as {@link Catalogue#resolve}. */
  private ScenarioChoice choice() {
    Path p = Path.of(scenario);
    boolean looksLikePath =
        scenario.contains("/")
            || scenario.contains("\\")
            || scenario.endsWith(".yaml")
            || scenario.endsWith(".yml")
            || scenario.endsWith(".json");
    return Files.exists(p) || looksLikePath
        ? ScenarioChoice.file(p)
        : ScenarioChoice.builtIn(scenario);
  }
}
