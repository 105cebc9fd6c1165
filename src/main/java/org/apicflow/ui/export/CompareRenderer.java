package org.apicflow.ui.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.apicflow.apic.Quirk;
import org.apicflow.apic.Quirks;
import org.apicflow.scenario.Fix;
import org.apicflow.scenario.Scenario;
import org.apicflow.trace.Simulator;
import org.apicflow.trace.Times;
import org.apicflow.trace.Trace;
import org.apicflow.ui.compare.Alignment;
import org.apicflow.ui.compare.ComparePanelModel;
import org.apicflow.ui.compare.CompareViewModel;
import org.apicflow.ui.timeline.TimelineCanvas;
import org.apicflow.ui.timeline.TimelineView;

/**
 * The compare grid: one machine view per run, all at the same moment, over the runs' timelines on
 * one shared ruler. The runs are every fix of the scenario, or, with a {@link QuirkLineup}, the
 * export's fix under each setting of a quirk. They are aligned where they start to differ (see
 * {@link Alignment#defaultAnchor}): on the ruler each run's time sits at its offset from its own
 * anchor mark, so the anchor is one vertical line through every strip, and a frame of the export's
 * own run at offset T from its anchor shows every other run at offset T from its anchor.
 */
final class CompareRenderer implements Renderer {
  static final double TILE_WIDTH = 860;

  /** A run of the grid: its name, what it is, and its trace; {@code main} is the export's own. */
  record Run(String name, String meta, Trace trace, boolean main) {}

  private final ExportSpec spec;
  private final List<Run> runs;
  private final Alignment alignment;
  private final int main;
  private final List<MachineTile> tiles = new ArrayList<>();
  private final List<Label> positions = new ArrayList<>();
  private final List<ComparePanelModel> strips = new ArrayList<>();
  private final List<TimelineCanvas> canvases = new ArrayList<>();
  private final SheetScene sheet;

  private CompareRenderer(ExportSpec spec, List<Run> runs) {
    this.spec = spec;
    this.runs = runs;
    List<Trace> traces = runs.stream().map(Run::trace).toList();
    this.alignment = new Alignment(traces, Alignment.defaultAnchor(traces));
    int m = 0;
    for (int i = 0; i < runs.size(); i++) {
      if (runs.get(i).main()) {
        m = i;
      }
    }
    this.main = m;
    Scenario s = spec.scenario();
    sheet = new SheetScene(spec.dark());
    sheet
        .scene
        .getStylesheets()
        .addAll(
            TimelineView.STYLESHEET,
            org.apicflow.ui.StyleSheets.url(
                CompareRenderer.class, "/org/apicflow/ui/compare-matrix.css"));
    sheet.title.setText(s.title());
    QuirkLineup lineup = spec.lineup();
    String what =
        lineup == null
            ? runs.size() + (runs.size() == 1 ? " run" : " runs compared")
            : lineup.quirk().key()
                + ": "
                + runs.size()
                + (runs.size() == 1 ? " setting" : " settings")
                + " of "
                + (spec.fix().equals(Scenario.NONE) ? "the run with no fix" : "fix " + spec.fix());
    sheet.subtitle.setText(s.id() + " · " + what + " · " + alignedOn());
    sheet.badge.setVisible(false);
    sheet.badge.setManaged(false);
    int cols = SheetScene.columns(runs.size());
    Optional<org.apicflow.machine.Program> base = Optional.of(s.program(Scenario.NONE));
    VBox stack = new VBox();
    stack.getStyleClass().addAll("compare-strips", "sheet-strips");
    for (int i = 0; i < runs.size(); i++) {
      Run r = runs.get(i);
      Trace t = r.trace();
      MachineTile tile = new MachineTile(t, t.size(), base);
      tiles.add(tile);
      Label name = SheetScene.label(r.name(), "tile-mark");
      name.setMinWidth(Region.USE_PREF_SIZE);
      Label meta = SheetScene.label(r.meta(), "tile-meta");
      meta.setMinWidth(0);
      Label badge = SheetScene.label(Outcomes.text(t), "outcome");
      badge.getStyleClass().add(Outcomes.styleClass(t));
      badge.setMinWidth(Region.USE_PREF_SIZE);
      Region grow = new Region();
      HBox.setHgrow(grow, Priority.ALWAYS);
      HBox head = new HBox(8, name, meta, grow, badge);
      head.setAlignment(Pos.CENTER_LEFT);
      Label at = SheetScene.label("", "tile-meta");
      positions.add(at);
      VBox panel = new VBox(4, head, at, tile.view());
      panel.getStyleClass().add("sheet-tile");
      if (r.main()) {
        panel.getStyleClass().add("sheet-tile-main");
      }
      double w = tileWidth(t);
      panel.setPrefWidth(w);
      panel.setMinWidth(w);
      panel.setMaxWidth(w);
      sheet.add(panel, i, cols);

      ComparePanelModel model = new ComparePanelModel(r.name(), r.meta(), "", t, List.of());
      strips.add(model);
      TimelineCanvas strip = new TimelineCanvas(model.timeline());
      strip.getStyleClass().add("compare-strip");
      strip.compactProperty().set(true);
      strip.titleProperty().set(r.name());
      strip.showAxisProperty().set(i == 0); // the ruler is drawn once, on top of the stack
      strip.setMinHeight(Region.USE_PREF_SIZE);
      strip.setMaxHeight(Region.USE_PREF_SIZE);
      stack.getChildren().add(strip);
      canvases.add(strip);
    }
    CompareViewModel.shareRuler(
        strips.stream().map(ComparePanelModel::timeline).toList(), alignment);
    if (runs.size() % cols != 0) {
      sheet.add(readingGuide(), runs.size(), cols);
    }
    // the strips go under the grid, over the legend, as wide as the grid
    sheet.root.getChildren().add(2, stack);
  }

  private String alignedOn() {
    return Alignment.START.equals(alignment.anchor())
        ? "aligned on the start of each run"
        : "aligned where the runs part: \u25c6 " + alignment.anchor();
  }

  /** What the grid shows, for the cell a row leaves free. */
  private VBox readingGuide() {
    Label title = SheetScene.label("How to read this", "tile-mark");
    String anchor = alignment.anchor();
    Label text =
        SheetScene.label(
            "One machine per run, all at the same moment: the same time after "
                + (Alignment.START.equals(anchor)
                    ? "the start of each run"
                    : "each run's own mark " + anchor + ", where the runs start to differ")
                + ".\n\nThe strips below share one time ruler: the dashed line is that mark in"
                + " every run, the cursor the moment shown. The badge at the top right of a panel"
                + " says how that run ends; the step line under it says where this run is.",
            "tile-narration");
    text.setWrapText(true);
    VBox box = new VBox(8, title, text);
    box.getStyleClass().addAll("sheet-tile", "sheet-guide");
    double w = tileWidth(runs.get(0).trace());
    box.setPrefWidth(w);
    box.setMaxWidth(w);
    return box;
  }

  static CompareRenderer open(ExportSpec spec) throws Exception {
    List<Run> runs = runs(spec);
    return FxRuntime.call(() -> new CompareRenderer(spec, runs));
  }

  /**
   * The runs an export compares: every fix of its scenario, or its fix under each setting of its
   * quirk line-up. The export's own run is reused, the others simulated (off the FX thread).
   */
  static List<Run> runs(ExportSpec spec) {
    Scenario s = spec.scenario();
    List<Run> out = new ArrayList<>();
    QuirkLineup lineup = spec.lineup();
    if (lineup == null) {
      for (String f : s.fixNames()) {
        boolean own = f.equals(spec.fix());
        Trace t = own ? spec.trace() : Simulator.run(s.program(f));
        out.add(new Run(f, s.fix(f).map(Fix::title).orElse("no fix: the bug as shipped"), t, own));
      }
      return out;
    }
    Quirk q = lineup.quirk();
    for (String o : lineup.options()) {
      Quirks settings = s.quirks().with(q, o);
      boolean own = settings.equals(s.quirks());
      Trace t = own ? spec.trace() : Simulator.run(s.withQuirks(settings).program(spec.fix()));
      String who = q.option(o).map(Quirk.Option::label).orElse("");
      out.add(new Run(o, (who.isEmpty() ? "" : who + "  \u00b7  ") + q.key() + " = " + o, t, own));
    }
    return out;
  }

  /** The height every frame of an animation has: the tallest of its frames. */
  private double fixedHeight;

  @Override
  public void sizeFor(List<Shot> shots) {
    double h = 0;
    for (Shot s : shots) {
      show(s);
      h = Math.max(h, Renderer.contentHeight(sheet.root));
    }
    fixedHeight = h;
  }

  @Override
  public WritableImage render(Shot shot) {
    show(shot);
    return Renderer.snapshot(sheet.root, spec.scale(), spec.dark(), fixedHeight);
  }

  /** Moves every run to the moment of a shot: the same offset from each run's anchor. */
  private void show(Shot shot) {
    int own = ownPosition(shot);
    long delta = alignment.offsetOf(main, own);
    for (int i = 0; i < runs.size(); i++) {
      Trace t = runs.get(i).trace();
      int p = i == main ? own : alignment.position(i, delta);
      tiles.get(i).seek(p);
      strips.get(i).playback().seek(p);
      String mark = Shots.markAt(t, p);
      boolean ended = alignment.ended(i, delta);
      positions
          .get(i)
          .setText(
              "step "
                  + p
                  + " / "
                  + t.size()
                  + " · t = "
                  + Times.format(time(t, p))
                  + (mark.isEmpty() ? "" : " · at " + mark)
                  + (ended && i != main
                      ? " · ended: "
                          + t.outcome().kind().word()
                          + " at "
                          + Times.format(t.outcome().time())
                      : ""));
    }
    String where = alignment.describe(delta);
    sheet.where.setText(
        shot.mark().isEmpty()
            ? where
            : "at " + shot.mark() + " of " + runs.get(main).name() + " · " + where);
  }

  /**
   * The shot's position in the run it is read in: the export's own run; when a line-up leaves that
   * run out (its setting is not listed), the first run's position at the same time.
   */
  private int ownPosition(Shot shot) {
    if (runs.get(main).main()) {
      return shot.position();
    }
    long at = time(spec.trace(), shot.position());
    return shot.position() == 0 ? 0 : runs.get(main).trace().indexAtTime(at + 1);
  }

  /** The offset from the anchor a shot of the export's own run stands at (for tests). */
  long offsetOf(Shot shot) {
    return alignment.offsetOf(main, ownPosition(shot));
  }

  /** The mark the runs are aligned on. */
  String anchor() {
    return alignment.anchor();
  }

  /** The runs' timeline strips, in order (for tests). */
  List<TimelineCanvas> strips() {
    return canvases;
  }

  List<Run> runs() {
    return runs;
  }

  private static long time(Trace t, int p) {
    return p == 0 ? 0 : t.time(p - 1);
  }

  /** A tile's width: room for two CPU cards a row, or for a dozen compact ones with many CPUs. */
  static double tileWidth(Trace t) {
    return t.finalState().cpuCount() > 8 ? 1500 : TILE_WIDTH;
  }
}
