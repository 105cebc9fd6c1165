package org.apicflow.ui.timeline;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.value.ObservableValue;
import javafx.css.CssMetaData;
import javafx.css.Styleable;
import javafx.css.StyleableProperty;
import javafx.css.StyleablePropertyFactory;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
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
 * one canvas (thousands of segments would be too many nodes). Colours and type size come from CSS
 * ({@code -tl-*} properties), so themes and presenter mode restyle it.
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

  private final TimelineViewModel vm;
  private final Canvas canvas = new Canvas();
  private final List<double[]> markHits = new ArrayList<>();
  private final List<Mark> markHitMarks = new ArrayList<>();
  private double markTop;
  private double markBottom;

  public TimelineCanvas(TimelineViewModel vm) {
    this.vm = vm;
    getStyleClass().add("timeline-canvas");
    getChildren().add(canvas);
    setMinHeight(120);
    vm.modelProperty().addListener(o -> draw());
    vm.viewStartProperty().addListener(o -> draw());
    vm.viewEndProperty().addListener(o -> draw());
    vm.axisModeProperty().addListener(o -> draw());
    vm.playback().positionProperty().addListener(o -> draw());
    for (CssMetaData<? extends Styleable, ?> md : CSS.getCssMetaData()) {
      @SuppressWarnings("unchecked")
      CssMetaData<TimelineCanvas, ?> m = (CssMetaData<TimelineCanvas, ?>) md;
      if (m.getStyleableProperty(this) instanceof ObservableValue<?> ov) {
        ov.addListener(o -> draw());
      }
    }
    canvas.setOnMousePressed(this::press);
    canvas.setOnMouseDragged(this::drag);
    canvas.setOnScroll(this::scroll);
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

  @Override
  protected void layoutChildren() {
    double w = Math.floor(getWidth());
    double h = Math.floor(getHeight());
    if (canvas.getWidth() != w || canvas.getHeight() != h) {
      canvas.setWidth(w);
      canvas.setHeight(h);
    }
    draw();
  }

  // ------------------------------------------------------------------ geometry

  private double fs() {
    return fontSize.getValue().doubleValue();
  }

  private double labelW() {
    return fs() * 6.2;
  }

  private double x(double a) {
    double s = vm.viewStartProperty().get();
    double e = vm.viewEndProperty().get();
    double w = canvas.getWidth() - labelW() - 10;
    return labelW() + (a - s) / Math.max(1e-9, e - s) * w;
  }

  private double axisAt(double px) {
    double s = vm.viewStartProperty().get();
    double e = vm.viewEndProperty().get();
    double w = canvas.getWidth() - labelW() - 10;
    return s + (px - labelW()) / Math.max(1, w) * (e - s);
  }

  /** Where a single event is drawn: its time, or the middle of its step. */
  private double pointX(long time, int event) {
    return vm.axisModeProperty().get() == AxisMode.STEPS ? x(event + 0.5) : x(vm.timeToAxis(time));
  }

  /** Where a stretch starting (or ending) at an event boundary is drawn. */
  private double segX(long time, int event) {
    return vm.axisModeProperty().get() == AxisMode.STEPS ? x(event) : x(vm.timeToAxis(time));
  }

  // ------------------------------------------------------------------ input

  private void press(MouseEvent e) {
    if (e.getY() >= markTop && e.getY() <= markBottom) {
      Mark best = null;
      double bestD = fs() * 0.9;
      for (int i = 0; i < markHits.size(); i++) {
        double d = Math.abs(markHits.get(i)[0] - e.getX());
        if (d < bestD) {
          bestD = d;
          best = markHitMarks.get(i);
        }
      }
      if (best != null) {
        vm.jumpTo(best);
        return;
      }
    }
    drag(e);
  }

  private void drag(MouseEvent e) {
    if (e.getX() >= labelW() - 4) {
      vm.scrubTo(axisAt(Math.max(labelW(), e.getX())));
    }
  }

  private void scroll(ScrollEvent e) {
    if (e.getDeltaY() == 0) {
      return;
    }
    double factor = Math.pow(1.2, -e.getDeltaY() / 40.0);
    vm.zoom(factor, axisAt(Math.max(labelW(), e.getX())));
    e.consume();
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

  private final java.util.Map<String, Double> widths = new java.util.HashMap<>();
  private final Text measure = new Text();

  /** Text widths, cached: measuring is the costly part of drawing labels. */
  private double textWidth(String s, Font f) {
    String key = f.getName() + f.getSize() + "|" + s;
    Double w = widths.get(key);
    if (w == null) {
      if (widths.size() > 5000) {
        widths.clear();
      }
      measure.setFont(f);
      measure.setText(s);
      w = measure.getLayoutBounds().getWidth();
      widths.put(key, w);
    }
    return w;
  }

  void draw() {
    GraphicsContext g = canvas.getGraphicsContext2D();
    double w = canvas.getWidth();
    double h = canvas.getHeight();
    g.setFill(background.getValue());
    g.fillRect(0, 0, w, h);
    TimelineModel m = vm.getModel();
    markHits.clear();
    markHitMarks.clear();
    if (m == null || w < 50 || h < 40) {
      return;
    }
    Trace t = m.trace();
    boolean steps = vm.axisModeProperty().get() == AxisMode.STEPS;
    double fs = fs();
    Font font = Font.font("System", fs);
    Font bold = Font.font("System", FontWeight.BOLD, fs);
    Font small = Font.font("System", fs * 0.85);
    double left = labelW();
    double right = w - 10;

    double axisY = 2;
    double axisH = fs * 1.35;
    double phaseY = axisY + axisH + 2;
    double phaseH = fs * 1.7;
    markTop = phaseY + phaseH + 2;
    double markH = fs * 2.9;
    markBottom = markTop + markH;
    double laneTop = markBottom + 4;
    int n = m.lanes().size();
    double laneH = Math.max(1, Math.min(fs * 2.6, (h - laneTop - 4) / Math.max(1, n)));
    double inset = laneH >= 8 ? 2 : 0;

    g.save();
    g.beginPath();
    g.rect(left, 0, right - left, h);
    g.clip();

    // where the fold labels go, so tick labels keep clear of them
    List<double[]> foldLabels = new ArrayList<>();
    if (!steps) {
      for (TimeAxis.Fold f : m.axis().folds()) {
        double mid = (x(f.axisStart()) + x(f.axisEnd())) / 2;
        double lw = textWidth("\u2248 " + Times.format(f.duration()), small);
        if (mid > left && mid < right) {
          foldLabels.add(new double[] {mid - lw / 2, mid + lw / 2});
        }
      }
    }

    // axis ticks
    g.setTextBaseline(VPos.TOP);
    g.setFont(small);
    g.setStroke(grid.getValue());
    g.setLineWidth(1);
    double vs = vm.viewStartProperty().get();
    double ve = vm.viewEndProperty().get();
    int ticks = (int) Math.max(2, Math.min(10, (right - left) / (fs * 9)));
    g.setTextAlign(TextAlignment.LEFT);
    for (int i = 0; i <= ticks; i++) {
      double a = vs + (ve - vs) * i / ticks;
      double px = x(a);
      g.strokeLine(px + 0.5, axisY + axisH - 4, px + 0.5, h);
      String label = steps ? "#" + Math.round(a) : Times.format(m.axis().toTime(a));
      g.setFill(muted.getValue());
      double lw = textWidth(label, small);
      boolean clash = false;
      for (double[] r : foldLabels) {
        if (px + 3 < r[1] + 4 && px + 3 + lw > r[0] - 4) {
          clash = true;
          break;
        }
      }
      if (i < ticks && !clash) {
        g.fillText(label, px + 3, axisY);
      }
    }

    // phase bands
    List<Phase> phases = t.phases();
    g.setTextBaseline(VPos.CENTER);
    for (int i = 0; i < phases.size(); i++) {
      Phase p = phases.get(i);
      double x0 = segX(p.start(), p.firstEvent());
      double x1 = segX(p.end(), p.endEvent());
      if (x1 < left || x0 > right) {
        continue;
      }
      g.setFill(phaseFill(i));
      g.fillRect(x0, phaseY, Math.max(1, x1 - x0), phaseH);
      g.setFill(text.getValue());
      g.setFont(bold);
      g.setTextAlign(TextAlignment.LEFT);
      if (x1 - x0 > textWidth(p.name(), bold) + 8) {
        g.fillText(p.name(), Math.max(x0, left) + 5, phaseY + phaseH / 2);
      }
    }

    // lanes
    for (int c = 0; c < n; c++) {
      double y = laneTop + c * laneH;
      for (Segment s : m.lanes().get(c)) {
        double x0 = segX(s.start(), s.firstEvent());
        double x1 = segX(s.end(), s.endEvent());
        if (x1 < left || x0 > right) {
          continue;
        }
        double bw = Math.max(1, x1 - x0);
        g.setFill(laneFill(s.kind()));
        g.fillRect(x0, y + inset, bw, Math.max(1, laneH - 2 * inset));
        if (laneH >= fs * 1.4 && bw > textWidth(s.label(), font) + 8) {
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
          g.fillText(s.label(), Math.max(x0, left) + 4, y + laneH / 2);
        }
      }
    }

    // arrows
    int drawn = 0;
    for (Arrow a : m.arrows()) {
      double x0 = pointX(a.sent(), a.sendEvent());
      double x1 = pointX(a.delivered(), a.deliverEvent());
      if (x1 < left || x0 > right) {
        continue;
      }
      if (++drawn > 3000) {
        break;
      }
      double y0 = laneTop + a.from() * laneH + laneH / 2;
      double y1 = laneTop + a.to() * laneH + laneH / 2;
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

    // folds
    if (!steps) {
      for (TimeAxis.Fold f : m.axis().folds()) {
        double x0 = x(f.axisStart());
        double x1 = x(f.axisEnd());
        if (x1 < left || x0 > right) {
          continue;
        }
        double mid = (x0 + x1) / 2;
        double gap = Math.min(fs * 0.6, Math.max(3, (x1 - x0) / 4));
        g.setFill(background.getValue());
        g.fillRect(mid - gap / 2, phaseY, gap, h - phaseY);
        g.setStroke(muted.getValue());
        g.setLineWidth(1.2);
        zigzag(g, mid - gap / 2, phaseY, h, fs);
        zigzag(g, mid + gap / 2, phaseY, h, fs);
        g.setFont(small);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        g.setFill(muted.getValue());
        g.fillText("\u2248 " + Times.format(f.duration()), mid, axisY + axisH * 0.05);
      }
    }

    // marks
    drawMarks(g, t, bold, small, left, right);

    // cursor
    double cx = x(vm.positionToAxis(vm.playback().getPosition()));
    g.setStroke(cursor.getValue());
    g.setLineWidth(2);
    g.strokeLine(cx, phaseY, cx, h);
    g.setFill(cursor.getValue());
    g.fillPolygon(
        new double[] {cx - fs * 0.55, cx + fs * 0.55, cx},
        new double[] {phaseY - fs * 0.3, phaseY - fs * 0.3, phaseY + fs * 0.5},
        3);
    g.restore();

    // lane labels
    g.setFill(background.getValue());
    g.fillRect(0, 0, left, h);
    g.setFill(text.getValue());
    g.setFont(bold);
    g.setTextAlign(TextAlignment.LEFT);
    g.setTextBaseline(VPos.CENTER);
    if (laneH >= fs * 0.9) {
      for (int c = 0; c < n; c++) {
        g.fillText("CPU " + c, 6, laneTop + c * laneH + laneH / 2);
      }
    } else {
      g.fillText(n + " CPUs", 6, laneTop + 10);
    }
    g.setFont(small);
    g.setFill(muted.getValue());
    g.fillText(steps ? "steps" : "time", 6, axisY + axisH / 2);
    g.fillText("phase", 6, phaseY + phaseH / 2);
    g.fillText("marks", 6, markTop + markH / 2);
  }

  private void drawMarks(
      GraphicsContext g, Trace t, Font bold, Font small, double left, double right) {
    double fs = fs();
    double d = fs * 0.45;
    double y = markTop + d + 1;
    // named marks first, then how the run ends: they get the labels when space is short
    List<Mark> ordered = new ArrayList<>(t.namedMarks());
    for (Mark mk : t.marks()) {
      if (mk.builtIn() && (mk.name().equals("oops") || mk.name().equals("hang"))) {
        ordered.add(mk);
      }
    }
    for (Mark mk : t.marks()) {
      if (mk.builtIn()
          && !mk.name().equals("irr-set")
          && !mk.name().equals("eoi")
          && !mk.name().equals("oops")
          && !mk.name().equals("hang")) {
        ordered.add(mk);
      }
    }
    List<double[]> labels = new ArrayList<>();
    String lastBuiltIn = "";
    double lastBuiltInX = -1e9;
    for (Mark mk : ordered) {
      double px = pointX(mk.time(), mk.event());
      if (px < left - 2 || px > right + 2) {
        continue;
      }
      markHits.add(new double[] {px});
      markHitMarks.add(mk);
      g.setFill(mk.builtIn() ? muted.getValue() : text.getValue());
      if (mk.name().equals("oops") || mk.name().equals("hang")) {
        g.setFill(oops.getValue());
      }
      g.fillPolygon(new double[] {px, px + d, px, px - d}, new double[] {y - d, y, y + d, y}, 4);
      Font f = mk.builtIn() ? small : bold;
      String label = mk.name();
      if (mk.builtIn() && label.equals(lastBuiltIn) && px - lastBuiltInX < fs * 8) {
        continue; // the same simulator mark on many CPUs at once: one label is enough
      }
      if (mk.builtIn()) {
        lastBuiltIn = label;
        lastBuiltInX = px;
      }
      double tw = textWidth(label, f);
      double cx = Math.max(left + tw / 2 + 2, Math.min(right - tw / 2 - 2, px));
      for (int level = 0; level < 2; level++) {
        double lx = cx - tw / 2;
        boolean overlaps = false;
        for (double[] l : labels) {
          if (l[2] == level && lx < l[1] + 6 && lx + tw > l[0] - 6) {
            overlaps = true;
            break;
          }
        }
        if (!overlaps) {
          labels.add(new double[] {lx, lx + tw, level});
          g.setFont(f);
          g.setTextAlign(TextAlignment.CENTER);
          g.setTextBaseline(VPos.TOP);
          g.fillText(label, cx, y + d + 1 + level * fs * 1.15);
          break;
        }
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
