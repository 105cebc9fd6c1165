package org.apicflow.ui.export;

import java.util.List;
import java.util.Optional;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.apicflow.scenario.Scenario;
import org.apicflow.trace.Mark;
import org.apicflow.trace.Times;
import org.apicflow.trace.Trace;
import org.apicflow.ui.code.CodeState;

/**
 * The key moments of a run in one image: a machine view at each mark the scenario placed and at the
 * oops or hang, each captioned with its number, mark, time and the narration of that step.
 */
final class ContactSheetRenderer implements Renderer {
  private final ExportSpec spec;
  private final SheetScene sheet;

  private ContactSheetRenderer(ExportSpec spec) {
    this.spec = spec;
    Trace t = spec.trace();
    Scenario s = spec.scenario();
    sheet = new SheetScene(spec.dark());
    sheet.title.setText(s.title());
    sheet.subtitle.setText(
        s.id()
            + " · fix "
            + spec.fix()
            + " · "
            + t.size()
            + " steps, "
            + Times.format(t.endTime())
            + " simulated");
    sheet.badge.setText(Outcomes.text(t));
    sheet.badge.getStyleClass().add(Outcomes.styleClass(t));
    sheet.where.setText("key moments");
    List<Shot> moments = Shots.keyMoments(t);
    int cols = SheetScene.columns(moments.size());
    Optional<org.apicflow.machine.Program> base = Optional.of(s.program(Scenario.NONE));
    for (int i = 0; i < moments.size(); i++) {
      Shot shot = moments.get(i);
      MachineTile tile = new MachineTile(t, shot.position(), base);
      sheet.add(tile(i + 1, t, shot, tile), i, cols);
    }
  }

  static ContactSheetRenderer open(ExportSpec spec) throws Exception {
    return FxRuntime.call(() -> new ContactSheetRenderer(spec));
  }

  private static VBox tile(int number, Trace t, Shot shot, MachineTile tile) {
    Label n = SheetScene.label(Integer.toString(number), "tile-number");
    n.setMinWidth(Region.USE_PREF_SIZE);
    Label mark = SheetScene.label(shot.mark(), "tile-mark");
    mark.setMinWidth(Region.USE_PREF_SIZE);
    Optional<Mark> m = t.firstMark(shot.mark());
    String label = m.map(Mark::label).orElse("");
    Label what = SheetScene.label(label.equals(shot.mark()) ? "" : label, "tile-meta");
    what.setMinWidth(0);
    long time = shot.position() == 0 ? 0 : t.time(shot.position() - 1);
    Label when =
        SheetScene.label("t = " + Times.format(time) + " · step " + shot.position(), "tile-when");
    when.setMinWidth(Region.USE_PREF_SIZE);
    Region grow = new Region();
    HBox.setHgrow(grow, Priority.ALWAYS);
    HBox head = new HBox(8, n, mark, what, grow, when);
    head.setAlignment(Pos.CENTER_LEFT);
    CodeState story = tile.story();
    // the scenario's own words for the step (its note) say more than the event's description
    String text = story.note().isEmpty() ? story.narration() : story.note();
    Label narration = SheetScene.label(text, "tile-narration");
    narration.setWrapText(true);
    narration.setMinHeight(Region.USE_PREF_SIZE);
    VBox box = new VBox(6, head, tile.view(), narration);
    if (!story.why().isEmpty()) {
      Label why = SheetScene.label(story.why(), "tile-why");
      why.setWrapText(true);
      why.setMinHeight(Region.USE_PREF_SIZE);
      box.getChildren().add(why);
    }
    box.getStyleClass().add("sheet-tile");
    double w = CompareRenderer.tileWidth(t);
    box.setPrefWidth(w);
    box.setMinWidth(w);
    box.setMaxWidth(w);
    return box;
  }

  @Override
  public WritableImage render(Shot shot) {
    return Renderer.snapshot(sheet.root, spec.scale(), spec.dark());
  }
}
