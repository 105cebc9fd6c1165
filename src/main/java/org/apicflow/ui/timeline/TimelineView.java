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
import org.apicflow.ui.machine.LazyTip;
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
    title.setMinWidth(Region.USE_PREF_SIZE);
    title
        .textProperty()
        .bind(vm.pendingProperty().map(p -> p.isEmpty() ? "Timeline" : "Timeline · " + p));
    ToggleButton time = new ToggleButton("time");
    ToggleButton steps = new ToggleButton("steps");
    LazyTip.install(
        time,
        t ->
            t.setText(
                "Time axis: virtual time; long idle stretches are folded, and each fold says how"
                    + " long it hides"));
    LazyTip.install(
        steps, t -> t.setText("Steps axis: one column per event, every step the same width"));
    for (ToggleButton b : java.util.List.of(time, steps)) {
      b.setMinWidth(Region.USE_PREF_SIZE);
      b.setFocusTraversable(false);
    }
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
    axis.setMinWidth(Region.USE_PREF_SIZE);
    // the legend shows the items that fit whole (never an ellipsis); all of them are in the key's
    // tooltip
    FitRow legend = new FitRow(10);
    legend.getStyleClass().add("legend");
    legend.setId("timeline-legend");
    legend.getChildren().setAll(legendItems());
    HBox.setHgrow(legend, Priority.ALWAYS);
    legend.setMaxWidth(Double.MAX_VALUE);
    Label key = new Label("key");
    key.setId("timeline-key");
    key.getStyleClass().addAll("legend", "timeline-key");
    key.setMinWidth(Region.USE_PREF_SIZE);
    key.setGraphic(new org.kordamp.ikonli.javafx.FontIcon(org.kordamp.ikonli.feather.Feather.INFO));
    // the key's list and its tooltip are made when the pointer first comes to the key
    LazyTip.install(key, keyTip -> keyTip(key, keyTip));
    this.legend = legend;
    HBox head = new HBox(12, title, axis, legend, key);
    head.setAlignment(Pos.CENTER_LEFT);
    head.setMinWidth(0);
    this.head = head;

    canvas = new TimelineCanvas(vm);
    VBox.setVgrow(canvas, Priority.ALWAYS);
    canvas.textScaleProperty().bind(textScale);

    Button fit = new Button("Fit");
    fit.setId("timeline-fit");
    fit.getStyleClass().add("timeline-fit");
    fit.setFocusTraversable(false);
    fit.setMinWidth(Region.USE_PREF_SIZE);
    LazyTip.install(
        fit,
        t ->
            t.setText(
                "Zoom to fit: the whole run, every mark (0 or Z)."
                    + " Drag on the time ruler, or Shift+drag, to zoom to a range."));
    fit.setOnAction(e -> zoomToFit());
    head.getChildren().add(2, fit);
    fit.setText(null);
    fit.setGraphic(
        new org.kordamp.ikonli.javafx.FontIcon(org.kordamp.ikonli.feather.Feather.MAXIMIZE_2));
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
    LazyTip.install(
        range,
        t ->
            t.setText("Drag the ends to choose the visible window; wheel over the timeline zooms"));
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

  /** The key's tooltip: every legend item under a heading, in the window's theme when it opens. */
  private static void keyTip(Label key, Tooltip keyTip) {
    Label keyHead = new Label("What the colours and signs of the timeline mean:");
    keyHead.getStyleClass().add("timeline-key-heading");
    VBox all = new VBox(4, keyHead);
    all.getChildren().addAll(legendItems());
    // the list lies on the tooltip's own background (no block of the panel's colour in it)
    all.setStyle("-fx-background-color: transparent;");
    // a tooltip is a window of its own: it gets the theme's colours and the timeline's rules here
    all.getStyleClass().addAll("apicflow", "timeline-view", "legend", "timeline-key-list");
    all.getStylesheets().add(STYLESHEET);
    keyTip.setGraphic(all);
    keyTip.setShowDelay(javafx.util.Duration.millis(150));
    keyTip.setShowDuration(javafx.util.Duration.seconds(30));
    keyTip.getStyleClass().add("timeline-key-tip");
    // the tooltip's window takes the window's theme (dark, presenter's high contrast) and type size
    // each time it opens
    keyTip.setOnShowing(e -> themeKeyTip(key, keyTip, all));
  }

  /**
   * Gives the key's tooltip the look of the window it opens from: the theme's style classes (dark,
   * presenter) and the type size of the header, so it is dark in the dark theme and large and at
   * full contrast in presenter mode.
   */
  private static void themeKeyTip(Label key, Tooltip tip, VBox list) {
    javafx.scene.Scene sc = key.getScene();
    if (sc == null || sc.getRoot() == null) {
      return;
    }
    if (tip.getScene() != null && !tip.getScene().getStylesheets().contains(STYLESHEET)) {
      tip.getScene().getStylesheets().add(STYLESHEET);
    }
    for (String c : java.util.List.of("dark", "presenter")) {
      boolean on = sc.getRoot().getStyleClass().contains(c);
      for (javafx.collections.ObservableList<String> cls :
          java.util.List.of(tip.getStyleClass(), list.getStyleClass())) {
        cls.remove(c);
        if (on) {
          cls.add(c);
        }
      }
    }
    tip.setStyle(
        String.format(java.util.Locale.ROOT, "-fx-font-size: %.1fpx;", key.getFont().getSize()));
  }

  public TimelineCanvas canvas() {
    return canvas;
  }

  /** The stylesheet of the timeline, shared by every view that draws one. */
  public static final String STYLESHEET =
      org.apicflow.ui.StyleSheets.url(TimelineView.class, "timeline.css");

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
    return canvas.groupKey(e); // many CPUs: Up/Down pick a group of lanes, Enter opens it
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

  private final FitRow legend;
  private final HBox head;

  /** The header row (title, axis switch, fit, legend, key), for layout checks. */
  public HBox header() {
    return head;
  }

  /** The legend items shown in the header (those that fit whole). */
  public java.util.List<javafx.scene.Node> shownLegendItems() {
    return legend.getChildren().stream().filter(javafx.scene.Node::isVisible).toList();
  }

  /**
   * The height the panel needs so that every lane is there and labelled: the header, the drawing at
   * a little over its minimum (one row of mark labels, lanes a little over a line) and the range
   * slider. A window gives the timeline at least this much.
   */
  public double neededHeight(double width) {
    return neededHeight(width, true);
  }

  /**
   * The height the panel needs so that every lane is there and labelled; with {@code roomy}, one or
   * two lanes get a little over their minimum.
   */
  public double neededHeight(double width, boolean roomy) {
    javafx.geometry.Insets in = getInsets();
    double h = in.getTop() + in.getBottom();
    int shown = 0;
    for (javafx.scene.Node c : getChildren()) {
      if (!c.isManaged()) {
        continue;
      }
      shown++;
      if (c == canvas) {
        double min = canvas.readableHeight(width);
        // one or two lanes get a little over the minimum; with more, the machine needs the room
        TimelineModel m = vm.getModel();
        int lanes = m == null ? 2 : m.lanes().size();
        h += min + (roomy && lanes <= 2 ? 0.25 * Math.max(0, canvas.prefHeight(width) - min) : 0);
      } else {
        h += c.prefHeight(width);
      }
    }
    return Math.ceil(h + getSpacing() * Math.max(0, shown - 1));
  }

  private static java.util.List<javafx.scene.Node> legendItems() {
    java.util.List<javafx.scene.Node> out = new java.util.ArrayList<>();
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
      l.setMinWidth(Region.USE_PREF_SIZE);
      out.add(l);
    }
    return out;
  }

  /**
   * A row that shows its children at their preferred width, left to right, as many as fit whole;
   * the rest are hidden (never cut to an ellipsis).
   */
  static final class FitRow extends javafx.scene.layout.Pane {
    private final double gap;

    FitRow(double gap) {
      this.gap = gap;
      setMinWidth(0);
    }

    @Override
    protected double computeMinWidth(double height) {
      return 0;
    }

    @Override
    protected double computePrefWidth(double height) {
      double w = 0;
      for (javafx.scene.Node c : getChildren()) {
        w += (w == 0 ? 0 : gap) + c.prefWidth(-1);
      }
      return snappedLeftInset() + w + snappedRightInset();
    }

    @Override
    protected double computePrefHeight(double width) {
      double h = 0;
      for (javafx.scene.Node c : getChildren()) {
        h = Math.max(h, c.prefHeight(-1));
      }
      return snappedTopInset() + h + snappedBottomInset();
    }

    @Override
    protected double computeMinHeight(double width) {
      return computePrefHeight(width);
    }

    @Override
    protected void layoutChildren() {
      double x = snappedLeftInset();
      double right = getWidth() - snappedRightInset();
      double top = snappedTopInset();
      double hh = getHeight() - top - snappedBottomInset();
      boolean room = true;
      for (javafx.scene.Node c : getChildren()) {
        double cw = c.prefWidth(-1);
        double ch = Math.min(hh, c.prefHeight(cw));
        room = room && x + cw <= right + 0.5;
        c.setVisible(room);
        if (room) {
          c.resizeRelocate(snapPositionX(x), snapPositionY(top + (hh - ch) / 2), cw, ch);
          x += cw + gap;
        }
      }
    }
  }
}
