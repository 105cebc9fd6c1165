package org.apicflow.ui.export;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.apicflow.scenario.Scenario;
import org.apicflow.trace.Trace;
import org.apicflow.ui.ScenarioChoice;

/**
 * The export dialog's model: what to export, from which view, which frames, at what scale, and
 * where; it names the file as the user changes the choices (until the user types a name of their
 * own) and says what the export will write. No controls; it builds the {@link ExportSpec}.
 */
public final class ExportDialogModel {
  /** The run the window shows, and how it looks. */
  public record Source(
      ScenarioChoice choice,
      Scenario scenario,
      String fix,
      Trace trace,
      int position,
      boolean dark,
      boolean presenter,
      ViewState viewState,
      int width,
      int height) {}

  private final Source source;
  private final ObjectProperty<ExportKind> kind = new SimpleObjectProperty<>(ExportKind.PICTURE);
  private final ObjectProperty<ExportView> view = new SimpleObjectProperty<>(ExportView.WINDOW);
  private final IntegerProperty scale = new SimpleIntegerProperty(1);
  private final BooleanProperty everyMarker = new SimpleBooleanProperty(true);
  private final IntegerProperty from = new SimpleIntegerProperty();
  private final IntegerProperty to = new SimpleIntegerProperty();
  private final ObjectProperty<Path> folder = new SimpleObjectProperty<>();
  private final StringProperty fileName = new SimpleStringProperty("");
  private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
  private final ObjectProperty<QuirkLineup> lineup = new SimpleObjectProperty<>();
  private boolean nameTyped;
  private boolean naming;

  public ExportDialogModel(Source source, Path folder) {
    this.source = source;
    this.folder.set(folder);
    from.set(0);
    to.set(source.trace().size());
    kind.addListener((o, was, is) -> changed());
    lineup.addListener((o, was, is) -> changed());
    view.addListener((o, was, is) -> changed());
    scale.addListener((o, was, is) -> changed());
    everyMarker.addListener((o, was, is) -> changed());
    from.addListener((o, was, is) -> changed());
    to.addListener((o, was, is) -> changed());
    this.folder.addListener((o, was, is) -> changed());
    fileName.addListener(
        (o, was, is) -> {
          if (!naming) {
            nameTyped = true;
            updateSummary();
          }
        });
    changed();
  }

  /** A good place for pictures: ~/Pictures when there is one, else the home folder. */
  public static Path defaultFolder() {
    Path home = Path.of(System.getProperty("user.home", "."));
    Path pictures = home.resolve("Pictures");
    return Files.isDirectory(pictures) ? pictures : home;
  }

  // ------------------------------------------------------------------ properties

  public Source source() {
    return source;
  }

  public ObjectProperty<ExportKind> kindProperty() {
    return kind;
  }

  /**
   * The quirk settings the compare grid lines up (the compare view's line-up when the dialog is
   * opened from it), or null for a panel per fix. Used by the compare view only.
   */
  public ObjectProperty<QuirkLineup> lineupProperty() {
    return lineup;
  }

  public ObjectProperty<ExportView> viewProperty() {
    return view;
  }

  /** 1, 2 or 3. */
  public IntegerProperty scaleProperty() {
    return scale;
  }

  /** Frames: at every key moment (true) or every step of the range (false). */
  public BooleanProperty everyMarkerProperty() {
    return everyMarker;
  }

  public IntegerProperty fromProperty() {
    return from;
  }

  public IntegerProperty toProperty() {
    return to;
  }

  public ObjectProperty<Path> folderProperty() {
    return folder;
  }

  /** The file name (for frames: the folder's name) in {@link #folderProperty()}. */
  public StringProperty fileNameProperty() {
    return fileName;
  }

  /** What the export will write, or what is wrong with the choices. */
  public ReadOnlyStringProperty summaryProperty() {
    return summary.getReadOnlyProperty();
  }

  /** The file (or folder for frames) the export writes. */
  public Path target() {
    return folder.get().resolve(fileName.get().strip());
  }

  // ------------------------------------------------------------------ commands

  /**
   * The export as chosen.
   *
   * @throws ExportException when the choices do not make an export (a bad range, no name)
   */
  public ExportSpec spec(boolean overwrite) {
    if (fileName.get().isBlank()) {
      throw new ExportException("give the file a name");
    }
    ExportKind k = kind.get();
    Trace t = source.trace();
    ExportFormat format =
        switch (k) {
          case ANIMATION -> ExportFormat.GIF;
          case TRACE_JSON -> ExportFormat.JSON;
          case TRACE_CSV -> ExportFormat.CSV;
          default -> ExportFormat.PNG;
        };
    ExportView v =
        k == ExportKind.CONTACT_SHEET ? ExportView.CONTACT_SHEET : k.hasView() ? view.get() : null;
    List<Shot> shots =
        switch (k) {
          case PICTURE -> List.of(Shots.atStep(t, source.position()));
          case FRAMES ->
              everyMarker.get() ? Shots.keyMoments(t) : Shots.range(t, from.get(), to.get());
          case ANIMATION -> Shots.range(t, from.get(), to.get());
          default -> List.of();
        };
    return new ExportSpec(
        source.choice(),
        source.scenario(),
        source.fix(),
        t,
        v == null ? ExportView.WINDOW : v,
        format,
        shots,
        k == ExportKind.FRAMES,
        k.isImage() ? scale.get() : 1,
        target(),
        overwrite,
        source.dark(),
        source.presenter(),
        source.viewState(),
        source.width(),
        source.height(),
        v == ExportView.COMPARE ? lineup.get() : null);
  }

  private void changed() {
    if (!nameTyped) {
      naming = true;
      try {
        fileName.set(suggestedName());
      } finally {
        naming = false;
      }
    }
    updateSummary();
  }

  /** The name the dialog proposes for the current choices. */
  public String suggestedName() {
    String base = FrameNames.safe(source.scenario().id()) + "-" + FrameNames.safe(source.fix());
    String v = view.get() == ExportView.WINDOW ? "" : "-" + view.get().cliName();
    String x = scale.get() > 1 ? "@" + scale.get() + "x" : "";
    return switch (kind.get()) {
      case PICTURE ->
          FrameNames.of(
                  source.scenario().id(),
                  source.fix(),
                  new Shot(source.position(), Shots.markAt(source.trace(), source.position())),
                  "png")
              .replace(".png", v + x + ".png");
      case FRAMES -> base + v + "-frames";
      case ANIMATION -> base + v + "-" + from.get() + "-" + to.get() + ".gif";
      case CONTACT_SHEET -> base + "-contact-sheet" + x + ".png";
      case TRACE_JSON -> base + ".json";
      case TRACE_CSV -> base + ".csv";
    };
  }

  private void updateSummary() {
    try {
      ExportSpec s = spec(false);
      List<Path> targets = s.targets();
      String what =
          switch (kind.get()) {
            case FRAMES ->
                targets.size()
                    + " PNG files into "
                    + s.out().getFileName()
                    + "/: "
                    + targets.get(0).getFileName()
                    + (targets.size() > 1
                        ? " … " + targets.get(targets.size() - 1).getFileName()
                        : "");
            case ANIMATION -> s.shots().size() + " frames, a frame per step, looping";
            case PICTURE ->
                "step "
                    + source.position()
                    + " of "
                    + source.trace().size()
                    + (s.lineup() == null ? "" : " · the settings " + s.lineup());
            case CONTACT_SHEET -> Shots.keyMoments(source.trace()).size() + " key moments";
            case TRACE_JSON, TRACE_CSV -> source.trace().size() + " events";
          };
      long existing = targets.stream().filter(Files::exists).count();
      summary.set(
          what
              + (existing == 0
                  ? ""
                  : " · "
                      + (existing == 1 ? "1 file exists" : existing + " files exist")
                      + " and will be replaced if you say so"));
    } catch (ExportException e) {
      summary.set(e.getMessage());
    }
  }
}
