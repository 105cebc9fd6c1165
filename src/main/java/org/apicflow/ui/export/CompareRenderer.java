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
import org.apicflow.scenario.Fix;
import org.apicflow.scenario.Scenario;
import org.apicflow.trace.Mark;
import org.apicflow.trace.Simulator;
import org.apicflow.trace.Times;
import org.apicflow.trace.Trace;

/**
 * The compare grid: one machine view per fix of the scenario, all at the same moment. The runs are
 * aligned on an anchor: the first mark every run has (panic, say). A frame of the export's own run
 * at time T after its anchor shows each other run at time T after its own anchor; a frame at a mark
 * shows each run at that mark when it has one.
 */
final class CompareRenderer implements Renderer {
  static final double TILE_WIDTH = 860;

  private final ExportSpec spec;
  private final List<String> fixes;
  private final List<Trace> traces;
  private final String anchor;
  private final List<MachineTile> tiles = new ArrayList<>();
  private final List<Label> positions = new ArrayList<>();
  private final SheetScene sheet;

  private CompareRenderer(ExportSpec spec, List<String> fixes, List<Trace> traces) {
    this.spec = spec;
    this.fixes = fixes;
    this.traces = traces;
    this.anchor = anchor(traces);
    Scenario s = spec.scenario();
    sheet = new SheetScene(spec.dark());
    sheet.title.setText(s.title());
    sheet.subtitle.setText(
        s.id()
            + " · "
            + fixes.size()
            + (fixes.size() == 1 ? " run" : " runs compared")
            + (anchor.isEmpty() ? "" : " · aligned on " + anchor));
    sheet.badge.setVisible(false);
    sheet.badge.setManaged(false);
    int cols = SheetScene.columns(fixes.size());
    Optional<org.apicflow.machine.Program> base = Optional.of(s.program(Scenario.NONE));
    for (int i = 0; i < fixes.size(); i++) {
      Trace t = traces.get(i);
      MachineTile tile = new MachineTile(t, t.size(), base);
      tiles.add(tile);
      String fix = fixes.get(i);
      Label name = SheetScene.label(fix, "tile-mark");
      name.setMinWidth(Region.USE_PREF_SIZE);
      Label what =
          SheetScene.label(
              s.fix(fix).map(Fix::title).orElse("no fix: the bug as shipped"), "tile-meta");
      what.setMinWidth(0);
      Label badge = SheetScene.label(Outcomes.text(t), "outcome");
      badge.getStyleClass().add(Outcomes.styleClass(t));
      badge.setMinWidth(Region.USE_PREF_SIZE);
      Region grow = new Region();
      HBox.setHgrow(grow, Priority.ALWAYS);
      HBox head = new HBox(8, name, what, grow, badge);
      head.setAlignment(Pos.CENTER_LEFT);
      Label at = SheetScene.label("", "tile-meta");
      positions.add(at);
      VBox panel = new VBox(4, head, at, tile.view());
      panel.getStyleClass().add("sheet-tile");
      if (fix.equals(spec.fix())) {
        panel.getStyleClass().add("sheet-tile-main");
      }
      double w = tileWidth(t);
      panel.setPrefWidth(w);
      panel.setMinWidth(w);
      panel.setMaxWidth(w);
      sheet.add(panel, i, cols);
    }
    if (fixes.size() % cols != 0) {
      sheet.add(readingGuide(), fixes.size(), cols);
    }
  }

  /** What the grid shows, for the cell a row leaves free. */
  private VBox readingGuide() {
    Label title = SheetScene.label("How to read this", "tile-mark");
    Label text =
        SheetScene.label(
            "One machine per fix of the scenario, all at the same moment: at the mark the"
                + " export names when a run has it, else at the same time after "
                + (anchor.isEmpty() ? "the start" : "the mark " + anchor)
                + ".\n\nThe badge at the top right of a panel says how that run ends; the step"
                + " line under it says where this run is.",
            "tile-narration");
    text.setWrapText(true);
    VBox box = new VBox(8, title, text);
    box.getStyleClass().addAll("sheet-tile", "sheet-guide");
    box.setPrefWidth(tileWidth(traces.get(0)));
    box.setMaxWidth(tileWidth(traces.get(0)));
    return box;
  }

  static CompareRenderer open(ExportSpec spec) throws Exception {
    List<String> fixes = spec.scenario().fixNames();
    List<Trace> traces = new ArrayList<>();
    for (String f : fixes) {
      traces.add(f.equals(spec.fix()) ? spec.trace() : Simulator.run(spec.scenario().program(f)));
    }
    return FxRuntime.call(() -> new CompareRenderer(spec, fixes, traces));
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

  /** Moves every run to the moment of a shot. */
  private void show(Shot shot) {
    Trace ref = spec.trace();
    long refTime = time(ref, shot.position());
    for (int i = 0; i < traces.size(); i++) {
      Trace t = traces.get(i);
      int p = t == ref ? shot.position() : align(t, ref, shot, refTime);
      tiles.get(i).seek(p);
      String mark = Shots.markAt(t, p);
      positions
          .get(i)
          .setText(
              "step "
                  + p
                  + " / "
                  + t.size()
                  + " · t = "
                  + Times.format(time(t, p))
                  + (mark.isEmpty() ? "" : " · at " + mark));
    }
    sheet.where.setText(
        shot.mark().isEmpty()
            ? "t = " + Times.format(refTime) + " in " + spec.fix()
            : "at " + shot.mark());
  }

  private int align(Trace t, Trace ref, Shot shot, long refTime) {
    if (!shot.mark().isEmpty()) {
      Optional<Mark> own = ref.firstMark(shot.mark());
      Optional<Mark> there = t.firstMark(shot.mark());
      if (own.isPresent() && own.get().event() + 1 == shot.position() && there.isPresent()) {
        return there.get().event() + 1;
      }
    }
    long at = anchorTime(t) + (refTime - anchorTime(ref));
    return at <= 0 ? 0 : t.indexAtTime(at + 1);
  }

  private long anchorTime(Trace t) {
    return anchor.isEmpty() ? 0 : t.firstMark(anchor).map(Mark::time).orElse(0L);
  }

  private static long time(Trace t, int p) {
    return p == 0 ? 0 : t.time(p - 1);
  }

  /** A tile's width: room for two CPU cards a row, or for a dozen compact ones with many CPUs. */
  static double tileWidth(Trace t) {
    return t.finalState().cpuCount() > 8 ? 1500 : TILE_WIDTH;
  }

  /** The first mark (a scenario's own first, then the simulator's) that every run has. */
  static String anchor(List<Trace> traces) {
    Trace first = traces.get(0);
    List<Mark> candidates = new ArrayList<>(first.namedMarks());
    candidates.addAll(first.marks());
    for (Mark m : candidates) {
      if (traces.stream().allMatch(t -> t.firstMark(m.name()).isPresent())) {
        return m.name();
      }
    }
    return "";
  }
}
