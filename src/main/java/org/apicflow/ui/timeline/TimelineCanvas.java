package org.apicflow.ui.timeline;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import javafx.css.CssMetaData;
import javafx.css.Styleable;
import javafx.css.StyleableProperty;
import javafx.css.StyleablePropertyFactory;
import javafx.geometry.Rectangle2D;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.scene.shape.Polygon;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import org.apicflow.trace.Mark;
import org.apicflow.trace.Phase;
import org.apicflow.trace.Times;
import org.apicflow.trace.Trace;
import org.apicflow.ui.timeline.TimelineModel.Arrow;
import org.apicflow.ui.timeline.TimelineModel.Segment;
import org.apicflow.ui.timeline.TimelineViewModel.AxisMode;

/**
 * The timeline drawing: phase bands, markers, a lane per CPU, IPI arrows, folds and the cursor, on
 * canvases (thousands of segments would be too many nodes). Colours and type size come from CSS
 * ({@code -tl-*} properties), so themes and presenter mode restyle it.
 *
 * <p>Two layers: the static layer (axis, bands, lanes, arrows, marks, gutter) is redrawn only when
 * the trace, the visible window, the size, the text scale or the style changes; the cursor overlay
 * (the cursor and a range being dragged) is redrawn when the cursor moves. Both are redrawn at most
 * once per pulse, in layout: a burst of changes between two pulses costs one drawing. Only the
 * visible range is drawn, with at most one mark glyph and one lane stretch per pixel column.
 */
public final class TimelineCanvas extends Region {
  private static final StyleablePropertyFactory<TimelineCanvas> CSS =
      new StyleablePropertyFactory<>(Region.getClassCssMetaData());

  private final java.util.Map<String, StyleableProperty<Paint>> paints = new java.util.HashMap<>();

  private final StyleableProperty<Number> fontSize =
      CSS.createStyleableNumberProperty(this, "fontSize", "-tl-font-size", c -> c.fontSize, 11);
  private final StyleableProperty<Paint> text = paint("text", "-tl-text", "#24292f");
  private final StyleableProperty<Paint> muted = paint("muted", "-tl-muted", "#6e7781");
  private final StyleableProperty<Paint> grid = paint("grid", "-tl-grid", "#d8dee4");
  private final StyleableProperty<Paint> background =
      paint("background", "-tl-background", "#ffffff");
  private final StyleableProperty<Paint> cursor = paint("cursor", "-tl-cursor", "#cf222e");
  private final StyleableProperty<Paint> running = paint("running", "-tl-running", "#4caf50");
  private final StyleableProperty<Paint> ifOff = paint("ifOff", "-tl-if-off", "#f5a623");
  private final StyleableProperty<Paint> handler = paint("handler", "-tl-handler", "#8e44ad");
  private final StyleableProperty<Paint> nmi = paint("nmi", "-tl-nmi", "#c2185b");
  private final StyleableProperty<Paint> spinning = paint("spinning", "-tl-spinning", "#e65100");
  private final StyleableProperty<Paint> delay = paint("delay", "-tl-delay", "#81c784");
  private final StyleableProperty<Paint> halted = paint("halted", "-tl-halted", "#90a4ae");
  private final StyleableProperty<Paint> oops = paint("oops", "-tl-oops", "#b71c1c");
  private final StyleableProperty<Paint> offline = paint("offline", "-tl-offline", "#d0d7de");
  private final StyleableProperty<Paint> done = paint("done", "-tl-done", "#a5d6a7");
  private final StyleableProperty<Paint> fixed = paint("fixed", "-tl-msg-fixed", "#1565c0");
  private final StyleableProperty<Paint> nmiMsg = paint("nmiMsg", "-tl-msg-nmi", "#c2185b");
  private final StyleableProperty<Paint> otherMsg = paint("otherMsg", "-tl-msg-other", "#546e7a");
  private final StyleableProperty<Paint> phase0 = paint("phase0", "-tl-phase-0", "#dcefdc");
  private final StyleableProperty<Paint> phase1 = paint("phase1", "-tl-phase-1", "#ffd6d6");
  private final StyleableProperty<Paint> phase2 = paint("phase2", "-tl-phase-2", "#e6d6f5");
  private final StyleableProperty<Paint> phase3 = paint("phase3", "-tl-phase-3", "#d3e6fa");
  private final StyleableProperty<Paint> phase4 = paint("phase4", "-tl-phase-4", "#fff1c2");
  private final StyleableProperty<Paint> outcomeOk =
      paint("outcomeOk", "-tl-outcome-ok", "#1a7f37");
  private final StyleableProperty<Paint> outcomeHang =
      paint("outcomeHang", "-tl-outcome-hang", "#9a6700");
  private final StyleableProperty<Paint> anchorLine = paint("anchorLine", "-tl-anchor", "#0969da");
  private final StyleableProperty<Paint> selection =
      paint("selection", "-tl-selection", "rgba(9,105,218,0.18)");

  /**
   * A label as laid out on the canvas: its text, its bounds in canvas pixels, the time it names.
   */
  public record Laid(String text, Rectangle2D bounds, long time) {}

  private final TimelineViewModel vm;
  private final Canvas canvas = new Canvas();
  private final Canvas overlay = new Canvas();

  // the cursor is two small nodes over the overlay: moving them repaints their old and new
  // places only, where a redrawn canvas repaints all of itself (most of a step's paint)
  /**
   * The cursor's line, 2 px wide: a rectangle, which the renderer fills as one rectangle, where a
   * stroked line goes through the path stroker and rasteriser at every step.
   */
  private final javafx.scene.shape.Rectangle cursorLine = new javafx.scene.shape.Rectangle();

  private final Polygon cursorHead = new Polygon();
  private boolean rangeDrawn;
  private boolean staticDirty = true;
  private boolean overlayDirty = true;
  private int staticDraws;
  private final DoubleProperty textScale = new SimpleDoubleProperty(1.0);
  private final BooleanProperty showAxis = new SimpleBooleanProperty(true);
  private final StringProperty title = new SimpleStringProperty("");
  private final BooleanProperty compact = new SimpleBooleanProperty(false);
  private final List<Laid> gutterLabels = new ArrayList<>();
  private final List<Laid> tickLabels = new ArrayList<>();
  private final List<Laid> foldLabels = new ArrayList<>();
  private final List<Laid> markLabels = new ArrayList<>();
  // what a click or hover on the mark row can reach: one entry per glyph drawn
  private double[] hitX = new double[64];
  private int[] hitMark = new int[64];
  private int hits;
  private MarkTrack hitTrack;
  private double outcomeHitX = Double.NaN;
  private Object outcomeHitWhat;
  private double phaseTop;
  // made when a hover first has something to say (a tooltip is a styled popup of its own)
  private Tooltip tip;
  private double markTop;
  private double markBottom;
  private double axisBottom;
  private double plotLeft;
  private double plotRight;
  private double firstEventX = Double.NaN;
  private double lastEventX = Double.NaN;
  private double outcomeX = Double.NaN;
  private double anchorX = Double.NaN;
  private double dragFrom = Double.NaN;
  private double dragTo = Double.NaN;

  public TimelineCanvas(TimelineViewModel vm) {
    this.vm = vm;
    getStyleClass().add("timeline-canvas");
    getChildren().addAll(canvas, overlay, cursorLine, cursorHead);
    for (javafx.scene.shape.Shape sh : List.of(cursorLine, cursorHead)) {
      sh.setManaged(false);
      sh.setMouseTransparent(true);
      sh.setVisible(false);
    }
    cursorLine.setX(-1);
    cursorLine.setWidth(2);
    vm.modelProperty()
        .addListener(
            o -> {
              requestLayout(); // another lane count asks for another height
              invalidateStatic();
            });
    vm.viewStartProperty().addListener(o -> invalidateStatic());
    vm.viewEndProperty().addListener(o -> invalidateStatic());
    vm.axisModeProperty().addListener(o -> invalidateStatic());
    vm.playback().positionProperty().addListener(o -> invalidateCursor());
    textScale.addListener(o -> invalidateStatic());
    showAxis.addListener(o -> invalidateStatic());
    title.addListener(o -> invalidateStatic());
    compact.addListener(
        o -> {
          requestLayout();
          invalidateStatic();
        });
    for (CssMetaData<? extends Styleable, ?> md : CSS.getCssMetaData()) {
      @SuppressWarnings("unchecked")
      CssMetaData<TimelineCanvas, ?> m = (CssMetaData<TimelineCanvas, ?>) md;
      if (m.getStyleableProperty(this) instanceof ObservableValue<?> ov) {
        ov.addListener(o -> invalidateStatic());
      }
    }
    overlay.setOnMousePressed(this::press);
    overlay.setOnMouseDragged(this::drag);
    overlay.setOnMouseReleased(this::release);
    overlay.setOnMouseMoved(this::hover);
    overlay.setOnMouseExited(e -> hideTip());
    overlay.setOnScroll(this::scroll);
  }

  private void hideTip() {
    if (tip != null) {
      tip.hide();
    }
  }

  /** The static layer must be redrawn (and so the overlay): at the next pulse, once. */
  private void invalidateStatic() {
    staticDirty = true;
    overlayDirty = true;
    setNeedsLayout(true);
  }

  /** Only the cursor moved: the overlay is redrawn at the next pulse, the lanes stay. */
  private void invalidateCursor() {
    overlayDirty = true;
    setNeedsLayout(true);
  }

  /** Draws what is out of date now (the laid-out facts below are read after it). */
  private void flush() {
    if (staticDirty) {
      staticDirty = false;
      overlayDirty = true;
      staticDraws++;
      draw();
    }
    if (overlayDirty) {
      overlayDirty = false;
      drawOverlay();
    }
  }

  /** How often the static layer has been drawn (the cursor moving must not draw it). */
  public int staticDrawCount() {
    flush();
    return staticDraws;
  }

  private StyleableProperty<Paint> paint(String name, String css, String dflt) {
    StyleableProperty<Paint> p =
        CSS.createStyleablePaintProperty(this, name, css, c -> c.paints.get(name), Color.web(dflt));
    paints.put(name, p);
    return p;
  }

  public static List<CssMetaData<? extends Styleable, ?>> getClassCssMetaData() {
    return CSS.getCssMetaData();
  }

  @Override
  public List<CssMetaData<? extends Styleable, ?>> getCssMetaData() {
    return getClassCssMetaData();
  }

  /** Scales every type size and lane height of the drawing (1 = the stylesheet's size). */
  public DoubleProperty textScaleProperty() {
    return textScale;
  }

  /** Whether the time ruler row is drawn (a stack of strips shows it once). */
  public BooleanProperty showAxisProperty() {
    return showAxis;
  }

  /** A compact strip: one row of mark labels, thinner bands (the compare view's stack). */
  public BooleanProperty compactProperty() {
    return compact;
  }

  /** A heading drawn at the top of the label gutter (a compare strip's fix), or empty. */
  public StringProperty titleProperty() {
    return title;
  }

  // ------------------------------------------------------------------ laid-out facts

  /** The gutter labels as drawn: the row names and one "CPU n" per lane. */
  public List<Laid> gutterLabels() {
    flush();
    return List.copyOf(gutterLabels);
  }

  /** The time ruler's tick labels as drawn, left to right. */
  public List<Laid> tickLabels() {
    flush();
    return List.copyOf(tickLabels);
  }

  /** The labels saying how much each fold hides, as drawn. */
  public List<Laid> foldLabels() {
    flush();
    return List.copyOf(foldLabels);
  }

  /** The mark labels as drawn (marks without room for a label keep it in their tooltip). */
  public List<Laid> markLabels() {
    flush();
    return List.copyOf(markLabels);
  }

  /** The x of the first and of the last mark or event drawn, NaN when none is. */
  public double firstEventX() {
    flush();
    return firstEventX;
  }

  public double lastEventX() {
    flush();
    return lastEventX;
  }

  /** Where the outcome flag stands, NaN when it is out of the window. */
  public double outcomeX() {
    flush();
    return outcomeX;
  }

  /** Where the anchor line stands on a shared ruler, NaN otherwise. */
  public double anchorX() {
    flush();
    return anchorX;
  }

  /** The drawing's plot area, between the label gutter and the right margin. */
  public double plotLeft() {
    flush();
    return plotLeft;
  }

  public double plotRight() {
    flush();
    return plotRight;
  }

  /** The canvas width, for tests that check what lies inside it. */
  public double drawingWidth() {
    return canvas.getWidth();
  }

  /** The x at which a time is drawn (time mode). */
  public double xOfTime(long time) {
    return x(vm.timeToAxis(time));
  }

  @Override
  protected void layoutChildren() {
    double w = Math.floor(getWidth());
    double h = Math.floor(getHeight());
    if (canvas.getWidth() != w || canvas.getHeight() != h) {
      canvas.setWidth(w);
      canvas.setHeight(h);
      overlay.setWidth(w);
      overlay.setHeight(h);
      staticDirty = true;
    }
    fitGroups(h);
    flush();
  }

  /**
   * Above 32 CPUs, the groups' size for the timeline's height: where the usual groups (8 or 16
   * CPUs) would leave each strip less than a readable height (at 255 CPUs in presenter mode at 1280
   * x 800, where the machine needs its minimum), fewer, larger groups, each strip readable and
   * labelled; back to the usual size when the height allows. Kept while a group is open (its lanes
   * are the user's choice), so a row never turns into another under the pointer.
   */
  private void fitGroups(double h) {
    TimelineModel m = vm.getModel();
    if (m == null) {
      return;
    }
    LaneGroups lg = groups(m);
    if (!lg.grouped() || lg.anyExpanded()) {
      return;
    }
    double fs = fs();
    int cpus = lg.cpuCount();
    int size = LaneGroups.groupSize(cpus);
    // as drawAll lays the rows out: the mark rows take one row when the rows are tight
    while (size < cpus) {
      int n = (cpus + size - 1) / size;
      boolean was = tight;
      tight = false;
      tight = h - top(fs) < n * fs * 1.4;
      double room = h - top(fs) - 4;
      tight = was;
      if (n * leastStrip(fs) <= room) {
        break;
      }
      size *= 2;
    }
    if (size != lg.size()) {
      laneGroups = lg.regrouped(size);
      strips = new DensityStrip[laneGroups.groupCount()];
      staticDirty = true;
    }
  }

  /** The height a group's strip asks for: it and its name read well. */
  private static double stripReadable(double fs) {
    return Math.max(11, fs * 0.85);
  }

  /**
   * The least height of a group's strip before the groups are made larger: its name (in the type of
   * the drawing, digits and capitals about 0.7 of its size) still clear of the next strip's.
   */
  private static double leastStrip(double fs) {
    return Math.max(11, fs * 0.8);
  }

  /** The least height of a group's strip before the timeline makes its groups larger. */
  public double leastStripHeight() {
    return leastStrip(fs());
  }

  @Override
  protected double computeMinHeight(double width) {
    TimelineModel m = vm.getModel();
    if (m != null && laneGroups.grouped()) {
      // grouped: the rows share whatever height there is (strips thinner than readable rather
      // than the last groups cut off) when the machine above needs its minimum; the window asks
      // for the readable height (readableHeight) whenever there is room for it
      double fs = fs();
      boolean was = tight;
      tight = true;
      double h = top(fs) + groups(m).rowCount() * 3 + 4;
      tight = was;
      return Math.ceil(h);
    }
    return readableHeight(width);
  }

  /** The height at which every lane (or group strip) is there and labelled in readable type. */
  public double readableHeight(double width) {
    TimelineModel m = vm.getModel();
    int n = m == null ? 2 : groups(m).rowCount();
    double fs = fs();
    boolean was = tight;
    tight = true;
    double rows = n * fs * 1.3;
    if (m != null && laneGroups.grouped()) {
      // an opened group's lanes ask for little: they share the height the strips had, thinner,
      // rather than push the last groups out of view; a density strip reads at a thin height too
      // (its counts are in its tooltip), which leaves the machine its room at 255 CPUs
      // (asked for the usual groups, whatever size the height made them: fewer, larger groups are
      // for when the window cannot give this)
      int strips = laneGroups.groupCount();
      int lanes = n - strips;
      int usual = LaneGroups.groupSize(laneGroups.cpuCount());
      strips = (laneGroups.cpuCount() + usual - 1) / usual;
      rows = strips * stripReadable(fs) + lanes * Math.max(4, fs * 0.45);
    }
    double h = top(fs) + rows + 4;
    tight = was;
    return Math.ceil(h);
  }

  @Override
  protected double computePrefHeight(double width) {
    TimelineModel m = vm.getModel();
    int n = m == null ? 2 : groups(m).rowCount();
    double fs = fs();
    return Math.ceil(top(fs) + n * fs * (compact.get() ? 1.4 : 2.4) + 4);
  }

  // ------------------------------------------------------------------ geometry

  /** The size of the drawing's type in pixels: the style's size times the text scale. */
  public double textSize() {
    return fs();
  }

  private double fs() {
    return fontSize.getValue().doubleValue() * Math.max(0.5, textScale.get());
  }

  private double labelW = 60;

  private double x(double a) {
    double s = vm.viewStartProperty().get();
    double e = vm.viewEndProperty().get();
    return plotLeft + (a - s) / Math.max(1e-9, e - s) * (plotRight - plotLeft);
  }

  private double axisAt(double px) {
    double s = vm.viewStartProperty().get();
    double e = vm.viewEndProperty().get();
    return s + (px - plotLeft) / Math.max(1, plotRight - plotLeft) * (e - s);
  }

  /** Where a single event is drawn: its time, or the middle of its step. */
  private double pointX(long time, int event) {
    return vm.axisModeProperty().get() == AxisMode.STEPS ? x(event + 0.5) : x(vm.timeToAxis(time));
  }

  /** Where a stretch starting (or ending) at an event boundary is drawn. */
  private double segX(long time, int event) {
    return vm.axisModeProperty().get() == AxisMode.STEPS ? x(event) : x(vm.timeToAxis(time));
  }

  private double top(double fs) {
    double axisH = showAxis.get() ? fs * 1.5 : 0;
    return 2 + axisH + 2 + phaseHeight(fs) + 2 + markRowsHeight(fs) + 4;
  }

  private double phaseHeight(double fs) {
    return compact.get() ? fs * 1.4 : fs * 1.7;
  }

  private double markRowsHeight(double fs) {
    return fs * 1.1 + markLevels() * fs * 1.25;
  }

  private int markLevels() {
    return compact.get() || tight ? 1 : 2;
  }

  /** Set while drawing when the lanes would be too thin with two rows of mark labels. */
  private boolean tight;

  // ------------------------------------------------------------------ input

  private boolean rangeDrag;

  private void press(MouseEvent e) {
    hideTip();
    if (e.getButton() != MouseButton.PRIMARY) {
      return;
    }
    if (e.getX() < labelW && e.getY() >= rowsTop) {
      // a group's name in the gutter opens or closes it
      int r = rowAt(e.getY());
      if (r >= 0 && laneGroups.groupAt(r) >= 0) {
        laneGroups.setFocused(laneGroups.groupAt(r));
        toggleGroup(laneGroups.groupAt(r));
        return;
      }
    }
    if (e.getClickCount() == 2 && e.getY() < axisBottom) {
      zoomToFit();
      return;
    }
    // dragging on the ruler (or with Shift anywhere) picks a range to zoom to
    if (e.getY() < axisBottom || e.isShiftDown()) {
      rangeDrag = true;
      dragFrom = Math.max(plotLeft, Math.min(plotRight, e.getX()));
      dragTo = dragFrom;
      invalidateCursor();
      return;
    }
    if (e.getY() >= markTop && e.getY() <= markBottom) {
      Object best = nearestMark(e.getX(), true);
      if (best instanceof Mark mk) {
        vm.jumpTo(mk);
        return;
      }
    }
    drag(e);
  }

  private void drag(MouseEvent e) {
    if (rangeDrag) {
      dragTo = Math.max(plotLeft, Math.min(plotRight, e.getX()));
      invalidateCursor();
      return;
    }
    if (e.getX() >= labelW - 4) {
      vm.scrubSoon(axisAt(Math.max(plotLeft, e.getX())));
    }
  }

  private void release(MouseEvent e) {
    if (!rangeDrag) {
      return;
    }
    rangeDrag = false;
    double a = Math.min(dragFrom, dragTo);
    double b = Math.max(dragFrom, dragTo);
    dragFrom = Double.NaN;
    dragTo = Double.NaN;
    if (b - a >= 4) {
      zoomToRange(axisAt(a), axisAt(b));
    } else {
      vm.scrubTo(axisAt(a));
    }
    invalidateCursor();
  }

  private void hover(MouseEvent e) {
    String text = null;
    if (e.getY() <= markBottom && e.getY() >= markTop) {
      Object what = nearestMark(e.getX(), false);
      text = what == null ? null : describe(what);
    } else if (e.getY() >= rowsTop) {
      int r = rowAt(e.getY());
      int grp = r < 0 ? -1 : laneGroups.groupAt(r);
      if (grp >= 0) {
        String what = e.getX() < labelW ? "" : groupText(grp, e.getX());
        text =
            laneGroups.label(grp)
                + (what.isEmpty() ? "" : ": " + what)
                + (laneGroups.isExpanded(grp)
                    ? "\nClick the name to close the group"
                    : "\nClick the name to show a lane per CPU");
      }
    }
    if (text == null) {
      hideTip();
      return;
    }
    if (tip == null) {
      tip = new Tooltip();
      tip.setWrapText(true);
      tip.setMaxWidth(420);
    }
    if (!text.equals(tip.getText()) || !tip.isShowing()) {
      tip.setText(text);
      tip.show(overlay, e.getScreenX() + 12, e.getScreenY() + 16);
    }
  }

  /**
   * The mark glyph nearest to x within reach (a Mark, or the outcome's text when the run's end is
   * no mark), or null. The glyphs are in x order: a binary search finds the neighbours.
   */
  private Object nearestMark(double x, boolean marksOnly) {
    double reach = fs() * 0.9;
    Object best = null;
    double bestD = reach;
    int lo = 0;
    int hi = hits;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (hitX[mid] < x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    for (int i = Math.max(0, lo - 2); i < Math.min(hits, lo + 2); i++) {
      double d = Math.abs(hitX[i] - x);
      if (d < bestD) {
        bestD = d;
        best = hitTrack.mark(hitMark[i]);
      }
    }
    if (!Double.isNaN(outcomeHitX) && Math.abs(outcomeHitX - x) < bestD) {
      if (!marksOnly || outcomeHitWhat instanceof Mark) {
        best = outcomeHitWhat;
      }
    }
    return best;
  }

  private void addHit(double x, int mark) {
    if (hits == hitX.length) {
      hitX = java.util.Arrays.copyOf(hitX, hits * 2);
      hitMark = java.util.Arrays.copyOf(hitMark, hits * 2);
    }
    hitX[hits] = x;
    hitMark[hits] = mark;
    hits++;
  }

  private String describe(Object what) {
    if (what instanceof Mark mk) {
      return mk.label()
          + "\n"
          + Times.format(mk.time())
          + " \u00b7 step "
          + (mk.event() + 1)
          + " \u00b7 CPU "
          + mk.cpu()
          + "\nClick to go there";
    }
    return String.valueOf(what);
  }

  private void scroll(ScrollEvent e) {
    if (e.getDeltaY() == 0) {
      return;
    }
    double factor = Math.pow(1.2, -e.getDeltaY() / 40.0);
    vm.zoom(factor, axisAt(Math.max(plotLeft, e.getX())));
    e.consume();
  }

  /** Frames the whole run: every mark, the first and the last event. */
  public void zoomToFit() {
    vm.zoomToFit();
  }

  /** Shows the axis range [a, b] (axis units). */
  public void zoomToRange(double a, double b) {
    vm.setWindow(Math.min(a, b), Math.max(a, b));
  }

  // ------------------------------------------------------------------ drawing

  private Paint laneFill(LaneKind k) {
    return switch (k) {
      case OFFLINE -> offline.getValue();
      case RUNNING -> running.getValue();
      case IF_OFF -> ifOff.getValue();
      case HANDLER -> handler.getValue();
      case NMI -> nmi.getValue();
      case SPINNING -> spinning.getValue();
      case DELAY -> delay.getValue();
      case HALTED -> halted.getValue();
      case OOPS -> oops.getValue();
      case DONE -> done.getValue();
    };
  }

  private Paint phaseFill(int i) {
    return switch (i % 5) {
      case 0 -> phase0.getValue();
      case 1 -> phase1.getValue();
      case 2 -> phase2.getValue();
      case 3 -> phase3.getValue();
      default -> phase4.getValue();
    };
  }

  private Paint msgFill(int mode) {
    return switch (mode) {
      case 0, 1 -> fixed.getValue();
      case 4 -> nmiMsg.getValue();
      default -> otherMsg.getValue();
    };
  }

  private final java.util.Map<Font, java.util.Map<String, Double>> widths =
      new java.util.HashMap<>();
  private final Text measure = new Text();

  /** Text widths, cached per font: measuring is the costly part of drawing labels. */
  private double textWidth(String s, Font f) {
    java.util.Map<String, Double> byText = widths.get(f);
    if (byText == null) {
      if (widths.size() > 16) {
        widths.clear();
      }
      byText = new java.util.HashMap<>();
      widths.put(f, byText);
    }
    Double w = byText.get(s);
    if (w == null) {
      if (byText.size() > 5000) {
        byText.clear();
      }
      measure.setFont(f);
      measure.setText(s);
      w = measure.getLayoutBounds().getWidth();
      byText.put(s, w);
    }
    return w;
  }

  // the widths of the mark labels (by label id) in the two mark fonts, for the track they are of
  private MarkTrack widthTrack;
  private double widthFs;
  private double[] boldWidths;
  private double[] smallWidths;

  private double markLabelWidth(MarkTrack mt, int id, boolean builtIn, Font bold, Font small) {
    if (widthTrack != mt || widthFs != bold.getSize()) {
      widthTrack = mt;
      widthFs = bold.getSize();
      boldWidths = new double[mt.labels.length];
      smallWidths = new double[mt.labels.length];
      java.util.Arrays.fill(boldWidths, -1);
      java.util.Arrays.fill(smallWidths, -1);
    }
    double[] ws = builtIn ? smallWidths : boldWidths;
    if (ws[id] < 0) {
      ws[id] = textWidth(mt.labels[id], builtIn ? small : bold);
    }
    return ws[id];
  }

  // cached gutter names, "CPU 0" .. "CPU n-1"
  private String[] cpuNames = new String[0];

  private String cpuName(int c) {
    if (c >= cpuNames.length) {
      String[] more = java.util.Arrays.copyOf(cpuNames, Math.max(c + 1, cpuNames.length * 2));
      for (int i = cpuNames.length; i < more.length; i++) {
        more[i] = "CPU " + i;
      }
      cpuNames = more;
    }
    return cpuNames[c];
  }

  /**
   * The cursor overlay: a range being dragged, drawn on the overlay canvas (cleared only when one
   * was drawn), and the cursor's line and head, which are moved, not drawn.
   */
  private void drawOverlay() {
    GraphicsContext g = overlay.getGraphicsContext2D();
    double w = overlay.getWidth();
    double h = overlay.getHeight();
    boolean range = !Double.isNaN(dragFrom) && !Double.isNaN(dragTo);
    if (rangeDrawn || range) {
      g.clearRect(0, 0, w, h);
      rangeDrawn = false;
    }
    TimelineModel m = vm.getModel();
    if (m == null || w < 50 || h < 40) {
      cursorLine.setVisible(false);
      cursorHead.setVisible(false);
      return;
    }
    double fs = fs();
    boolean steps = vm.axisModeProperty().get() == AxisMode.STEPS;
    if (range) {
      rangeDrawn = true;
      g.save();
      try {
        g.beginPath();
        g.rect(labelW, 0, w - labelW, h);
        g.clip();
        double a = Math.min(dragFrom, dragTo);
        double b = Math.max(dragFrom, dragTo);
        g.setFill(selection.getValue());
        g.fillRect(a, 0, Math.max(1, b - a), h);
        g.setStroke(anchorLine.getValue());
        g.setLineWidth(1.5);
        g.strokeRect(a, 1, Math.max(1, b - a), h - 2);
        String len =
            steps
                ? Math.round(axisAt(b) - axisAt(a)) + " steps"
                : Times.format(Math.max(0, vm.axisToTime(axisAt(b)) - vm.axisToTime(axisAt(a))));
        Font bold = Font.font("System", FontWeight.BOLD, fs);
        g.setFont(bold);
        double lw = textWidth(len, bold);
        double lx = Math.max(labelW + 2, Math.min(w - lw - 8, (a + b) / 2 - lw / 2));
        g.setFill(background.getValue());
        g.fillRect(lx - 4, markBottom + 6, lw + 8, fs * 1.5);
        g.setFill(text.getValue());
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        g.fillText(len, lx, markBottom + 6 + fs * 0.2);
      } finally {
        g.restore();
      }
    }
    // the cursor: its shape is set again only when the height, the type or the colour changed
    double cx = x(vm.positionToAxis(vm.playback().getPosition()));
    boolean shown = cx >= labelW - 1 && cx <= w + 1;
    cursorLine.setVisible(shown);
    cursorHead.setVisible(shown);
    Paint p = cursor.getValue();
    cursorLine.setFill(p);
    cursorHead.setFill(p);
    cursorLine.setY(phaseTop);
    cursorLine.setHeight(Math.max(0, h - phaseTop));
    double top = phaseTop - fs * 0.3;
    double point = phaseTop + fs * 0.5;
    if (headTop != top || headTip != point || headHalf != fs * 0.55) {
      headTop = top;
      headTip = point;
      headHalf = fs * 0.55;
      cursorHead.getPoints().setAll(-headHalf, top, headHalf, top, 0.0, point);
    }
    cursorLine.setTranslateX(cx);
    cursorHead.setTranslateX(cx);
  }

  private double headTop = Double.NaN;
  private double headTip = Double.NaN;
  private double headHalf = Double.NaN;

  private final double[] polyX = new double[4];
  private final double[] polyY = new double[4];

  private void diamond(GraphicsContext g, double px, double y, double dd) {
    polyX[0] = px;
    polyX[1] = px + dd;
    polyX[2] = px;
    polyX[3] = px - dd;
    polyY[0] = y - dd;
    polyY[1] = y;
    polyY[2] = y + dd;
    polyY[3] = y;
    g.fillPolygon(polyX, polyY, 4);
  }

  /** Draws the static layer now (callers: {@link #flush()}). */
  private void draw() {
    GraphicsContext g = canvas.getGraphicsContext2D();
    gutterLabels.clear();
    tickLabels.clear();
    foldLabels.clear();
    markLabels.clear();
    hits = 0;
    hitTrack = null;
    outcomeHitX = Double.NaN;
    outcomeHitWhat = null;
    firstEventX = Double.NaN;
    lastEventX = Double.NaN;
    outcomeX = Double.NaN;
    anchorX = Double.NaN;
    double w = canvas.getWidth();
    double h = canvas.getHeight();
    g.setFill(background.getValue());
    g.fillRect(0, 0, w, h);
    TimelineModel m = vm.getModel();
    if (m == null || w < 50 || h < 40) {
      return;
    }
    // every save is restored, whatever a stroke throws: a clip left behind would hide the gutter
    g.save();
    try {
      drawAll(g, m, w, h);
    } finally {
      g.restore();
    }
  }

  private void drawAll(GraphicsContext g, TimelineModel m, double w, double h) {
    Trace t = m.trace();
    boolean steps = vm.axisModeProperty().get() == AxisMode.STEPS;
    double fs = fs();
    Font font = Font.font("System", fs);
    Font bold = Font.font("System", FontWeight.BOLD, fs);
    Font small = Font.font("System", fs * 0.9);
    LaneGroups lg = groups(m);
    int n = lg.rowCount(); // rows: a lane per CPU, or above 32 CPUs a strip per group

    // the gutter is as wide as its longest label
    double gw =
        Math.max(
            textWidth(
                    lg.grouped()
                        ? lg.label(lg.groupCount() - 1) + "  "
                        : "CPU " + Math.max(0, n - 1),
                    Font.font("System", FontWeight.BOLD, fs * 1.12))
                + (lg.grouped() ? fs : 0),
            textWidth("marks", small));
    gw = Math.max(gw, textWidth("phase", small));
    labelW = Math.ceil(gw + fs * 1.1);
    if (!title.get().isEmpty()) {
      // titled strips stack on one ruler: they share one gutter width, whatever their title
      labelW = Math.ceil(Math.max(gw, fs * 9) + fs * 1.1);
    }
    // the lanes come first: with little height, the mark labels keep to one row
    tight = false;
    tight = h - top(fs) < n * fs * 1.4;
    // first and last events stand fully inside: a margin on each side of the plot
    plotLeft = labelW + fs * 0.9;
    plotRight = w - fs * 1.1;

    double axisY = 2;
    double axisH = showAxis.get() ? fs * 1.5 : 0;
    axisBottom = axisY + axisH;
    double phaseY = axisBottom + 2;
    phaseTop = phaseY;
    double phaseH = phaseHeight(fs);
    markTop = phaseY + phaseH + 2;
    markBottom = markTop + markRowsHeight(fs);
    double laneTop = markBottom + 4;
    // lanes share the height there is, up to a comfortable size
    double laneH =
        Math.max(1, Math.min(fs * (compact.get() ? 2 : 4), (h - laneTop - 4) / Math.max(1, n)));
    double inset = laneH >= 8 ? Math.max(2, laneH * 0.08) : 0;
    double right = w;
    rowsTop = laneTop;
    rowH = laneH;

    g.beginPath();
    g.rect(labelW, 0, right - labelW, h);
    g.clip();

    double vs = vm.viewStartProperty().get();
    double ve = vm.viewEndProperty().get();
    List<double[]> foldSpans = new ArrayList<>();
    if (!steps) {
      for (TimeAxis.Fold f : vm.axis().folds()) {
        double x0 = x(f.axisStart());
        double x1 = x(f.axisEnd());
        if (x1 >= labelW && x0 <= right) {
          foldSpans.add(new double[] {x0, x1});
        }
      }
    }

    // fold labels first: they say how much time each break hides
    g.setTextBaseline(VPos.TOP);
    g.setFont(small);
    if (!steps && showAxis.get()) {
      for (TimeAxis.Fold f : vm.axis().folds()) {
        double mid = (x(f.axisStart()) + x(f.axisEnd())) / 2;
        if (mid < plotLeft - 2 || mid > plotRight + 2) {
          continue;
        }
        String label = "gap " + Times.format(f.duration());
        double lw = textWidth(label, small);
        double lx = Math.max(labelW + 1, Math.min(w - lw - 1, mid - lw / 2));
        Rectangle2D r = new Rectangle2D(lx, axisY, lw, fs * 1.2);
        if (collides(r, foldLabels, fs * 0.6)) {
          continue;
        }
        foldLabels.add(new Laid(label, r, f.duration()));
      }
    }

    // ticks on round values, strictly increasing, never on a fold or over a label
    g.setStroke(grid.getValue());
    g.setLineWidth(1);
    if (showAxis.get()) {
      if (steps) {
        stepTicks(g, small, vs, ve, axisY, axisH, h);
      } else {
        timeTicks(g, small, foldSpans, axisY, axisH, h, true);
        if (tickLabels.isEmpty() && !foldLabels.isEmpty()) {
          // large type and many folds: a ruler needs at least its ticks, so the fold labels
          // give way where a tick would sit (the fold's break glyph stays)
          timeTicks(g, small, foldSpans, axisY, axisH, h, false);
          foldLabels.removeIf(fl -> collides(fl.bounds(), tickLabels, fs * 0.6));
        }
      }
    }
    g.setFont(small);
    g.setFill(muted.getValue());
    g.setTextAlign(TextAlignment.LEFT);
    g.setTextBaseline(VPos.TOP);
    for (Laid fl : foldLabels) {
      g.fillText(fl.text(), fl.bounds().getMinX(), axisY);
    }

    // phase bands
    List<Phase> phases = t.phases();
    List<double[]> phaseText = new ArrayList<>();
    for (int i = 0; i < phases.size(); i++) {
      Phase p = phases.get(i);
      double x0 = segX(p.start(), p.firstEvent());
      double x1 = segX(p.end(), p.endEvent());
      if (i == 0) {
        x0 = Math.min(x0, segX(0, 0)); // the first phase from the run's start
      }
      if (i == phases.size() - 1 && ve >= vm.length()) {
        x1 = Math.max(x1, plotRight);
      }
      if (x1 < labelW || x0 > right) {
        continue;
      }
      g.setFill(phaseFill(i));
      g.fillRect(x0, phaseY, Math.max(1, x1 - x0), phaseH);
    }

    // lanes: from the first stretch in view, at most one stretch per pixel column
    for (int r = 0; r < n; r++) {
      int c = lg.cpuAt(r);
      double y = laneTop + r * laneH;
      if (y > h || y + laneH < laneTop) {
        continue;
      }
      if (c < 0) {
        // a group of CPUs: how many are in each state, column by column
        strip(lg.groupAt(r))
            .draw(
                g,
                m,
                lg.first(lg.groupAt(r)),
                lg.last(lg.groupAt(r)),
                this::segX,
                labelW,
                right,
                plotLeft - fs * 0.9,
                plotRight,
                ve >= vm.length(),
                y + inset,
                Math.max(1, laneH - 2 * inset),
                this::laneFill);
        continue;
      }
      List<Segment> lane = m.lanes().get(c);
      int lo = TimelineModel.firstEndingFrom(lane, s -> segX(s.end(), s.endEvent()), labelW);
      double painted = Double.NEGATIVE_INFINITY;
      for (int si = Math.max(0, lo - 1); si < lane.size(); si++) {
        Segment s = lane.get(si);
        double x0 = segX(s.start(), s.firstEvent());
        if (x0 > right) {
          break;
        }
        double x1 = segX(s.end(), s.endEvent());
        if (x1 < painted && si != lane.size() - 1) {
          continue; // inside a pixel column already painted
        }
        if (si == 0 && x0 <= x(0) + 0.5) {
          x0 = Math.min(x0, plotLeft - fs * 0.9);
        }
        if (si == lane.size() - 1 && ve >= vm.length()) {
          x1 = Math.max(x1, plotRight);
        }
        if (x1 < labelW || x0 > right) {
          continue;
        }
        double bw = Math.max(1, x1 - x0);
        painted = Math.floor(x0 + bw) + 1;
        g.setFill(laneFill(s.kind()));
        g.fillRect(x0, y + inset, bw, Math.max(1, laneH - 2 * inset));
        double tx = Math.max(x0, labelW) + 4;
        double end = Math.min(x1, right);
        for (double[] f : foldSpans) {
          double mid = (f[0] + f[1]) / 2;
          if (mid > tx && mid < end) {
            end = mid - fs * 0.4; // a break would cut the name: it ends before
          }
        }
        double room = end - tx - 4;
        if (laneH >= fs * 1.4 && room > fs && room > textWidth(s.label(), font)) {
          // light lanes get dark type in both themes; the offline lane follows the theme
          g.setFill(
              s.kind() == LaneKind.OFFLINE
                  ? text.getValue()
                  : s.kind() == LaneKind.DONE
                          || s.kind() == LaneKind.DELAY
                          || s.kind() == LaneKind.IF_OFF
                      ? Color.web("#1b1f24")
                      : Color.WHITE);
          g.setFont(font);
          g.setTextAlign(TextAlignment.LEFT);
          g.setTextBaseline(VPos.CENTER);
          g.fillText(s.label(), tx, y + laneH / 2);
        }
      }
    }

    // arrows: one per sender, target and pixel column
    int drawn = 0;
    Arrow last = null;
    double lastX0 = Double.NaN;
    double lastX1 = Double.NaN;
    for (Arrow a : m.arrows()) {
      double x0 = pointX(a.sent(), a.sendEvent());
      double x1 = pointX(a.delivered(), a.deliverEvent());
      if (x1 < labelW || x0 > right) {
        continue;
      }
      if (last != null
          && last.from() == a.from()
          && last.to() == a.to()
          && Math.floor(x0) == Math.floor(lastX0)
          && Math.floor(x1) == Math.floor(lastX1)) {
        continue;
      }
      last = a;
      lastX0 = x0;
      lastX1 = x1;
      int r0 = lg.rowOf(a.from());
      int r1 = lg.rowOf(a.to());
      if (lg.cpuAt(r0) < 0 && lg.cpuAt(r1) < 0) {
        continue; // between closed groups: their strips show the handlers the messages start
      }
      if (++drawn > 3000) {
        break;
      }
      double y0 = laneTop + r0 * laneH + laneH / 2;
      double y1 = laneTop + r1 * laneH + laneH / 2;
      Paint p = msgFill(a.mode());
      g.setStroke(p);
      g.setFill(p);
      g.setLineWidth(laneH < 8 ? 0.8 : Math.max(1.5, fs / 6));
      if (a.from() == a.to()) {
        double top = y0 - laneH * 0.9;
        g.beginPath();
        g.moveTo(x0, y0);
        g.bezierCurveTo(x0, top, x1, top, Math.max(x1, x0 + 6), y1 - laneH * 0.2);
        g.stroke();
        arrowHead(g, Math.max(x1, x0 + 6), y1 - laneH * 0.2, 0, 1, fs);
      } else {
        g.strokeLine(x0, y0, x1, y1);
        double dx = x1 - x0;
        double dy = y1 - y0;
        double len = Math.max(1, Math.hypot(dx, dy));
        arrowHead(g, x1, y1, dx / len, dy / len, fs);
      }
    }

    // folds: a break through the bands and lanes
    for (double[] f : foldSpans) {
      double mid = (f[0] + f[1]) / 2;
      double gap = Math.min(fs * 0.6, Math.max(3, (f[1] - f[0]) / 4));
      g.setFill(background.getValue());
      g.fillRect(mid - gap / 2, phaseY, gap, h - phaseY);
      g.setStroke(muted.getValue());
      g.setLineWidth(1.2);
      zigzag(g, mid - gap / 2, phaseY, h, fs);
      zigzag(g, mid + gap / 2, phaseY, h, fs);
    }

    // phase names over the breaks, on their band's colour, so no fold cuts a name
    g.setFont(bold);
    g.setTextAlign(TextAlignment.LEFT);
    g.setTextBaseline(VPos.CENTER);
    for (int i = 0; i < phases.size(); i++) {
      Phase p = phases.get(i);
      double x0 = Math.max(segX(p.start(), p.firstEvent()), plotLeft - fs * 0.9);
      double x1 = Math.min(segX(p.end(), p.endEvent()), right);
      if (i == phases.size() - 1 && ve >= vm.length()) {
        x1 = Math.max(x1, plotRight);
      }
      double tx = Math.max(x0, labelW) + 5;
      double tw = textWidth(p.name(), bold);
      if (x1 - tx < tw + 4) {
        continue;
      }
      g.setFill(phaseFill(i));
      g.fillRect(tx - 3, phaseY + 1, tw + 6, phaseH - 2);
      g.setFill(text.getValue());
      g.fillText(p.name(), tx, phaseY + phaseH / 2);
      phaseText.add(new double[] {tx, tx + tw});
    }

    // the anchor of a shared ruler: one line through every strip
    if (vm.hasRuler() && !steps) {
      double ax = x(vm.axis().toAxis(vm.origin()));
      if (ax >= labelW && ax <= right) {
        anchorX = ax;
        g.setStroke(anchorLine.getValue());
        g.setLineWidth(Math.max(2, fs / 5));
        g.setLineDashes(fs * 0.5, fs * 0.3);
        g.strokeLine(ax, axisBottom, ax, h);
        g.setLineDashes();
      }
    }

    // marks
    drawMarks(g, m, t, bold, small, laneTop, laneTop + n * laneH);

    // the label gutter, drawn last over everything
    g.restore();
    g.save();
    g.setFill(background.getValue());
    g.fillRect(0, 0, labelW, h);
    g.setTextAlign(TextAlignment.LEFT);
    g.setTextBaseline(VPos.CENTER);
    double lx = fs * 0.5;
    // the lane names are what a room reads first: a size up when the lanes have the height
    Font laneFont = laneH >= fs * 1.5 ? Font.font("System", FontWeight.BOLD, fs * 1.12) : bold;
    if (laneH < fs * 1.1) {
      laneFont = Font.font("System", FontWeight.BOLD, Math.max(6, laneH * 0.9));
    }
    for (int r = 0; r < n; r++) {
      double cy = laneTop + r * laneH + laneH / 2;
      if (lg.cpuAt(r) >= 0) {
        gutter(
            g, cpuName(lg.cpuAt(r)), laneFont, text.getValue(), lx + (lg.grouped() ? fs : 0), cy);
      } else {
        groupGutter(g, lg, lg.groupAt(r), laneFont, lx, cy, laneH, fs);
      }
    }
    if (showAxis.get()) {
      gutter(g, steps ? "steps" : "time", small, muted.getValue(), lx, axisY + axisH / 2);
    }
    if (!title.get().isEmpty()) {
      String name = title.get();
      while (name.length() > 2 && textWidth(name, bold) > labelW - lx - 2) {
        name = name.substring(0, name.length() - 2) + "\u2026";
      }
      gutter(g, name, bold, text.getValue(), lx, phaseY + phaseH / 2);
    } else {
      gutter(g, "phase", small, muted.getValue(), lx, phaseY + phaseH / 2);
    }
    gutter(g, "marks", small, muted.getValue(), lx, markTop + fs * 0.9);
  }

  // ------------------------------------------------------------------ lane groups (many CPUs)

  private LaneGroups laneGroups = new LaneGroups(0);
  private DensityStrip[] strips = new DensityStrip[0];
  private double rowsTop;
  private double rowH;

  /** The rows for a model: kept while the CPU count stays, so opened groups stay open. */
  private LaneGroups groups(TimelineModel m) {
    int n = m.lanes().size();
    if (laneGroups.cpuCount() != n) {
      laneGroups = new LaneGroups(n);
      strips = new DensityStrip[laneGroups.groupCount()];
    }
    return laneGroups;
  }

  private DensityStrip strip(int g) {
    if (strips[g] == null) {
      strips[g] = new DensityStrip();
    }
    return strips[g];
  }

  /** The timeline's rows: above 32 CPUs, a strip per group of CPUs, opened on demand. */
  public LaneGroups laneGroups() {
    TimelineModel m = vm.getModel();
    return m == null ? laneGroups : groups(m);
  }

  /** Opens or closes group g: its CPUs' lanes under its strip. */
  public void toggleGroup(int g) {
    LaneGroups lg = laneGroups();
    if (g >= 0 && g < lg.groupCount()) {
      lg.toggle(g);
      requestLayout(); // another row count asks for another height
      invalidateStatic();
    }
  }

  /** The row at y (canvas coordinates) as drawn, or -1. */
  public int rowAt(double y) {
    flush();
    if (rowH <= 0 || y < rowsTop) {
      return -1;
    }
    int r = (int) Math.floor((y - rowsTop) / rowH);
    return r < laneGroups.rowCount() ? r : -1;
  }

  /** The height of a row (a lane or a group's strip) as drawn. */
  public double rowHeight() {
    flush();
    return rowH;
  }

  /** The middle of row r as drawn (canvas y). */
  public double rowY(int r) {
    flush();
    return rowsTop + r * rowH + rowH / 2;
  }

  /** What group g's CPUs do at canvas x, as its strip counted them: "12 running · 4 handler". */
  public String groupText(int g, double x) {
    flush();
    return g < 0 || g >= strips.length || strips[g] == null ? "" : strips[g].describe(x);
  }

  /** How many of group g's CPUs its strip counts in state k at canvas x. */
  public int groupCount(int g, double x, LaneKind k) {
    flush();
    return g < 0 || g >= strips.length || strips[g] == null ? 0 : strips[g].countAt(x, k);
  }

  /**
   * The timeline's keys for its groups while it has the focus: Up and Down pick a group, Enter
   * opens or closes it. False (not handled) when the lanes are not grouped.
   */
  public boolean groupKey(javafx.scene.input.KeyEvent e) {
    LaneGroups lg = laneGroups();
    if (!lg.grouped() || e.isShortcutDown() || e.isAltDown()) {
      return false;
    }
    switch (e.getCode()) {
      case UP -> lg.moveFocus(-1);
      case DOWN -> lg.moveFocus(1);
      case ENTER -> {
        if (lg.focused() < 0) {
          lg.moveFocus(1);
        }
        toggleGroup(lg.focused());
        return true;
      }
      default -> {
        return false;
      }
    }
    invalidateStatic();
    return true;
  }

  private void groupGutter(
      GraphicsContext g, LaneGroups lg, int grp, Font f, double x, double cy, double h, double fs) {
    double t = Math.min(fs * 0.4, Math.max(3, h * 0.35));
    g.setFill(text.getValue());
    if (lg.isExpanded(grp)) {
      polyX[0] = x;
      polyX[1] = x + 2 * t;
      polyX[2] = x + t;
      polyY[0] = cy - t * 0.6;
      polyY[1] = cy - t * 0.6;
      polyY[2] = cy + t * 0.9;
    } else {
      polyX[0] = x + t * 0.3;
      polyX[1] = x + t * 1.8;
      polyX[2] = x + t * 0.3;
      polyY[0] = cy - t;
      polyY[1] = cy;
      polyY[2] = cy + t;
    }
    g.fillPolygon(polyX, polyY, 3);
    String name = lg.label(grp);
    gutter(g, name, f, text.getValue(), x + fs, cy);
    if (lg.focused() == grp) {
      g.setStroke(anchorLine.getValue());
      g.setLineWidth(1.5);
      double tw = textWidth(name, f);
      g.strokeRoundRect(
          x - 2,
          cy - Math.min(h, f.getSize() * 1.3) / 2,
          tw + fs + 6,
          Math.min(h, f.getSize() * 1.3),
          4,
          4);
    }
  }

  private void gutter(GraphicsContext g, String s, Font f, Paint p, double x, double cy) {
    g.setFont(f);
    g.setFill(p);
    g.fillText(s, x, cy);
    double tw = textWidth(s, f);
    gutterLabels.add(
        new Laid(s, new Rectangle2D(x, cy - f.getSize() * 0.65, tw, f.getSize() * 1.3), 0));
  }

  private static boolean collides(Rectangle2D r, List<Laid> placed, double gap) {
    for (Laid l : placed) {
      Rectangle2D o = l.bounds();
      if (r.getMinX() < o.getMaxX() + gap
          && r.getMaxX() + gap > o.getMinX()
          && r.getMinY() < o.getMaxY()
          && r.getMaxY() > o.getMinY()) {
        return true;
      }
    }
    return false;
  }

  /** 1, 2 or 5 times a power of ten, at least {@code v}. */
  static long niceStep(double v) {
    if (v <= 1) {
      return 1;
    }
    long p = 1;
    while (p * 10 <= v) {
      p *= 10;
    }
    for (long k : new long[] {1, 2, 5, 10}) {
      if (k * p >= v) {
        return k * p;
      }
    }
    return 10 * p;
  }

  private String timeLabel(long axisTime, long step) {
    long o = vm.origin();
    if (!vm.hasRuler()) {
      return tickText(axisTime, step);
    }
    long d = axisTime - o;
    return d == 0 ? "0" : (d > 0 ? "+" : "\u2212") + tickText(Math.abs(d), step);
  }

  /**
   * A tick's time with as many digits as its step needs, so neighbouring ticks never read the same
   * (25.0201 ms beside 25.0202 ms, not 25.02 ms twice).
   */
  static String tickText(long ns, long step) {
    long unit;
    String name;
    if (ns < 1_000) {
      return ns + " ns";
    } else if (ns < 1_000_000) {
      unit = 1_000;
      name = " us";
    } else if (ns < 1_000_000_000) {
      unit = 1_000_000;
      name = " ms";
    } else {
      unit = 1_000_000_000;
      name = " s";
    }
    int digits = 0;
    for (long u = unit; u > Math.max(1, step) && digits < 9; u /= 10) {
      digits++;
    }
    String s = String.format(java.util.Locale.ROOT, "%." + digits + "f", ns / (double) unit);
    if (s.contains(".")) {
      s = s.replaceAll("0+$", "");
      if (s.endsWith(".")) {
        s = s.substring(0, s.length() - 1);
      }
    }
    return s + name;
  }

  private void timeTicks(
      GraphicsContext g,
      Font small,
      List<double[]> folds,
      double y,
      double axisH,
      double h,
      boolean clearOfFoldLabels) {
    double fs = fs();
    double spacing = fs * 7;
    TimeAxis ax = vm.axis();
    long lastT = Long.MIN_VALUE;
    long endT = ax.toTime(axisAt(plotRight));
    for (double px0 = plotLeft; px0 <= plotRight; px0 += spacing / 3) {
      long t0 = ax.toTime(axisAt(px0));
      // the local scale, read over a few pixels: a fold further on must not set it
      double perPx = (ax.toTime(axisAt(px0 + 4)) - t0) / 4.0;
      if (perPx <= 0) {
        continue;
      }
      long step = niceStep(perPx * spacing);
      long rel = t0 - vm.origin();
      long t = Math.floorDiv(rel + step - 1, step) * step + vm.origin();
      if (t <= lastT || t > endT) {
        continue;
      }
      double px = x(ax.toAxis(t));
      if (px < plotLeft - 0.5 || px > plotRight + 0.5) {
        continue;
      }
      boolean inFold = false;
      for (double[] f : folds) {
        if (px > f[0] - 2 && px < f[1] + 2) {
          inFold = true;
          break;
        }
      }
      if (inFold) {
        continue;
      }
      String label = timeLabel(t, step);
      double lw = textWidth(label, small);
      double lx = Math.max(labelW + 1, Math.min(canvas.getWidth() - lw - 1, px - lw / 2));
      Rectangle2D r = new Rectangle2D(lx, y, lw, fs * 1.2);
      if (collides(r, tickLabels, fs * 0.8)
          || (clearOfFoldLabels && collides(r, foldLabels, fs * 0.6))) {
        continue;
      }
      tickLabels.add(new Laid(label, r, t - vm.origin()));
      lastT = t;
      g.setStroke(grid.getValue());
      g.strokeLine(Math.round(px) + 0.5, y + axisH - 3, Math.round(px) + 0.5, h);
      g.setFill(muted.getValue());
      g.setTextAlign(TextAlignment.LEFT);
      g.setTextBaseline(VPos.TOP);
      g.fillText(label, lx, y);
    }
  }

  private void stepTicks(
      GraphicsContext g, Font small, double vs, double ve, double y, double axisH, double h) {
    double fs = fs();
    double per = (ve - vs) / Math.max(1, (plotRight - plotLeft) / (fs * 7));
    long step = niceStep(per);
    for (long k = (long) Math.ceil(vs / step) * step; k <= ve; k += step) {
      double px = x(k);
      String label = "#" + k;
      double lw = textWidth(label, small);
      double lx = Math.max(labelW + 1, Math.min(canvas.getWidth() - lw - 1, px - lw / 2));
      Rectangle2D r = new Rectangle2D(lx, y, lw, fs * 1.2);
      if (collides(r, tickLabels, fs * 0.8)) {
        continue;
      }
      tickLabels.add(new Laid(label, r, k));
      g.setStroke(grid.getValue());
      g.strokeLine(Math.round(px) + 0.5, y + axisH - 3, Math.round(px) + 0.5, h);
      g.setFill(muted.getValue());
      g.setTextAlign(TextAlignment.LEFT);
      g.setTextBaseline(VPos.TOP);
      g.fillText(label, lx, y);
    }
  }

  /**
   * The first mark (in event order) drawn at or right of x = {@code from}; marks are in x order.
   */
  private int firstMarkFrom(MarkTrack mt, double from) {
    int lo = 0;
    int hi = mt.size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (pointX(mt.time[mid], mt.event[mid]) < from) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  // per level of mark labels, the pixel columns a placed label (and its gap) covers
  private boolean[][] occupied = new boolean[0][];

  private boolean free(int level, double x0, double x1) {
    boolean[] row = occupied[level];
    int a = Math.max(0, (int) Math.floor(x0));
    int b = Math.min(row.length - 1, (int) Math.ceil(x1));
    for (int i = a; i <= b; i++) {
      if (row[i]) {
        return false;
      }
    }
    return true;
  }

  private void occupy(int level, double x0, double x1) {
    boolean[] row = occupied[level];
    int a = Math.max(0, (int) Math.floor(x0));
    int b = Math.min(row.length - 1, (int) Math.ceil(x1));
    for (int i = a; i <= b; i++) {
      row[i] = true;
    }
  }

  private void drawMarks(
      GraphicsContext g,
      TimelineModel m,
      Trace t,
      Font bold,
      Font small,
      double lanesTop,
      double lanesBottom) {
    double fs = fs();
    double d = fs * 0.45;
    double y = markTop + d + 1;
    double left = labelW;
    double right = canvas.getWidth();
    MarkTrack mt = m.markTrack();
    hitTrack = mt;

    // the outcome: where the run ends up, drawn as a flag through every lane
    org.apicflow.machine.Outcome out = t.outcome();
    int outcomeMark = mt.outcome;
    String outcomeWord =
        switch (out.kind()) {
          case OK -> "OK";
          case OOPS -> "OOPS";
          case HANG -> "HANG";
        };
    Paint outcomePaint =
        switch (out.kind()) {
          case OK -> outcomeOk.getValue();
          case OOPS -> oops.getValue();
          case HANG -> outcomeHang.getValue();
        };
    long outTime = outcomeMark >= 0 ? mt.time[outcomeMark] : out.time();
    int outEvent = outcomeMark >= 0 ? mt.event[outcomeMark] : Math.max(0, t.size() - 1);
    double ox = pointX(outTime, outEvent);

    // every mark in view gets a diamond, one per pixel column: the most important one there
    // (anything a status line names is on the timeline)
    int from = firstMarkFrom(mt, left - 2);
    int to = from;
    Paint mutedPaint = muted.getValue();
    Paint textPaint = text.getValue();
    int column = Integer.MIN_VALUE;
    int best = -1;
    for (int i = from; i <= mt.size; i++) {
      double px = i < mt.size ? pointX(mt.time[i], mt.event[i]) : Double.POSITIVE_INFINITY;
      int col = i < mt.size && px <= right + 2 ? (int) Math.floor(px) : Integer.MAX_VALUE;
      if (col != column && best >= 0) {
        double bx = pointX(mt.time[best], mt.event[best]);
        double dd = mt.builtIn[best] ? d * 0.8 : d;
        addHit(bx, best);
        g.setFill(mt.builtIn[best] ? mutedPaint : textPaint);
        diamond(g, bx, y, dd);
        best = -1;
      }
      if (col == Integer.MAX_VALUE) {
        break;
      }
      to = i + 1;
      if (Double.isNaN(firstEventX)) {
        firstEventX = px;
      }
      lastEventX = px;
      column = col;
      if (mt.priority[i] == MarkTrack.OUTCOME) {
        continue; // the outcome flag stands for it
      }
      if (best < 0 || mt.priority[i] < mt.priority[best]) {
        best = i;
      }
    }
    if (t.size() > 0) {
      double e0 = pointX(t.time(0), 0);
      double e1 = pointX(t.time(t.size() - 1), t.size() - 1);
      firstEventX = Double.isNaN(firstEventX) ? e0 : Math.min(firstEventX, e0);
      lastEventX = Double.isNaN(lastEventX) ? e1 : Math.max(lastEventX, e1);
    }

    // labels: the outcome first, then by importance; a label with no room stays in the tooltip
    List<Laid> placed = markLabels;
    double rowH = fs * 1.25;
    double labelTop = y + d + 2;
    int levelsMax = markLevels();
    int cols = (int) Math.ceil(right) + 2;
    if (occupied.length < levelsMax || occupied[0].length != cols) {
      occupied = new boolean[Math.max(2, levelsMax)][cols];
    } else {
      for (boolean[] row : occupied) {
        java.util.Arrays.fill(row, false);
      }
    }
    if (ox >= left - 2 && ox <= right + 2 && !m.partial()) {
      outcomeX = ox;
      lastEventX = Double.isNaN(lastEventX) ? ox : Math.max(lastEventX, ox);
      g.setStroke(outcomePaint);
      g.setLineWidth(Math.max(2.5, fs / 4));
      g.strokeLine(ox, markTop, ox, lanesBottom);
      double od = d * 1.5;
      g.setFill(outcomePaint);
      diamond(g, ox, y, od);
      double tw = textWidth(outcomeWord, bold);
      double pad = fs * 0.35;
      double bx = Math.max(left + 2, Math.min(right - tw - 2 * pad - 2, ox - tw / 2 - pad));
      Rectangle2D r = new Rectangle2D(bx, labelTop, tw + 2 * pad, rowH);
      g.fillRoundRect(r.getMinX(), r.getMinY(), r.getWidth(), r.getHeight(), fs * 0.6, fs * 0.6);
      g.setFill(
          out.kind() == org.apicflow.machine.Outcome.Kind.HANG
              ? Color.web("#1b1f24")
              : Color.WHITE);
      g.setFont(bold);
      g.setTextAlign(TextAlignment.LEFT);
      g.setTextBaseline(VPos.CENTER);
      g.fillText(outcomeWord, bx + pad, labelTop + rowH / 2);
      placed.add(new Laid(outcomeWord, r, outTime));
      occupy(0, r.getMinX(), r.getMaxX());
      outcomeHitX = ox;
      outcomeHitWhat =
          outcomeMark >= 0
              ? mt.mark(outcomeMark)
              : outcomeWord + ": " + out.reason() + "\n" + Times.format(out.time());
    }
    // the same simulator label many times close together: one label is enough
    double[] lastOfLabel = new double[mt.labels.length];
    java.util.Arrays.fill(lastOfLabel, Double.NaN);
    double gap = fs * 0.5;
    double repeat = fs * 10;
    for (int k = 0; k < mt.byPriority.length; k++) {
      int i = mt.byPriority[k];
      if (i < from || i >= to) {
        continue; // out of view
      }
      double px = pointX(mt.time[i], mt.event[i]);
      if (px < left - 2 || px > right + 2) {
        continue;
      }
      int id = mt.label[i];
      boolean builtIn = mt.builtIn[i];
      double seen = lastOfLabel[id];
      if (builtIn && !Double.isNaN(seen) && Math.abs(px - seen) < repeat) {
        continue;
      }
      double tw = markLabelWidth(mt, id, builtIn, bold, small);
      double lx = Math.max(left + 2, Math.min(right - tw - 2, px - tw / 2));
      int levels = mt.priority[i] <= MarkTrack.MAJOR ? levelsMax : 1;
      for (int level = 0; level < levels; level++) {
        if (!free(level, lx - gap, lx + tw + gap)) {
          continue;
        }
        Rectangle2D r = new Rectangle2D(lx, labelTop + level * rowH, tw, rowH);
        String label = mt.labels[id];
        placed.add(new Laid(label, r, mt.time[i]));
        occupy(level, lx, lx + tw);
        lastOfLabel[id] = px;
        if (level > 0) {
          // a staggered label hangs from its mark by a thin leader
          g.setStroke(mutedPaint);
          g.setLineWidth(1);
          g.strokeLine(px + 0.5, y + d, px + 0.5, r.getMinY() + 1);
        }
        g.setFont(builtIn ? small : bold);
        g.setFill(builtIn ? mutedPaint : textPaint);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(label, lx, r.getMinY() + rowH / 2);
        break;
      }
    }
  }

  private static void arrowHead(
      GraphicsContext g, double x, double y, double ux, double uy, double fs) {
    double s = Math.max(5, fs * 0.6);
    double px = -uy;
    double py = ux;
    g.fillPolygon(
        new double[] {x, x - ux * s + px * s * 0.5, x - ux * s - px * s * 0.5},
        new double[] {y, y - uy * s + py * s * 0.5, y - uy * s - py * s * 0.5},
        3);
  }

  private static void zigzag(GraphicsContext g, double x, double y0, double y1, double fs) {
    double step = Math.max(4, fs * 0.5);
    g.beginPath();
    g.moveTo(x, y0);
    boolean out = true;
    for (double y = y0 + step; y < y1; y += step) {
      g.lineTo(x + (out ? step * 0.35 : -step * 0.35), y);
      out = !out;
    }
    g.stroke();
  }
}
