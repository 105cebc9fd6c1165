package org.apicflow.ui.timeline;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.controlsfx.control.RangeSlider;
import org.controlsfx.control.SegmentedButton;

/** The timeline panel: axis switch, the drawing, and a range slider for the visible window. */
public final class TimelineView extends VBox {
  private final TimelineViewModel vm;
  private final TimelineCanvas canvas;
  private final RangeSlider range = new RangeSlider(0, 1, 0, 1);

  public TimelineView(TimelineViewModel vm) {
    this.vm = vm;
    getStyleClass().addAll("panel", "timeline-view");
    setId("timeline-view");
    Label title = new Label("Timeline");
    title.getStyleClass().add("panel-title");
    ToggleButton time = new ToggleButton("time (idle folded \u2248)");
    ToggleButton steps = new ToggleButton("event steps");
    time.setTooltip(new Tooltip("Virtual time; long idle stretches are folded and marked \u2248"));
    steps.setTooltip(new Tooltip("One column per event: every step gets the same width"));
    time.setId("axis-time");
    steps.setId("axis-steps");
    SegmentedButton axis = new SegmentedButton(time, steps);
    axis.getStyleClass().add("axis-switch");
    time.setSelected(true);
    axis.getToggleGroup()
        .selectedToggleProperty()
        .addListener(
            (o, was, is) -> {
              if (is == null) {
                was.setSelected(true);
                return;
              }
              vm.axisModeProperty()
                  .set(
                      is == steps
                          ? TimelineViewModel.AxisMode.STEPS
                          : TimelineViewModel.AxisMode.TIME);
            });
    vm.axisModeProperty()
        .addListener(
            (o, was, is) ->
                (is == TimelineViewModel.AxisMode.STEPS ? steps : time).setSelected(true));
    Label legend = new Label();
    legend.getStyleClass().add("legend");
    legend.setGraphic(legend());
    legend.setMinWidth(0); // on a narrow window the legend gives way, not the timeline
    javafx.scene.shape.Rectangle clip = new javafx.scene.shape.Rectangle();
    clip.widthProperty().bind(legend.widthProperty());
    clip.heightProperty().bind(legend.heightProperty());
    legend.setClip(clip);
    Region grow = new Region();
    HBox.setHgrow(grow, Priority.ALWAYS);
    HBox head = new HBox(12, title, axis, grow, legend);
    head.setAlignment(Pos.CENTER_LEFT);

    canvas = new TimelineCanvas(vm);
    VBox.setVgrow(canvas, Priority.ALWAYS);

    range.getStyleClass().add("window-slider");
    range.setShowTickLabels(false);
    range.setShowTickMarks(false);
    range.setTooltip(
        new Tooltip("Drag the ends to choose the visible window; wheel over the timeline zooms"));
    vm.modelProperty().addListener(o -> syncRange());
    vm.axisModeProperty().addListener(o -> syncRange());
    vm.viewStartProperty().addListener(o -> syncRange());
    vm.viewEndProperty().addListener(o -> syncRange());
    range
        .lowValueProperty()
        .addListener(
            (o, was, is) -> {
              if (!syncing) {
                vm.setWindow(is.doubleValue(), vm.viewEndProperty().get());
              }
            });
    range
        .highValueProperty()
        .addListener(
            (o, was, is) -> {
              if (!syncing) {
                vm.setWindow(vm.viewStartProperty().get(), is.doubleValue());
              }
            });
    syncRange();
    getChildren().addAll(head, canvas, range);
  }

  public TimelineCanvas canvas() {
    return canvas;
  }

  private boolean syncing;

  private void syncRange() {
    syncing = true;
    try {
      double len = vm.length();
      range.setMin(0);
      range.setMax(len);
      range.setHighValue(vm.viewEndProperty().get());
      range.setLowValue(vm.viewStartProperty().get());
      range.setHighValue(vm.viewEndProperty().get());
    } finally {
      syncing = false;
    }
  }

  private static HBox legend() {
    HBox box = new HBox(10);
    box.setAlignment(Pos.CENTER_LEFT);
    String[][] items = {
      {"running", "lg-running"},
      {"IF=0", "lg-if-off"},
      {"handler", "lg-handler"},
      {"NMI", "lg-nmi"},
      {"spinning", "lg-spinning"},
      {"halted", "lg-halted"},
      {"OOPS", "lg-oops"},
      {"fixed IPI", "lg-fixed"},
      {"NMI IPI", "lg-nmi-msg"}
    };
    for (String[] it : items) {
      Region sw = new Region();
      sw.getStyleClass().addAll("swatch", it[1]);
      Label l = new Label(it[0], sw);
      l.getStyleClass().add("legend-item");
      box.getChildren().add(l);
    }
    return box;
  }
}
