package org.apicflow.ui.machine;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.SkinBase;
import javafx.scene.control.Tooltip;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import javafx.util.Duration;
import org.apicflow.apic.VectorSet;

/** Draws a {@link VectorGrid} on one canvas: 256 nodes per grid would not scale to 64 CPUs. */
public class VectorGridSkin extends SkinBase<VectorGrid> {
  private static final double LABEL_W = 10;
  private final Canvas canvas = new Canvas();
  private Tooltip tip; // made on first hover: 64 grids need no tooltip until one is pointed at

  public VectorGridSkin(VectorGrid g) {
    super(g);
    getChildren().add(canvas);
    LazyTip.install(
        g,
        t -> {
          t.setShowDelay(Duration.millis(150));
          tip = t;
        });
    g.setOnMouseMoved(
        e -> {
          if (tip == null) {
            return;
          }
          int v = g.vectorAt(e.getX(), e.getY());
          tip.setText(
              v < 0 ? g.getRegister() + ": rows are priority classes, F on top" : g.describe(v));
        });
    registerChangeListener(g.bitsProperty(), o -> draw());
    registerChangeListener(g.changedProperty(), o -> draw());
    registerChangeListener(g.unknownProperty(), o -> draw());
    registerChangeListener(g.focusVectorProperty(), o -> draw());
    registerChangeListener(g.cellSizeObservable(), o -> g.requestLayout());
    for (var p : g.paintObservables()) {
      registerChangeListener(p, o -> draw());
    }
  }

  private double labelWidth() {
    double c = getSkinnable().cellSize();
    return c >= 6 ? Math.max(LABEL_W, Math.round(c * 0.8)) : 0;
  }

  @Override
  protected double computePrefWidth(
      double h, double top, double right, double bottom, double left) {
    return left + right + 16 * getSkinnable().cellSize() + labelWidth();
  }

  @Override
  protected double computePrefHeight(
      double w, double top, double right, double bottom, double left) {
    return top + bottom + 16 * getSkinnable().cellSize();
  }

  @Override
  protected double computeMinWidth(double h, double top, double right, double bottom, double left) {
    return computePrefWidth(h, top, right, bottom, left);
  }

  @Override
  protected double computeMinHeight(
      double w, double top, double right, double bottom, double left) {
    return computePrefHeight(w, top, right, bottom, left);
  }

  @Override
  protected double computeMaxWidth(double h, double top, double right, double bottom, double left) {
    return computePrefWidth(h, top, right, bottom, left);
  }

  @Override
  protected double computeMaxHeight(
      double w, double top, double right, double bottom, double left) {
    return computePrefHeight(w, top, right, bottom, left);
  }

  @Override
  protected void layoutChildren(double x, double y, double w, double h) {
    double c = getSkinnable().cellSize();
    double cw = 16 * c + labelWidth();
    double ch = 16 * c;
    canvas.relocate(x, y);
    if (canvas.getWidth() != cw || canvas.getHeight() != ch) {
      canvas.setWidth(cw);
      canvas.setHeight(ch);
    }
    draw();
  }

  void draw() {
    VectorGrid g = getSkinnable();
    double c = g.cellSize();
    GraphicsContext gc = canvas.getGraphicsContext2D();
    gc.clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
    if (g.isSummary()) {
      drawSummary(gc, g, c);
      return;
    }
    VectorSet bits = g.getBits();
    VectorSet changed = g.getChanged();
    double gap = c >= 5 ? 1 : 0;
    gc.setFill(g.lineFill());
    gc.fillRect(0, 0, 16 * c, 16 * c);
    for (int row = 0; row < 16; row++) {
      int cls = 15 - row;
      for (int col = 0; col < 16; col++) {
        int v = cls * 16 + col;
        boolean set = bits != null && bits.get(v);
        gc.setFill(set ? g.setFill() : g.emptyFill());
        gc.fillRect(col * c + gap, row * c + gap, c - gap, c - gap);
      }
    }
    VectorSet unknown = g.getUnknown();
    if (unknown != null && !unknown.isEmpty()) {
      hatch(gc, g, unknown, c, gap);
    }
    if (gap == 0) {
      gc.setStroke(g.lineFill());
      gc.setLineWidth(1);
      gc.strokeRect(0.5, 0.5, 16 * c - 1, 16 * c - 1);
    }
    if (changed != null && !changed.isEmpty()) {
      gc.setStroke(g.changedStroke());
      gc.setLineWidth(Math.max(1.5, c / 4));
      changed.forEach(
          v -> {
            double x = (v & 15) * c;
            double y = (15 - (v >>> 4)) * c;
            gc.strokeRect(x + 0.5, y + 0.5, c, c);
          });
    }
    int f = g.getFocusVector();
    boolean onPath =
        f >= 0 && f < 256 && ((bits != null && bits.get(f)) || (changed != null && changed.get(f)));
    if (onPath) {
      double x = (f & 15) * c;
      double y = (15 - (f >>> 4)) * c;
      Paint fs = g.focusStroke();
      if (fs instanceof Color col) {
        gc.setStroke(col.deriveColor(0, 1, 1, 0.35));
        gc.setLineWidth(Math.max(4, c * 0.9));
        gc.strokeRect(x - c * 0.2, y - c * 0.2, c * 1.4 + 0.5, c * 1.4 + 0.5);
      }
      gc.setStroke(fs);
      gc.setLineWidth(Math.max(1.5, c / 4));
      gc.strokeRect(x - 1, y - 1, c + 2.5, c + 2.5);
    }
    if (labelWidth() > 0) {
      gc.setFill(g.labelFill());
      double lw = labelWidth();
      gc.setFont(Font.font(Math.max(8, Math.min(c + 1, c * 0.8))));
      gc.setTextAlign(TextAlignment.CENTER);
      gc.fillText("F", 16 * c + lw / 2 + 1, c - 1);
      gc.fillText("0", 16 * c + lw / 2 + 1, 16 * c - 1);
    }
  }

  /**
   * A grid too small for its cells to be read: how many bits are set and the highest, in type, in
   * the grid's square; outlined when a bit changed at this step, in the focus colour when the
   * vector of interest is among them.
   */
  private static void drawSummary(GraphicsContext gc, VectorGrid g, double c) {
    double side = 16 * c;
    VectorSet bits = g.getBits();
    VectorSet changed = g.getChanged();
    gc.setFill(g.lineFill());
    gc.fillRect(0, 0, side, side);
    gc.setFill(g.emptyFill());
    gc.fillRect(1, 1, side - 2, side - 2);
    int n = bits == null ? 0 : bits.size();
    int f = g.getFocusVector();
    if (changed != null && !changed.isEmpty()) {
      gc.setStroke(g.changedStroke());
      gc.setLineWidth(2);
      gc.strokeRect(1, 1, side - 2, side - 2);
    }
    if (f >= 0 && f < 256 && bits != null && bits.get(f)) {
      gc.setStroke(g.focusStroke());
      gc.setLineWidth(2);
      gc.strokeRect(3, 3, side - 6, side - 6);
    }
    double fs = Math.max(7, Math.min(14, side / 5));
    gc.setTextAlign(TextAlignment.CENTER);
    gc.setTextBaseline(javafx.geometry.VPos.CENTER);
    String[] lines = g.summaryLines();
    gc.setFont(Font.font("System", javafx.scene.text.FontWeight.BOLD, fs * 1.15));
    gc.setFill(n > 0 ? g.setFill() : g.labelFill());
    gc.fillText(lines[0], side / 2, side * 0.36, side - 4);
    if (lines.length > 1) {
      gc.setFont(Font.font("System", fs));
      gc.setFill(g.labelFill());
      gc.fillText(lines[1], side / 2, side * 0.68, side - 4);
    }
  }

  /** Unknown bits: the empty fill crossed by diagonal strokes, so they read as neither 0 nor 1. */
  private static void hatch(
      GraphicsContext gc, VectorGrid g, VectorSet unknown, double c, double gap) {
    gc.setStroke(g.labelFill());
    gc.setLineWidth(Math.max(1, c / 7));
    unknown.forEach(
        v -> {
          double x = (v & 15) * c + gap;
          double y = (15 - (v >>> 4)) * c + gap;
          double s = c - gap;
          gc.setFill(g.emptyFill());
          gc.fillRect(x, y, s, s);
          gc.strokeLine(x, y + s, x + s, y);
          if (s >= 8) {
            gc.strokeLine(x, y + s / 2, x + s / 2, y);
            gc.strokeLine(x + s / 2, y + s, x + s, y + s / 2);
          }
        });
  }
}
