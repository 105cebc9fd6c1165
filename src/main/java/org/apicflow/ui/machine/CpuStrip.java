package org.apicflow.ui.machine;

import java.util.Arrays;
import java.util.List;
import javafx.css.CssMetaData;
import javafx.css.Styleable;
import javafx.css.StyleableProperty;
import javafx.css.StyleablePropertyFactory;
import javafx.geometry.Orientation;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;
import javafx.util.Duration;

/**
 * Above sixteen CPUs, a chip per CPU, a canvas per row of chips: its number on the colour of its
 * state badge, a notch when its IRR holds a request, a ring when it is the CPU of the current
 * event, a thick ring when it is pinned. 255 labels, each restyled per step, were most of a frame;
 * here a step redraws only the chips whose look changed, and only their rows' canvases are painted
 * again (one canvas for the whole strip made the whole strip a dirty region at every step). A click
 * pins a CPU; the tooltip (made on first hover) names the CPU's state and its set bits.
 */
public final class CpuStrip extends Region {
  private static final StyleablePropertyFactory<CpuStrip> CSS =
      new StyleablePropertyFactory<>(Region.getClassCssMetaData());

  private final java.util.Map<String, StyleableProperty<Paint>> paints = new java.util.HashMap<>();
  private final java.util.EnumMap<Badge, StyleableProperty<Paint>> badgeFills = badgeFills();
  private final StyleableProperty<Paint> ring = paint("ring", "-chip-ring", "#1f2328");
  private final StyleableProperty<Paint> notch = paint("notch", "-chip-notch", "#ffd33d");
  private double typeSize = 11;

  /** A canvas per row of chips, top to bottom. */
  private final List<Canvas> rows = new java.util.ArrayList<>();

  private final MachineViewModel vm;
  private List<CpuCardViewModel> cpus = List.of();

  /** What each chip looks like now: badge, pinned, current, IRR pending (a key per chip). */
  private int[] drawn = new int[0];

  private boolean all = true;
  private double chipW;
  private double chipH;
  private int perRow = 1;
  private int redrawnChips;
  private Tooltip tip; // made on first hover

  public CpuStrip(MachineViewModel vm) {
    this.vm = vm;
    getStyleClass().add("cpu-strip");
    setId("cpu-strip");
    for (CssMetaData<? extends Styleable, ?> md : CSS.getCssMetaData()) {
      @SuppressWarnings("unchecked")
      CssMetaData<CpuStrip, ?> m = (CssMetaData<CpuStrip, ?>) md;
      if (m.getStyleableProperty(this) instanceof javafx.beans.value.ObservableValue<?> ov) {
        ov.addListener(
            o -> {
              all = true;
              requestLayout();
            });
      }
    }
    setOnMouseClicked(
        e -> {
          int c = chipAt(e);
          if (c >= 0) {
            vm.toggleSelect(c);
          }
        });
    LazyTip.install(
        this,
        t -> {
          t.setShowDelay(Duration.millis(150));
          t.setWrapText(true);
          t.setMaxWidth(420);
          tip = t;
        });
    addEventHandler(MouseEvent.MOUSE_MOVED, this::hover);
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

  /** The CPUs to show, a chip each. */
  public void setCpus(List<CpuCardViewModel> list) {
    cpus = List.copyOf(list);
    drawn = new int[cpus.size()];
    all = true;
    requestLayout();
  }

  /** How many chips the strip draws. */
  public int chipCount() {
    return cpus.size();
  }

  /** The chips redrawn so far (a step redraws only those whose look changed). */
  public int redrawnChips() {
    return redrawnChips;
  }

  /** Where chip {@code cpu} is drawn, from the top left corner inside the strip's insets. */
  public javafx.geometry.Rectangle2D chipBounds(int cpu) {
    return new javafx.geometry.Rectangle2D(chipX(cpu), chipY(cpu), chipW, chipH);
  }

  /** The CPU whose chip is at (x, y), measured as {@link #chipBounds}; -1 where there is none. */
  public int chipAt(double x, double y) {
    if (chipW <= 0) {
      return -1;
    }
    int col = (int) Math.floor(x / (chipW + gap()));
    int row = (int) Math.floor(y / (chipH + gap()));
    if (col < 0 || col >= perRow || row < 0) {
      return -1;
    }
    int c = row * perRow + col;
    if (c >= cpus.size() || x - chipX(c) > chipW || y - chipY(c) > chipH) {
      return -1;
    }
    return c;
  }

  /** The CPU whose chip is under the pointer of an event on the strip, or -1. */
  private int chipAt(MouseEvent e) {
    return chipAt(e.getX() - snappedLeftInset(), e.getY() - snappedTopInset());
  }

  /** The tooltip's text for a CPU: its number, its badge, its set bits. */
  public String describe(int c) {
    CpuCardState s = cpus.get(c).getState();
    if (s == null) {
      return "CPU " + c;
    }
    return "CPU "
        + c
        + ": "
        + s.badgeText()
        + "\n"
        + s.bitsText()
        + "\nClick to show and pin it; click again to follow the events";
  }

  private void hover(MouseEvent e) {
    if (tip == null) {
      return;
    }
    int c = chipAt(e);
    tip.setText(c < 0 ? "A chip per CPU, coloured by its state" : describe(c));
  }

  /** Redraws the chips whose look changed since they were drawn (called once per frame). */
  public void refresh() {
    if (all) {
      requestLayout();
      return;
    }
    for (int c = 0; c < cpus.size(); c++) {
      int k = key(c);
      if (k != drawn[c]) {
        chip(c, k);
      }
    }
  }

  /** The canvases, a row of chips each, top to bottom. */
  public List<Canvas> rowCanvases() {
    return List.copyOf(rows);
  }

  /**
   * Draws every chip again on cleared rows, as after a change of size: the picture a step's
   * chip-by-chip drawing must equal.
   */
  public void redrawWhole() {
    if (rows.isEmpty()) {
      return; // not laid out yet
    }
    for (Canvas row : rows) {
      row.getGraphicsContext2D().clearRect(0, 0, row.getWidth(), row.getHeight());
    }
    for (int c = 0; c < cpus.size(); c++) {
      chip(c, key(c));
    }
  }

  private double fs() {
    return typeSize;
  }

  /** The chips' type size in px (the machine view's, so presenter mode makes them larger). */
  public void setTypeSize(double px) {
    if (px != typeSize) {
      typeSize = px;
      all = true;
      requestLayout();
    }
  }

  private double gap() {
    return gapAt(fs());
  }

  private static double gapAt(double type) {
    return Math.max(2, Math.round(type * 0.3));
  }

  private void measure(double width) {
    chipW = chipWidth(fs());
    chipH = chipHeight(fs());
    perRow = perRowAt(fs(), width);
  }

  /** How many chips a row of this width holds at a type size. */
  private int perRowAt(double type, double width) {
    double gap = gapAt(type);
    return Math.max(1, (int) Math.floor((width + gap) / (chipWidth(type) + gap)));
  }

  /** A chip's width at a type size: the widest number, with a little room either side. */
  private double chipWidth(double type) {
    return Math.ceil(type * (cpus.size() > 100 ? 2.3 : cpus.size() > 10 ? 1.9 : 1.5));
  }

  private static double chipHeight(double type) {
    return Math.ceil(type * 1.55);
  }

  /** How many rows of chips the strip takes at a type size and width. */
  public int rowsAt(double type, double width) {
    int per = perRowAt(type, width);
    return (cpus.size() + per - 1) / per;
  }

  private double chipX(int c) {
    return (c % perRow) * (chipW + gap());
  }

  private double chipY(int c) {
    return (c / perRow) * (chipH + gap());
  }

  @Override
  public Orientation getContentBias() {
    return Orientation.HORIZONTAL;
  }

  @Override
  protected double computePrefHeight(double width) {
    // measured without touching the laid-out chips' size (the rows drawn in keep theirs)
    double w = width > 0 ? width : 600;
    int count = rowsAt(fs(), w - snappedLeftInset() - snappedRightInset());
    double h = chipHeight(fs());
    return snappedTopInset() + snappedBottomInset() + Math.max(0, count * (h + gap()) - gap());
  }

  @Override
  protected double computeMinHeight(double width) {
    return computePrefHeight(width);
  }

  @Override
  protected double computePrefWidth(double height) {
    return 600;
  }

  @Override
  protected void layoutChildren() {
    double x = snappedLeftInset();
    double y = snappedTopInset();
    double w = Math.floor(getWidth() - x - snappedRightInset());
    double h = Math.floor(getHeight() - y - snappedBottomInset());
    if (w <= 0 || h <= 0) {
      return;
    }
    double oldW = chipW;
    int oldPer = perRow;
    measure(w);
    int count = (cpus.size() + perRow - 1) / perRow;
    if (count != rows.size()) {
      while (rows.size() > count) {
        rows.remove(rows.size() - 1);
      }
      while (rows.size() < count) {
        rows.add(new Canvas());
      }
      getChildren().setAll(rows);
      all = true;
    }
    for (int r = 0; r < count; r++) {
      Canvas row = rows.get(r);
      row.relocate(x, y + r * (chipH + gap()));
      // a strip given less than its height shows the rows that fit, never one over what follows
      row.setVisible(r * (chipH + gap()) + chipH <= h + 0.5);
      if (row.getWidth() != w || row.getHeight() != chipH) {
        row.setWidth(w);
        row.setHeight(chipH);
        all = true;
      }
    }
    if (all || oldW != chipW || oldPer != perRow) {
      all = false;
      redrawWhole();
    } else {
      refresh();
    }
  }

  /** A chip's look as one number: badge, pinned, current event, IRR pending. */
  private int key(int c) {
    CpuCardViewModel m = cpus.get(c);
    CpuCardState s = m.getState();
    if (s == null) {
      return -1;
    }
    return 1
        + s.badge().ordinal()
        + (m.selectedProperty().get() ? 16 : 0)
        + (s.active() ? 32 : 0)
        + (s.irr().isEmpty() ? 0 : 64);
  }

  /** Draws chip {@code c} with look {@code k} on its row's canvas. */
  private void chip(int c, int k) {
    drawn[c] = k;
    redrawnChips++;
    GraphicsContext g = rows.get(c / perRow).getGraphicsContext2D();
    double x = chipX(c);
    double y = 0; // the row's canvas starts at the chip's top
    double r = chipH * 0.45;
    g.clearRect(x - 1, y - 1, chipW + 2, chipH + 2);
    if (k < 0) {
      return;
    }
    CpuCardState s = cpus.get(c).getState();
    Badge b = s.badge();
    g.setFill(badgeFill(b));
    g.fillRoundRect(x, y, chipW, chipH, r * 2, r * 2);
    if ((k & 64) != 0) {
      // a request waits in IRR: a notch in the corner
      g.setFill(notch.getValue());
      double n = Math.max(4, chipH * 0.35);
      g.fillPolygon(
          new double[] {x + chipW - n - 1, x + chipW - 1, x + chipW - 1},
          new double[] {y + 1, y + 1, y + n + 1},
          3);
    }
    if ((k & 48) != 0) {
      boolean pinned = (k & 16) != 0;
      g.setStroke(ring.getValue());
      g.setLineWidth(pinned ? 2.5 : 1.5);
      g.strokeRoundRect(x + 0.75, y + 0.75, chipW - 1.5, chipH - 1.5, r * 2, r * 2);
    }
    g.setFill(b == Badge.IF_OFF ? Color.web("#1b1f24") : Color.WHITE);
    g.setFont(Font.font("System", FontWeight.BOLD, fs()));
    g.setTextAlign(TextAlignment.CENTER);
    g.setTextBaseline(VPos.CENTER);
    g.fillText(Integer.toString(c), x + chipW / 2, y + chipH / 2, chipW - 2);
  }

  private Paint badgeFill(Badge b) {
    return badgeFills.get(b).getValue();
  }

  /** A CSS colour per badge (halted and offline share one). */
  private java.util.EnumMap<Badge, StyleableProperty<Paint>> badgeFills() {
    java.util.EnumMap<Badge, StyleableProperty<Paint>> m = new java.util.EnumMap<>(Badge.class);
    for (Badge b : Badge.values()) {
      String css = b.colourProperty();
      StyleableProperty<Paint> p = paints.get(css);
      m.put(b, p != null ? p : paint(css, css, b.defaultColour()));
    }
    return m;
  }

  /** The drawn looks, for tests: one key per chip. */
  int[] drawnKeys() {
    return Arrays.copyOf(drawn, drawn.length);
  }
}
