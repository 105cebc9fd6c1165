package org.apicflow.ui.timeline;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
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
    getStylesheets().add(STYLESHEET);
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
    canvas.textScaleProperty().bind(textScale);

    Button fit = new Button("Fit");
    fit.setId("timeline-fit");
    fit.getStyleClass().add("timeline-fit");
    fit.setFocusTraversable(false);
    fit.setMinWidth(Region.USE_PREF_SIZE);
    fit.setTooltip(
        new Tooltip(
            "Zoom to fit: the whole run, every mark (0 or Z)."
                + " Drag on the time ruler, or Shift+drag, to zoom to a range."));
    fit.setOnAction(e -> zoomToFit());
    head.getChildren().add(2, fit);
    addEventHandler(
        KeyEvent.KEY_PRESSED,
        e -> {
          if (key(e)) {
            e.consume();
          }
        });
    canvas.setOnMouseClicked(e -> requestFocus());

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

  /** The stylesheet of the timeline, shared by every view that draws one. */
  public static final String STYLESHEET =
      TimelineView.class.getResource("timeline.css").toExternalForm();

  private final DoubleProperty textScale = new SimpleDoubleProperty(1.0);

  /** Scales every type size and lane height of the drawing (1 = normal). */
  public DoubleProperty textScaleProperty() {
    return textScale;
  }

  /** Frames the whole run: every mark, the first and the last event. */
  public void zoomToFit() {
    vm.zoomToFit();
  }

  /** Zooms in one notch around the middle of the window. */
  public void zoomIn() {
    vm.zoomBy(1 / 1.5);
  }

  /** Zooms out one notch around the middle of the window. */
  public void zoomOut() {
    vm.zoomBy(1.5);
  }

  /** Shows the axis range [a, b], in the units of the axis mode. */
  public void zoomToRange(double a, double b) {
    canvas.zoomToRange(a, b);
  }

  /**
   * The timeline's own keys while it has the focus: 0 or Z zooms to fit. True when handled. A
   * window may call it for its own key map.
   */
  public boolean key(KeyEvent e) {
    if (e.isShortcutDown() || e.isAltDown()) {
      return false;
    }
    KeyCode k = e.getCode();
    if (k == KeyCode.DIGIT0 || k == KeyCode.NUMPAD0 || k == KeyCode.Z) {
      zoomToFit();
      return true;
    }
    return false;
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
      {"NMI IPI", "lg-nmi-msg"},
      {"mark", "lg-mark"},
      {"folded gap", "lg-gap"}
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
