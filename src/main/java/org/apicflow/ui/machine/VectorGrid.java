package org.apicflow.ui.machine;

import java.util.List;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.css.CssMetaData;
import javafx.css.Styleable;
import javafx.css.StyleableProperty;
import javafx.css.StyleablePropertyFactory;
import javafx.scene.control.Control;
import javafx.scene.control.Skin;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import org.apicflow.apic.VectorSet;

/**
 * A 256-bit APIC register (IRR, ISR or TMR) as a 16 x 16 grid: one row per priority class, class F
 * at the top, vector 0xN0 at the left of row N. Set bits are filled, bits that changed at this step
 * are outlined, and the vector of interest glows. Colours and cell size come from CSS:
 *
 * <pre>
 * .vector-grid { -apic-cell-size: 7; -apic-set-fill: red; -apic-empty-fill: #eee;
 *                -apic-changed-stroke: black; -apic-focus-stroke: orange; -apic-line: #ccc; }
 * </pre>
 */
public class VectorGrid extends Control {
  private static final StyleablePropertyFactory<VectorGrid> CSS =
      new StyleablePropertyFactory<>(Control.getClassCssMetaData());

  private final ObjectProperty<VectorSet> bits = new SimpleObjectProperty<>(this, "bits");
  private final ObjectProperty<VectorSet> changed = new SimpleObjectProperty<>(this, "changed");
  private final ObjectProperty<VectorSet> unknown = new SimpleObjectProperty<>(this, "unknown");
  private final IntegerProperty focusVector = new SimpleIntegerProperty(this, "focusVector", -1);
  private final StringProperty register = new SimpleStringProperty(this, "register", "IRR");

  private final StyleableProperty<Number> cellSize =
      CSS.createStyleableNumberProperty(this, "cellSize", "-apic-cell-size", g -> g.cellSize, 7);
  private final StyleableProperty<Paint> setFill =
      CSS.createStyleablePaintProperty(
          this, "setFill", "-apic-set-fill", g -> g.setFill, Color.web("#d1242f"));
  private final StyleableProperty<Paint> emptyFill =
      CSS.createStyleablePaintProperty(
          this, "emptyFill", "-apic-empty-fill", g -> g.emptyFill, Color.web("#f0f2f5"));
  private final StyleableProperty<Paint> changedStroke =
      CSS.createStyleablePaintProperty(
          this, "changedStroke", "-apic-changed-stroke", g -> g.changedStroke, Color.BLACK);
  private final StyleableProperty<Paint> focusStroke =
      CSS.createStyleablePaintProperty(
          this, "focusStroke", "-apic-focus-stroke", g -> g.focusStroke, Color.ORANGE);
  private final StyleableProperty<Paint> lineFill =
      CSS.createStyleablePaintProperty(
          this, "lineFill", "-apic-line", g -> g.lineFill, Color.web("#d0d7de"));
  private final StyleableProperty<Paint> labelFill =
      CSS.createStyleablePaintProperty(
          this, "labelFill", "-apic-label-fill", g -> g.labelFill, Color.GRAY);

  public VectorGrid() {
    getStyleClass().add("vector-grid");
    setBits(new VectorSet());
    setChanged(new VectorSet());
  }

  public VectorGrid(String register) {
    this();
    setRegister(register);
  }

  @Override
  protected Skin<?> createDefaultSkin() {
    return new VectorGridSkin(this);
  }

  @Override
  public String getUserAgentStylesheet() {
    return org.apicflow.ui.StyleSheets.url(VectorGrid.class, "vector-grid.css");
  }

  public static List<CssMetaData<? extends Styleable, ?>> getClassCssMetaData() {
    return CSS.getCssMetaData();
  }

  @Override
  public List<CssMetaData<? extends Styleable, ?>> getControlCssMetaData() {
    return getClassCssMetaData();
  }

  // ------------------------------------------------------------------ properties

  public ObjectProperty<VectorSet> bitsProperty() {
    return bits;
  }

  public VectorSet getBits() {
    return bits.get();
  }

  public void setBits(VectorSet v) {
    bits.set(v);
  }

  /** Bits that changed at this step: outlined. */
  public ObjectProperty<VectorSet> changedProperty() {
    return changed;
  }

  public VectorSet getChanged() {
    return changed.get();
  }

  public void setChanged(VectorSet v) {
    changed.set(v);
  }

  /**
   * Bits the source does not decide (an imported trace): drawn hatched, neither set nor clear. Null
   * or empty for a simulated run, where every bit is known.
   */
  public ObjectProperty<VectorSet> unknownProperty() {
    return unknown;
  }

  public VectorSet getUnknown() {
    return unknown.get();
  }

  public void setUnknown(VectorSet v) {
    unknown.set(v);
  }

  /** The vector of interest, or -1. */
  public IntegerProperty focusVectorProperty() {
    return focusVector;
  }

  public int getFocusVector() {
    return focusVector.get();
  }

  public void setFocusVector(int v) {
    focusVector.set(v);
  }

  /** The register's name, for tooltips: IRR, ISR or TMR. */
  public StringProperty registerProperty() {
    return register;
  }

  public String getRegister() {
    return register.get();
  }

  public void setRegister(String r) {
    register.set(r);
  }

  /** The side of one cell in px (the machine view sets it from the room there is). */
  public double cellSize() {
    return cellSize.getValue().doubleValue();
  }

  public void setCellSize(double px) {
    if (px != cellSize()) {
      cellSize.setValue(px);
    }
  }

  @SuppressWarnings("unchecked")
  javafx.beans.value.ObservableValue<Number> cellSizeObservable() {
    return (javafx.beans.value.ObservableValue<Number>) cellSize;
  }

  Paint setFill() {
    return setFill.getValue();
  }

  Paint emptyFill() {
    return emptyFill.getValue();
  }

  Paint changedStroke() {
    return changedStroke.getValue();
  }

  Paint focusStroke() {
    return focusStroke.getValue();
  }

  Paint lineFill() {
    return lineFill.getValue();
  }

  Paint labelFill() {
    return labelFill.getValue();
  }

  @SuppressWarnings("unchecked")
  List<javafx.beans.value.ObservableValue<?>> paintObservables() {
    return List.of(
        (javafx.beans.value.ObservableValue<?>) setFill,
        (javafx.beans.value.ObservableValue<?>) emptyFill,
        (javafx.beans.value.ObservableValue<?>) changedStroke,
        (javafx.beans.value.ObservableValue<?>) focusStroke,
        (javafx.beans.value.ObservableValue<?>) lineFill,
        (javafx.beans.value.ObservableValue<?>) labelFill);
  }

  /** Below this cell size (px) a grid's cells cannot be told apart: it shows a summary instead. */
  public static final double SUMMARY_BELOW = 5;

  private boolean summaryWhenTiny;

  /**
   * Lets the grid show a summary when its cells are tiny (the machine view's compact cards); grids
   * that sit next to a text of their bits (the compare view's cards) keep their cells.
   */
  public void setSummaryWhenTiny(boolean on) {
    if (on != summaryWhenTiny) {
      summaryWhenTiny = on;
      requestLayout();
    }
  }

  /** True when the grid is too small for its cells and shows the count and the highest vector. */
  public boolean isSummary() {
    return summaryWhenTiny && cellSize() < SUMMARY_BELOW;
  }

  /**
   * What a tiny grid shows instead of its cells: the number of set bits ("3 set", or "none") and
   * the highest set vector ("top 0xFB").
   */
  public String[] summaryLines() {
    return summaryLines(getBits());
  }

  /** What a tiny grid of these bits shows: "3 set" and "top 0xFB", or "none". */
  public static String[] summaryLines(VectorSet b) {
    int n = b == null ? 0 : b.size();
    if (n == 0) {
      return new String[] {"none"};
    }
    return new String[] {n + " set", "top " + org.apicflow.trace.Trace.vectorText(b.highest())};
  }

  /** The vector under a point of the grid in its own coordinates, or -1. */
  public int vectorAt(double x, double y) {
    if (isSummary()) {
      return -1;
    }
    double c = cellSize();
    int col = (int) Math.floor((x - snappedLeftInset()) / c);
    int row = (int) Math.floor((y - snappedTopInset()) / c);
    if (col < 0 || col > 15 || row < 0 || row > 15) {
      return -1;
    }
    return (15 - row) * 16 + col;
  }

  /** What a vector's cell means, for the tooltip. */
  public String describe(int v) {
    if (v < 0) {
      return "";
    }
    return describe(
        getRegister(),
        v,
        getBits() != null && getBits().get(v),
        getChanged() != null && getChanged().get(v),
        getUnknown() != null && getUnknown().get(v));
  }

  /** What a vector's cell of a register means, for a tooltip (the grids drawn on canvases too). */
  static String describe(String register, int v, boolean set, boolean changed, boolean unknown) {
    String what =
        unknown
            ? "unknown: the trace does not decide this bit"
            : switch (register) {
              case "IRR" -> set ? "requested: waits for the core" : "no request";
              case "ISR" -> set ? "in service: handler running or not yet EOI'd" : "not in service";
              case "TMR" -> set ? "level-triggered" : "edge-triggered";
              default -> set ? "set" : "clear";
            };
    return String.format(
        "%s vector 0x%02X (%d), priority class %X: %s%s",
        register, v, v, v >>> 4, what, changed ? " — changed at this step" : "");
  }
}
