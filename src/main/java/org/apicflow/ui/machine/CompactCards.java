package org.apicflow.ui.machine;

import java.util.List;
import javafx.css.CssMetaData;
import javafx.css.Styleable;
import javafx.css.StyleableProperty;
import javafx.css.StyleablePropertyFactory;
import javafx.geometry.Orientation;
import javafx.geometry.Rectangle2D;
import javafx.geometry.VPos;
import javafx.scene.SnapshotParameters;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import javafx.util.Duration;
import org.apicflow.apic.VectorSet;

/**
 * Five to sixteen CPUs: a compact card per CPU, each drawn on a canvas, no nodes inside. A card
 * shows the CPU's number and state badge, its ICR, TPR and PPR (outlined when changed at this
 * step), its set bits by name, the first message waiting at it, and its IRR and ISR as grids (or,
 * when the cells would be too small to read, the count of set bits and the highest vector). A step
 * redraws only the cards whose state, selection or vector of interest changed, with no CSS or
 * layout pass: sixteen cards of a dozen styled nodes each cost both for every card that changed.
 * One canvas per card (not one for all) keeps what the renderer repaints to the cards that changed.
 *
 * <p>A click pins a CPU (a second click follows the events again); with the cards focused (Tab), Up
 * and Down move between CPUs and Enter pins. The tooltip, made on first hover, names what is under
 * the pointer: a vector's cell, or the card's state and set bits.
 */
public final class CompactCards extends Region {
  private static final StyleablePropertyFactory<CompactCards> CSS =
      new StyleablePropertyFactory<>(Region.getClassCssMetaData());

  private final java.util.Map<String, StyleableProperty<Paint>> paints = new java.util.HashMap<>();
  private final StyleableProperty<Paint> cardBg = paint("cardBg", "-card-bg", "#f6f8fa");
  private final StyleableProperty<Paint> border = paint("border", "-card-border", "#d0d7de");
  private final StyleableProperty<Paint> active = paint("active", "-card-active", "#0969da");
  private final StyleableProperty<Paint> selected = paint("selected", "-card-selected", "#0969da");
  private final StyleableProperty<Paint> oopsBorder = paint("oopsBorder", "-card-oops", "#cf222e");
  private final StyleableProperty<Paint> text = paint("text", "-card-text", "#1f2328");
  private final StyleableProperty<Paint> muted = paint("muted", "-card-muted", "#656d76");
  private final StyleableProperty<Paint> chipBg = paint("chipBg", "-card-chip-bg", "#ffffff");
  private final StyleableProperty<Paint> chipLine = paint("chipLine", "-card-chip-line", "#d8dee4");
  private final StyleableProperty<Paint> changedBg = paint("changedBg", "-card-changed", "#fff8c5");
  private final StyleableProperty<Paint> busyBg = paint("busyBg", "-card-busy", "#ffb000");
  private final java.util.EnumMap<Badge, StyleableProperty<Paint>> badgeFills = badgeFills();
  private final StyleableProperty<Paint> setFill = paint("setFill", "-apic-set-fill", "#d1242f");
  private final StyleableProperty<Paint> emptyFill =
      paint("emptyFill", "-apic-empty-fill", "#ffffff");
  private final StyleableProperty<Paint> lineFill = paint("lineFill", "-apic-line", "#d0d7de");
  private final StyleableProperty<Paint> changedStroke =
      paint("changedStroke", "-apic-changed-stroke", "#1f2328");
  private final StyleableProperty<Paint> focusStroke =
      paint("focusStroke", "-apic-focus-stroke", "#ff8c00");

  /** A canvas per card: a step repaints only the cards that changed, not the whole area. */
  private Canvas[] canvases = new Canvas[0];

  private final MachineViewModel vm;
  private List<CpuCardViewModel> cpus = List.of();

  /** What each card shows as drawn: its state, selection and vector of interest. */
  private CpuCardState[] drawnState = new CpuCardState[0];

  private boolean[] drawnSelected = new boolean[0];
  private int[] drawnFocus = new int[0];
  private boolean all = true;
  private int redrawn;
  private double typeSize = 11;
  private double cell = 4;

  /** The type size and cell size the machine asks for (the cards may shrink or grow from them). */
  private double baseType = 11;

  private double baseCell = 4;

  /** Text lines a card shows: all of them, or (brief) title and badge, ICR, the set bits. */
  private int lines = TEXT_LINES;

  /** Whether the cards show IRR and ISR as grids (brief cards name the set bits only). */
  private boolean grids = true;

  private double cardW;
  private double cardH;
  private int perRow = 1;
  private int keyCursor = -1;
  private Tooltip tip;
  private final Text measure = new Text();

  /**
   * Called when a card's view model changes: the cards whose look changed are drawn at the next
   * layout pass, once however many of their properties changed.
   */
  private final javafx.beans.InvalidationListener onCard = o -> requestLayout();

  public CompactCards(MachineViewModel vm) {
    this.vm = vm;
    getStyleClass().add("compact-cards");
    setId("compact-cards");
    for (CssMetaData<? extends Styleable, ?> md : CSS.getCssMetaData()) {
      @SuppressWarnings("unchecked")
      CssMetaData<CompactCards, ?> m = (CssMetaData<CompactCards, ?>) md;
      if (m.getStyleableProperty(this) instanceof javafx.beans.value.ObservableValue<?> ov) {
        ov.addListener(
            o -> {
              all = true;
              requestLayout();
            });
      }
    }
    setFocusTraversable(true);
    setOnMouseClicked(
        e -> {
          int c = cardAt(e.getX(), e.getY());
          if (c >= 0) {
            vm.toggleSelect(c);
          }
        });
    addEventHandler(KeyEvent.KEY_PRESSED, this::key);
    focusedProperty().addListener((o, was, is) -> drawCard(Math.max(0, keyCursor)));
    LazyTip.install(
        this,
        t -> {
          t.setShowDelay(Duration.millis(200));
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

  /** The CPUs to show, a card each. */
  public void setCpus(List<CpuCardViewModel> list) {
    for (CpuCardViewModel m : cpus) {
      m.stateProperty().removeListener(onCard);
      m.selectedProperty().removeListener(onCard);
      m.focusVectorProperty().removeListener(onCard);
    }
    cpus = List.copyOf(list);
    for (CpuCardViewModel m : cpus) {
      m.stateProperty().addListener(onCard);
      m.selectedProperty().addListener(onCard);
      m.focusVectorProperty().addListener(onCard);
    }
    canvases = new Canvas[cpus.size()];
    for (int c = 0; c < canvases.length; c++) {
      canvases[c] = new Canvas();
      canvases[c].setMouseTransparent(true);
    }
    getChildren().setAll(canvases);
    drawnState = new CpuCardState[cpus.size()];
    drawnSelected = new boolean[cpus.size()];
    drawnFocus = new int[cpus.size()];
    drawnFrame = new int[cpus.size()];
    badgeSpots = new BadgeSpot[cpus.size()];
    drawnParts = new Object[cpus.size()][];
    keyCursor = -1;
    all = true;
    requestLayout();
  }

  /** The type size in px (the machine view's: presenter mode makes the cards larger). */
  public void setTypeSize(double px, double cellPx) {
    if (px != baseType || cellPx != baseCell) {
      baseType = px;
      baseCell = cellPx;
      look(px, cellPx, TEXT_LINES, true);
      all = true;
      requestLayout();
    }
  }

  /** Whether the cards are brief (title and badge, ICR, the set bits by name; no grids). */
  public boolean isBrief() {
    return lines == BRIEF_LINES;
  }

  /** Whether the cards show IRR and ISR as grids (else the set bits are named only). */
  public boolean showsGrids() {
    return grids;
  }

  /** The type size the cards are drawn at now. */
  public double typeSize() {
    return typeSize;
  }

  private void look(double type, double cellPx, int textLines, boolean withGrids) {
    typeSize = type;
    cell = cellPx;
    lines = textLines;
    grids = withGrids;
  }

  /** The brief cards' text lines: title and badge, ICR, the set bits. */
  private static final int BRIEF_LINES = 3;

  /** The smallest type brief cards shrink to (never under the normal interface's 10 px). */
  private double minType() {
    return Math.max(10, Math.round(baseType * 0.6));
  }

  /** The largest grid cell full cards grow to where there is room. */
  private double maxCell() {
    return Math.max(baseCell, Math.round(baseType * 0.9));
  }

  /**
   * Chooses how the cards look in w x h so that every card is in view: full cards with cells as
   * large as the height allows (never under 5 px unless asked); where they do not fit, every line
   * of text without the grids (the set bits are named), in type down to 0.85 of the requested;
   * where that does not fit, brief cards, their type shrinking from the requested size towards
   * {@link #minType}; where even those do not fit, the smallest brief cards (the area scrolls).
   */
  private void fit(double w, double h) {
    badgeLineAllowed = true;
    for (double c = maxCell(); c >= Math.min(baseCell, VectorGrid.SUMMARY_BELOW); c--) {
      look(baseType, c, TEXT_LINES, true);
      if (arrangement(w)[2] <= h) {
        return;
      }
    }
    // every line of text, the grids left out (the set bits are named); where the requested type is
    // a little too large for them (a projector's), every line in type a few px smaller rather than
    // brief cards in large type
    for (double t = baseType; t >= Math.max(minType(), Math.round(baseType * 0.85)); t--) {
      look(t, baseCell, TEXT_LINES, false);
      if (arrangement(w)[2] <= h) {
        return;
      }
    }
    for (double t = baseType; t >= minType(); t--) {
      look(t, baseCell, BRIEF_LINES, false);
      if (arrangement(w)[2] <= h) {
        // brief cards at the requested type with room to spare: larger type (a projector)
        for (double big = Math.round(baseType * 1.4); t == baseType && big > t; big--) {
          look(big, baseCell, BRIEF_LINES, false);
          if (arrangement(w)[2] <= h) {
            return;
          }
        }
        look(t, baseCell, BRIEF_LINES, false);
        return;
      }
    }
    // a machine too short for the badge's own line: brief cards with the badge beside the title
    // (its first part where the whole does not fit)
    badgeLineAllowed = false;
    for (double t = baseType; t >= minType(); t--) {
      look(t, baseCell, BRIEF_LINES, false);
      if (arrangement(w)[2] <= h) {
        return;
      }
    }
    look(minType(), baseCell, BRIEF_LINES, false);
  }

  /** Whether a look may give the badge a line of its own (not where brief cards need every px). */
  private boolean badgeLineAllowed = true;

  /** The height of the cards' arrangement at a width in a look, the drawn look kept. */
  private double heightIn(
      double w, double type, double cellPx, int textLines, boolean withGrids, boolean ownBadge) {
    double t0 = typeSize;
    double c0 = cell;
    int l0 = lines;
    boolean g0 = grids;
    boolean b0 = badgeLineAllowed;
    look(type, cellPx, textLines, withGrids);
    badgeLineAllowed = ownBadge;
    try {
      return Math.max(0, arrangement(w)[2]);
    } finally {
      look(t0, c0, l0, g0);
      badgeLineAllowed = b0;
    }
  }

  /** How many cards there are. */
  public int cardCount() {
    return cpus.size();
  }

  /** The cards drawn so far (a step draws only those whose look changed). */
  public int redrawnCards() {
    return redrawn;
  }

  /** Whether the grids show a summary (cells under 5 px cannot be told apart). */
  public boolean isSummary() {
    return cell < VectorGrid.SUMMARY_BELOW;
  }

  /** The side of a grid cell in px. */
  public double cellSize() {
    return cell;
  }

  /** What CPU {@code c}'s IRR (register 0) or ISR (1) shows when summarised. */
  public String[] summaryLines(int c, int register) {
    CpuCardState s = cpus.get(c).getState();
    return VectorGrid.summaryLines(s == null ? null : register == 0 ? s.irr() : s.isr());
  }

  /** Where card {@code c} is drawn, in this region's coordinates. */
  public Rectangle2D cardBounds(int c) {
    return new Rectangle2D(
        snappedLeftInset() + cardX(c), snappedTopInset() + cardY(c), cardW, cardH);
  }

  /** The card under (x, y) of this region, or -1. */
  public int cardAt(double x, double y) {
    for (int c = 0; c < cpus.size(); c++) {
      double cx = snappedLeftInset() + cardX(c);
      double cy = snappedTopInset() + cardY(c);
      if (x >= cx && x < cx + cardW && y >= cy && y < cy + cardH) {
        return c;
      }
    }
    return -1;
  }

  /** The CPU the keyboard is on (Up and Down move it, Enter pins), or -1 before the first key. */
  public int keyCursor() {
    return keyCursor;
  }

  private void key(KeyEvent e) {
    if (cpus.isEmpty()) {
      return;
    }
    int was = keyCursor;
    if (e.getCode() == KeyCode.DOWN) {
      keyCursor = keyCursor < 0 ? 0 : Math.min(cpus.size() - 1, keyCursor + 1);
    } else if (e.getCode() == KeyCode.UP) {
      keyCursor = keyCursor < 0 ? 0 : Math.max(0, keyCursor - 1);
    } else if (e.getCode() == KeyCode.ENTER) {
      vm.toggleSelect(Math.max(0, keyCursor));
    } else {
      return;
    }
    e.consume();
    if (was >= 0 && was != keyCursor) {
      drawCard(was);
    }
    drawCard(Math.max(0, keyCursor));
  }

  /** The tooltip's text for a point: the vector of a grid cell, else the card's state and bits. */
  public String describe(double x, double y) {
    int c = cardAt(x, y);
    if (c < 0) {
      return "A card per CPU: click one to pin it in the code pane";
    }
    CpuCardState s = cpus.get(c).getState();
    if (s == null) {
      return "CPU " + c;
    }
    if (grids && !isSummary()) {
      for (int r = 0; r < 2; r++) {
        double gx = snappedLeftInset() + cardX(c) + gridX(r);
        double gy = snappedTopInset() + cardY(c) + gridY();
        int col = (int) Math.floor((x - gx) / cell);
        int row = (int) Math.floor((y - gy) / cell);
        if (x >= gx && y >= gy && col >= 0 && col < 16 && row >= 0 && row < 16) {
          int v = (15 - row) * 16 + col;
          VectorSet bits = r == 0 ? s.irr() : s.isr();
          VectorSet ch = r == 0 ? s.irrChanged() : s.isrChanged();
          return VectorGrid.describe(r == 0 ? "IRR" : "ISR", v, bits.get(v), ch.get(v), false);
        }
      }
    }
    StringBuilder b = new StringBuilder();
    b.append("CPU ").append(c).append(": ").append(s.badgeText()).append('\n');
    b.append(s.kernel()).append('\n');
    b.append(s.icrText()).append(" · TPR ").append(s.tprText());
    b.append(" · PPR ").append(s.pprText()).append(" · SVR ").append(s.svrText());
    b.append(s.interruptsEnabled() ? " · IF=1" : " · IF=0").append('\n');
    b.append(s.bitsText()).append('\n');
    for (String m : s.incoming()) {
      b.append(m).append('\n');
    }
    b.append(s.why().text()).append('\n');
    b.append("Click to pin this CPU in the code pane; click again to follow the events");
    return b.toString();
  }

  private void hover(MouseEvent e) {
    if (tip != null) {
      tip.setText(describe(e.getX(), e.getY()));
    }
  }

  /** Redraws the cards whose look changed since they were drawn. */
  public void refresh() {
    if (all) {
      requestLayout();
      return;
    }
    for (int c = 0; c < cpus.size(); c++) {
      if (changed(c)) {
        drawCard(c);
      }
    }
  }

  private boolean changed(int c) {
    CpuCardViewModel m = cpus.get(c);
    return m.getState() != drawnState[c]
        || m.selectedProperty().get() != drawnSelected[c]
        || m.focusVectorProperty().get() != drawnFocus[c];
  }

  // ------------------------------------------------------------------ geometry

  private double fs() {
    return typeSize;
  }

  private double line() {
    return Math.ceil(fs() * 1.4);
  }

  private double pad() {
    return Math.round(fs() * 0.55);
  }

  private double gap() {
    return Math.max(6, Math.round(fs() * 0.6));
  }

  private double side() {
    return 16 * cell;
  }

  /** The card's text lines: title, ICR, TPR/PPR, two lines of set bits, a waiting message. */
  private static final int TEXT_LINES = 6;

  private double gridTitleH() {
    return Math.ceil(fs() * 1.15);
  }

  /** Cards wide enough for their text and grids side by side: the grids at the right. */
  private boolean wide;

  private double gridsW() {
    return grids ? 2 * (side() + labelW()) + gap() : 0;
  }

  private double textMinW() {
    return Math.ceil(fs() * (lines == BRIEF_LINES ? 9 : 11.5));
  }

  private double gridX(int r) {
    double first = wide ? cardW - pad() - gridsW() : pad();
    return first + r * (side() + labelW() + gap());
  }

  private double labelW() {
    return isSummary() ? 0 : Math.max(8, Math.round(cell * 0.8));
  }

  private double gridY() {
    return wide ? pad() + gridTitleH() : pad() + textRows(badgeLine) * line() + gridTitleH();
  }

  /**
   * The card's rows of text: its lines, and the badge's own line under the title when it has one.
   */
  private int textRows(boolean ownBadgeLine) {
    return lines + (ownBadgeLine ? 1 : 0);
  }

  /** The row a part's band lies in: the badge's own line pushes the parts under the title down. */
  private int row(int part) {
    return part == BADGE ? 1 : part == TITLE || !badgeLine ? part : part + 1;
  }

  /** Whether the badge is on a line of its own under the title (it does not fit beside it). */
  private boolean badgeLine;

  /** Whether the badge is drawn on a line of its own under the card's title. */
  public boolean badgeOnOwnLine() {
    return badgeLine;
  }

  /**
   * The badges a card's title must have room for beside it, else the badge gets a line of its own:
   * the longest a CPU usually shows (a handler's vector, a spin on a register). Longer, rarer ones
   * show their first part where they do not fit ("IF=0" of "IF=0 · IRQ pending").
   */
  private static final String[] WIDE_BADGES = {"in handler 0xFB", "spinning on ICR"};

  /** Whether a card {@code cw} px wide holds its title and the widest usual badge on one line. */
  private boolean titleHoldsBadge(double cw, boolean wideCard) {
    double right = wideCard ? cw - pad() - gridsW() - gap() : cw - pad();
    double title = width("CPU " + Math.max(0, cpus.size() - 1), titleFont());
    double badge = 0;
    for (String b : WIDE_BADGES) {
      badge = Math.max(badge, width(b, badgeFont()));
    }
    return pad() + title + fs() * 0.5 + badge + fs() <= right;
  }

  private double cardWidthFor(double width, int cols, boolean wideCard) {
    double cw = Math.floor((width - gap() * (cols - 1)) / cols);
    return Math.max(cw, Math.min(minCardW(wideCard), width));
  }

  private double minCardW(boolean wideCard) {
    if (!grids) {
      return textMinW() + 2 * pad();
    }
    double g = 2 * pad() + gridsW();
    return wideCard ? g + gap() + textMinW() : Math.max(textMinW(), g);
  }

  private double cardHeight(boolean wideCard, boolean ownBadgeLine) {
    double text = pad() + textRows(ownBadgeLine) * line() + pad();
    if (!grids) {
      return Math.ceil(text);
    }
    double g = pad() + gridTitleH() + side() + pad();
    return Math.ceil(wideCard ? Math.max(g, text) : text + gridTitleH() + side());
  }

  /** Cards per row for a width, and whether they are wide: the arrangement of least height. */
  private double[] arrangement(double width) {
    int n = Math.max(1, cpus.size());
    double g = gap();
    double[] best = null;
    for (boolean w : grids ? new boolean[] {false, true} : new boolean[] {false}) {
      int cols = Math.max(1, Math.min(n, (int) Math.floor((width + g) / (minCardW(w) + g))));
      // as few rows as the width allows, and the cards spread evenly over them
      int rows = (n + cols - 1) / cols;
      cols = (n + rows - 1) / rows;
      boolean own = badgeLineAllowed && !titleHoldsBadge(cardWidthFor(width, cols, w), w);
      double h = rows * (cardHeight(w, own) + g) - g;
      if (best == null || h < best[2] - 0.5) {
        best = new double[] {cols, w ? 1 : 0, h, own ? 1 : 0};
      }
    }
    return best;
  }

  private void measure(double width) {
    double[] a = arrangement(width);
    int cols = (int) a[0];
    wide = a[1] > 0;
    perRow = cols;
    badgeLine = a[3] > 0;
    cardW = cardWidthFor(width, cols, wide);
    cardH = cardHeight(wide, badgeLine);
  }

  private double cardX(int c) {
    return (c % perRow) * (cardW + gap());
  }

  private double cardY(int c) {
    return (c / perRow) * (cardH + gap());
  }

  /** The centre of card {@code c} in this region's coordinates (the bus draws its stem there). */
  public double centerX(int c) {
    return snappedLeftInset() + cardX(c) + cardW / 2;
  }

  @Override
  public Orientation getContentBias() {
    return Orientation.HORIZONTAL;
  }

  @Override
  protected double computePrefHeight(double width) {
    double w = (width > 0 ? width : 800) - snappedLeftInset() - snappedRightInset();
    // full cards at the requested size, measured without touching the drawn arrangement (layout
    // compares against it)
    double h = heightIn(w, baseType, baseCell, TEXT_LINES, true, true);
    return snappedTopInset() + snappedBottomInset() + h + 4;
  }

  /** The least: brief cards at the smallest type (with less room the area scrolls). */
  @Override
  protected double computeMinHeight(double width) {
    double w = (width > 0 ? width : 800) - snappedLeftInset() - snappedRightInset();
    double h = heightIn(w, minType(), baseCell, BRIEF_LINES, false, false);
    return snappedTopInset() + snappedBottomInset() + h + 4;
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
    double oldW = cardW;
    double oldH = cardH;
    int oldPer = perRow;
    boolean oldWide = wide;
    boolean oldBadgeLine = badgeLine;
    double oldType = typeSize;
    double oldCell = cell;
    fit(w, h - 4);
    measure(w);
    if (all
        || oldW != cardW
        || oldH != cardH
        || oldPer != perRow
        || oldWide != wide
        || oldBadgeLine != badgeLine
        || oldType != typeSize
        || oldCell != cell) {
      all = false;
      framePictures.clear();
      for (int c = 0; c < cpus.size(); c++) {
        Canvas k = canvases[c];
        k.relocate(x + cardX(c), y + cardY(c));
        k.setWidth(cardW);
        k.setHeight(cardH);
        drawnParts[c] = null;
        drawCard(c);
      }
    } else {
      refresh();
    }
  }

  // ------------------------------------------------------------------ drawing

  private Font font(boolean bold, double scale) {
    return Font.font("System", bold ? FontWeight.BOLD : FontWeight.NORMAL, fs() * scale);
  }

  private Font mono(boolean bold) {
    return Font.font("Monospaced", bold ? FontWeight.BOLD : FontWeight.NORMAL, fs() * 0.95);
  }

  private double width(String s, Font f) {
    measure.setFont(f);
    measure.setText(s);
    return measure.getLayoutBounds().getWidth();
  }

  /** The text cut with an ellipsis to fit {@code room} px. */
  private String fit(String s, Font f, double room) {
    if (width(s, f) <= room) {
      return s;
    }
    int n = s.length();
    while (n > 1 && width(s.substring(0, n) + "…", f) > room) {
      n--;
    }
    return s.substring(0, n) + "…";
  }

  /**
   * The parts of a card drawn on their own: a step redraws only the parts whose key changed, each
   * over a plain band of the card's colour. When only the border's look changed (the active or
   * selected CPU moved) its ring is copied from a picture of that frame, drawn once; a change of
   * keyboard ring or offline draws the card whole. A part's key is what it shows.
   */
  private static final int TITLE = 0;

  private static final int ICR = 1;
  private static final int REGS = 2;
  private static final int BITS0 = 3;
  private static final int BITS1 = 4;
  private static final int MESSAGE = 5;
  private static final int IRR_GRID = 6;
  private static final int ISR_GRID = 7;

  /** The badge on its own line under the title (drawn with the title where it fits beside it). */
  private static final int BADGE = 8;

  private static final int PARTS = 9;

  /** What each part of each card shows as drawn (null: not drawn yet). */
  private Object[][] drawnParts = new Object[0][];

  /** Each card's frame as drawn ({@link #frameKey}); -1 when the card must be drawn whole. */
  private int[] drawnFrame = new int[0];

  private int redrawnParts;
  private int wholeCards;

  /** The parts drawn so far (a step draws only the parts of a card whose content changed). */
  public int redrawnParts() {
    return redrawnParts;
  }

  /** The cards drawn whole so far (frame and every part), not part by part. */
  public int wholeCards() {
    return wholeCards;
  }

  /**
   * Draws every card whole, frame and parts, as after a change of size: the picture a step's
   * part-by-part drawing must equal.
   */
  public void redrawWhole() {
    for (int c = 0; c < cpus.size(); c++) {
      drawnParts[c] = null;
      drawCard(c);
    }
  }

  /** The card's frame: the border (selected, oops, active or plain), the keyboard ring, offline. */
  private int frameKey(CpuCardState s, boolean sel, int c) {
    int k = sel ? 1 : s.badge() == Badge.OOPS ? 2 : s.active() ? 3 : 4;
    if (c == keyCursor && isFocused()) {
      k |= 8;
    }
    if (s.badge() == Badge.OFFLINE) {
      k |= 16;
    }
    return k;
  }

  /** What each part of a card shows: a part is drawn again only when its key changes. */
  private Object[] partKeys(CpuCardState s, int focus) {
    Object[] k = new Object[PARTS];
    String badgeKey = s.badge() + "|" + s.badgeText();
    k[TITLE] = badgeLine ? String.valueOf(s.cpu()) : s.cpu() + "|" + badgeKey;
    k[BADGE] = badgeLine ? badgeKey : null;
    k[ICR] = s.icrText() + "|" + s.deliveryBusy() + "|" + s.icrChanged();
    if (lines == BRIEF_LINES) {
      k[REGS] = s.bitsText();
      return k;
    }
    k[REGS] = s.tprText() + "|" + s.pprText() + "|" + s.tprChanged() + "|" + s.pprChanged();
    String[] bits = s.bitsText().split("\n");
    k[BITS0] = bits.length > 0 ? bits[0] : "";
    k[BITS1] = bits.length > 1 ? bits[1] : "";
    k[MESSAGE] = message(s);
    if (grids) {
      k[IRR_GRID] =
          java.util.Arrays.asList(
              s.irr(), s.irrChanged(), gridFocus(s.irr(), s.irrChanged(), focus));
      k[ISR_GRID] =
          java.util.Arrays.asList(
              s.isr(), s.isrChanged(), gridFocus(s.isr(), s.isrChanged(), focus));
    }
    return k;
  }

  /** The vector of interest as a grid draws it: only where it is set (or changed) there. */
  private static int gridFocus(VectorSet bits, VectorSet changed, int focus) {
    return focus >= 0 && focus < 256 && (bits.get(focus) || changed.get(focus)) ? focus : -1;
  }

  private static String message(CpuCardState s) {
    if (s.incoming().isEmpty()) {
      return "";
    }
    return s.incoming().get(0).replaceFirst(" from CPU \\d+", "")
        + (s.incoming().size() > 1 ? "  (+" + (s.incoming().size() - 1) + ")" : "");
  }

  private void drawCard(int c) {
    if (c < 0 || c >= cpus.size() || cardW <= 0) {
      return;
    }
    redrawn++;
    CpuCardViewModel m = cpus.get(c);
    CpuCardState s = m.getState();
    drawnState[c] = s;
    drawnSelected[c] = m.selectedProperty().get();
    drawnFocus[c] = m.focusVectorProperty().get();
    GraphicsContext g = canvases[c].getGraphicsContext2D();
    double w = cardW;
    double h = cardH;
    if (s == null) {
      g.clearRect(-1, -1, w + 2, h + 2);
      drawnFrame[c] = -1;
      drawnParts[c] = null;
      return;
    }
    boolean sel = drawnSelected[c];
    int frame = frameKey(s, sel, c);
    Object[] keys = partKeys(s, drawnFocus[c]);
    Object[] old = drawnParts[c];
    // the keyboard ring lies over the parts' bands, and an offline card is translucent (a band
    // would show what it covers): a card with either, now or as drawn, is drawn whole
    boolean whole = old == null || drawnFrame[c] < 0 || ((frame | drawnFrame[c]) & (8 | 16)) != 0;
    g.save();
    if (whole) {
      wholeCards++;
      g.clearRect(-1, -1, w + 2, h + 2);
      if (s.badge() == Badge.OFFLINE) {
        g.setGlobalAlpha(0.62);
      }
      drawFrame(g, s, sel, c, w, h);
    } else if (frame != drawnFrame[c]) {
      // only the border's look changed (the active or selected CPU moved): its ring copied from
      // the frame's picture, the parts inside left as drawn
      framesCopied++;
      copyRing(g, framePicture(s, sel, c, frame, w, h), w, h);
    }
    g.setTextBaseline(VPos.CENTER);
    g.setTextAlign(TextAlignment.LEFT);
    double line = line();
    double x = pad();
    double y = pad();
    double bandL = FRAME_W;
    double bandR = wide ? gridX(0) - 2 : w - FRAME_W;
    double right = wide ? gridX(0) - gap() : w - pad();
    for (int k = 0; k < PARTS; k++) {
      if (keys[k] == null) {
        continue;
      }
      boolean grid = k == IRR_GRID || k == ISR_GRID;
      // where the part lies: a band of the text column, or a grid with its title and labels
      double top = grid ? gridY() - gridTitleH() : y + row(k) * line;
      if (!whole && java.util.Objects.equals(keys[k], old[k])) {
        continue;
      }
      redrawnParts++;
      if (!whole) {
        g.setFill(cardBg.getValue());
        if (grid) {
          double gx = gridX(k - IRR_GRID);
          band(g, gx - 3, top, gx + side() + labelW() + 3, top + gridTitleH() + side() + 3, w, h);
        } else {
          band(g, bandL, top, bandR, top + line, w, h);
        }
      }
      drawPart(g, s, k, x, top, line, right, c);
    }
    drawnFrame[c] = frame;
    drawnParts[c] = keys;
    g.restore();
  }

  /**
   * Fills a part's band with the card's colour, inside the frame. In the rows of the rounded
   * corners each row starts where the widest border's inner edge lies in that row, a pixel further
   * in (the corners' border stays as drawn, its anti-aliased edge included).
   */
  private static void band(
      GraphicsContext g, double x0, double y0, double x1, double y1, double w, double h) {
    // the rows of the rounded corners: down to the centre of the widest border's arcs
    double zone = Math.ceil(CORNER + FRAME_W / 2);
    double midTop = Math.max(y0, zone);
    double midBottom = Math.min(y1, h - zone);
    if (midBottom > midTop) {
      g.fillRect(x0, midTop, x1 - x0, midBottom - midTop);
    }
    for (double y = Math.floor(y0); y < y1; y++) {
      if (y >= zone && y + 1 <= h - zone) {
        continue;
      }
      // the bottom corners' rows mirror the top ones'
      double in = arcIn((y < zone ? y : h - 1 - y) + 0.5);
      double a = Math.max(x0, in);
      double b = Math.min(x1, w - in);
      double top = Math.max(y, y0);
      double bottom = Math.min(y + 1, y1);
      if (b > a && bottom > top) {
        g.fillRect(a, top, b - a, bottom - top);
      }
    }
  }

  /**
   * Each frame's picture ({@link #frameKey} without keyboard ring or offline), drawn once for the
   * cards' size, type, colours and the screen's scale, and copied into a card's ring when only its
   * frame changes.
   */
  private final java.util.Map<Integer, WritableImage> framePictures = new java.util.HashMap<>();

  /** The scale the frames' pictures were drawn at (the screen's: a canvas is drawn at it). */
  private double frameScale = 1;

  private int framesCopied;

  /** The frames copied into a card's ring so far (a step whose only change was the border). */
  public int framesCopied() {
    return framesCopied;
  }

  /** The screen's scale the canvases are drawn at. */
  private double renderScale() {
    javafx.scene.Scene sc = getScene();
    javafx.stage.Window win = sc == null ? null : sc.getWindow();
    return win == null ? 1 : Math.max(1, win.getRenderScaleX());
  }

  /** The frame's picture: the card's background and border as a whole draw makes them. */
  private WritableImage framePicture(
      CpuCardState s, boolean sel, int c, int frame, double w, double h) {
    double scale = renderScale();
    if (scale != frameScale) {
      framePictures.clear();
      frameScale = scale;
    }
    WritableImage img = framePictures.get(frame);
    if (img == null) {
      Canvas k = new Canvas(w, h);
      drawFrame(k.getGraphicsContext2D(), s, sel, c, w, h);
      SnapshotParameters p = new SnapshotParameters();
      p.setFill(Color.TRANSPARENT);
      p.setTransform(javafx.scene.transform.Transform.scale(scale, scale));
      img = k.snapshot(p, null);
      framePictures.put(frame, img);
    }
    return img;
  }

  /**
   * Copies a frame's picture into the card's ring: every pixel outside the widest border's inner
   * edge (the rows above and below the parts, the columns beside them, in the rows of the rounded
   * corners as far in as the border's arc reaches), each cleared and drawn anew from the picture.
   * The parts' bands lie inside it: what they drew stays.
   */
  private void copyRing(GraphicsContext g, WritableImage img, double w, double h) {
    g.setImageSmoothing(false);
    double zone = Math.ceil(CORNER + FRAME_W / 2);
    ringPiece(g, img, 0, 0, w, FRAME_W);
    ringPiece(g, img, 0, h - FRAME_W, w, FRAME_W);
    ringPiece(g, img, 0, zone, FRAME_W, h - 2 * zone);
    ringPiece(g, img, w - FRAME_W, zone, FRAME_W, h - 2 * zone);
    for (double y = FRAME_W; y < zone; y++) {
      double in = Math.max(FRAME_W, arcIn(y));
      ringPiece(g, img, 0, y, in, 1);
      ringPiece(g, img, w - in, y, in, 1);
      ringPiece(g, img, 0, h - 1 - y, in, 1);
      ringPiece(g, img, w - in, h - 1 - y, in, 1);
    }
  }

  private void ringPiece(
      GraphicsContext g, WritableImage img, double x, double y, double pw, double ph) {
    if (pw <= 0 || ph <= 0) {
      return;
    }
    double k = frameScale;
    g.clearRect(x, y, pw, ph);
    g.drawImage(img, x * k, y * k, pw * k, ph * k, x, y, pw, ph);
  }

  /**
   * A pixel past the widest border's inner arc at height {@code at} of the top corners (its whole
   * width where the arc does not reach that high); the bottom corners' rows mirror them. The ring a
   * frame copy replaces ends there measured at a row's upper edge, where the arc reaches furthest
   * in (it covers every pixel the border covers in part); the parts' bands start there measured at
   * a row's middle.
   */
  private static double arcIn(double at) {
    double centre = CORNER + FRAME_W / 2;
    double inner = CORNER - FRAME_W / 2;
    double dy = centre - at;
    return dy < inner
        ? Math.ceil(centre - Math.sqrt(inner * inner - dy * dy)) + 1
        : Math.ceil(centre) + 1;
  }

  /** The radius of a card's corners. */
  private static final double CORNER = 8;

  /** The widest border a card has (selected, oops): the parts' bands start inside it. */
  private static final double FRAME_W = 3;

  /** The card's rounded background and border, and the keyboard's ring. */
  private void drawFrame(
      GraphicsContext g, CpuCardState s, boolean sel, int c, double w, double h) {
    double r = CORNER;
    g.setFill(cardBg.getValue());
    g.fillRoundRect(1, 1, w - 2, h - 2, r * 2, r * 2);
    double bw = sel ? 3 : s.badge() == Badge.OOPS ? 3 : s.active() ? 2.5 : 1.5;
    g.setStroke(
        sel
            ? selected.getValue()
            : s.badge() == Badge.OOPS
                ? oopsBorder.getValue()
                : s.active() ? active.getValue() : border.getValue());
    g.setLineWidth(bw);
    g.strokeRoundRect(bw / 2, bw / 2, w - bw, h - bw, r * 2, r * 2);
    if (c == keyCursor && isFocused()) {
      g.setStroke(focusStroke.getValue());
      g.setLineWidth(2);
      g.setLineDashes(4, 3);
      g.strokeRoundRect(4, 4, w - 8, h - 8, r, r);
      g.setLineDashes();
    }
  }

  /** Draws one part of a card at its place ({@code y}: the top of its band). */
  private void drawPart(
      GraphicsContext g,
      CpuCardState s,
      int part,
      double x,
      double y,
      double line,
      double right,
      int c) {
    switch (part) {
      case TITLE -> {
        Font title = titleFont();
        String t = "CPU " + s.cpu();
        g.setFont(title);
        g.setFill(text.getValue());
        g.fillText(t, x, y + line / 2);
        if (!badgeLine) {
          badge(g, s, x + width(t, title) + fs() * 0.5, y, line, right, c);
        }
      }
      case BADGE -> badge(g, s, x, y, line, right, c);
      case ICR -> {
        // the low word; the lamp's busy colour while a sent message is not yet accepted
        Font mf = mono(false);
        String icr = s.icrText().replaceFirst(" / .*", "");
        chip(
            g,
            fit(icr, mf, right - x - 6),
            x,
            y,
            line,
            mf,
            s.deliveryBusy(),
            s.icrChanged(),
            false);
      }
      case REGS -> {
        if (lines == BRIEF_LINES) {
          // a brief card: the set bits by name on one line (TPR, PPR and the rest in the tooltip)
          Font bold = mono(true);
          g.setFont(bold);
          g.setFill(text.getValue());
          g.fillText(fit(s.bitsText().replace('\n', ' '), bold, right - x), x, y + line / 2);
        } else {
          Font mf = mono(false);
          double cx = chip(g, "TPR " + s.tprText(), x, y, line, mf, false, s.tprChanged(), true);
          chip(g, "PPR " + s.pprText(), cx + fs() * 0.4, y, line, mf, false, s.pprChanged(), true);
        }
      }
      case BITS0, BITS1 -> {
        // the set bits by name: IRR and ISR (TMR is in the tooltip)
        String[] bits = s.bitsText().split("\n");
        int k = part - BITS0;
        if (k < bits.length) {
          Font bold = mono(true);
          g.setFont(bold);
          g.setFill(text.getValue());
          g.fillText(fit(bits[k], bold, right - x), x, y + line / 2);
        }
      }
      case MESSAGE -> {
        // the first message waiting here
        String msg = message(s);
        if (!msg.isEmpty()) {
          Font f = font(false, 0.9);
          g.setFont(f);
          g.setFill(text.getValue());
          g.fillText(fit(msg, f, right - x), x, y + line / 2);
        }
      }
      default -> {
        // IRR and ISR
        int k = part - IRR_GRID;
        double gx = gridX(k);
        g.setFont(font(true, 0.85));
        g.setFill(muted.getValue());
        g.fillText(k == 0 ? "IRR" : "ISR", gx, gridY() - gridTitleH() / 2);
        VectorSet set = k == 0 ? s.irr() : s.isr();
        VectorSet ch = k == 0 ? s.irrChanged() : s.isrChanged();
        grid(g, gx, gridY(), set, ch, drawnFocus[c]);
      }
    }
  }

  private Font titleFont() {
    return font(true, 1.05);
  }

  private Font badgeFont() {
    return font(true, 0.9);
  }

  /**
   * Where a card's badge was drawn: its text, what of it shows, its font, and the room the pill
   * gave the text (from {@code left} to {@code right} in the card's coordinates).
   */
  public record BadgeSpot(String text, String shown, Font font, double left, double right) {}

  private BadgeSpot[] badgeSpots = new BadgeSpot[0];

  /** Where card {@code c}'s badge was last drawn, or null before it was. */
  public BadgeSpot badgeSpot(int c) {
    return c >= 0 && c < badgeSpots.length ? badgeSpots[c] : null;
  }

  /**
   * The state badge in its pill from {@code bx}: in full, else its first part, never cut inside.
   */
  private void badge(
      GraphicsContext g, CpuCardState s, double bx, double y, double line, double right, int c) {
    Font bf = badgeFont();
    double room = Math.max(0, right - bx - fs());
    String shown = firstPart(s.badgeText(), bf, room);
    double bwid = Math.min(right - bx, width(shown, bf) + fs());
    if (c < badgeSpots.length) {
      badgeSpots[c] = new BadgeSpot(s.badgeText(), shown, bf, bx + fs() / 2, bx + fs() / 2 + room);
    }
    if (bwid > fs()) {
      double bh = line * 0.9;
      g.setFill(badgeFill(s.badge()));
      g.fillRoundRect(bx, y + (line - bh) / 2, bwid, bh, bh, bh);
      g.setFill(s.badge() == Badge.IF_OFF ? Color.web("#1b1f24") : Color.WHITE);
      g.setFont(bf);
      g.fillText(shown, bx + fs() / 2, y + line / 2);
    }
  }

  /**
   * A badge's text for {@code room} px: in full where it fits, else the longest first part that
   * does (before a " · ", before a " (", then whole words: "running" of "running · delay"), and
   * only where not even the first word fits, that word cut with an ellipsis.
   */
  private String firstPart(String t, Font f, double room) {
    if (width(t, f) <= room) {
      return t;
    }
    for (String sep : new String[] {" · ", " ("}) {
      int at = t.indexOf(sep);
      if (at > 0 && width(t.substring(0, at), f) <= room) {
        return t.substring(0, at);
      }
    }
    for (int at = t.lastIndexOf(' '); at > 0; at = t.lastIndexOf(' ', at - 1)) {
      String head = t.substring(0, at).replaceFirst(" ·$", "");
      if (width(head, f) <= room) {
        return head;
      }
    }
    int sp = t.indexOf(' ');
    return fit(sp > 0 ? t.substring(0, sp) : t, f, room);
  }

  /** A register in a box; returns the x after it. */
  private double chip(
      GraphicsContext g,
      String s,
      double x,
      double y,
      double line,
      Font f,
      boolean busy,
      boolean changed,
      boolean boxed) {
    double tw = width(s, f);
    double w = tw + (boxed || changed || busy ? fs() * 0.7 : 0);
    double h = line - 3;
    double top = y + 1.5;
    if (busy || changed || boxed) {
      g.setFill(busy ? busyBg.getValue() : changed ? changedBg.getValue() : chipBg.getValue());
      g.fillRoundRect(x, top, w, h, 5, 5);
      g.setStroke(changed ? text.getValue() : chipLine.getValue());
      g.setLineWidth(changed ? 1.5 : 1);
      g.strokeRoundRect(x + 0.5, top + 0.5, w - 1, h - 1, 5, 5);
    }
    g.setFont(f);
    g.setFill(busy ? Color.web("#1b1f24") : text.getValue());
    g.fillText(s, x + (w - tw) / 2, y + line / 2);
    return x + w;
  }

  private void grid(
      GraphicsContext g, double x, double y, VectorSet bits, VectorSet changed, int focus) {
    double c = cell;
    double side = side();
    if (isSummary()) {
      g.setFill(lineFill.getValue());
      g.fillRect(x, y, side, side);
      g.setFill(emptyFill.getValue());
      g.fillRect(x + 1, y + 1, side - 2, side - 2);
      if (!changed.isEmpty()) {
        g.setStroke(changedStroke.getValue());
        g.setLineWidth(2);
        g.strokeRect(x + 1, y + 1, side - 2, side - 2);
      }
      if (focus >= 0 && focus < 256 && bits.get(focus)) {
        g.setStroke(focusStroke.getValue());
        g.setLineWidth(2);
        g.strokeRect(x + 3, y + 3, side - 6, side - 6);
      }
      String[] lines = VectorGrid.summaryLines(bits);
      double f = Math.max(7, Math.min(14, side / 5));
      g.setTextAlign(TextAlignment.CENTER);
      g.setFont(Font.font("System", FontWeight.BOLD, f * 1.15));
      g.setFill(bits.isEmpty() ? muted.getValue() : setFill.getValue());
      g.fillText(lines[0], x + side / 2, y + side * 0.36, side - 4);
      if (lines.length > 1) {
        g.setFont(Font.font("System", f));
        g.setFill(muted.getValue());
        g.fillText(lines[1], x + side / 2, y + side * 0.68, side - 4);
      }
      g.setTextAlign(TextAlignment.LEFT);
      return;
    }
    double gap = 1;
    g.setFill(lineFill.getValue());
    g.fillRect(x, y, side, side);
    Paint set = setFill.getValue();
    Paint empty = emptyFill.getValue();
    for (int row = 0; row < 16; row++) {
      int cls = 15 - row;
      for (int col = 0; col < 16; col++) {
        g.setFill(bits.get(cls * 16 + col) ? set : empty);
        g.fillRect(x + col * c + gap, y + row * c + gap, c - gap, c - gap);
      }
    }
    if (!changed.isEmpty()) {
      g.setStroke(changedStroke.getValue());
      g.setLineWidth(Math.max(1.5, c / 4));
      changed.forEach(
          v -> g.strokeRect(x + (v & 15) * c + 0.5, y + (15 - (v >>> 4)) * c + 0.5, c, c));
    }
    if (focus >= 0 && focus < 256 && (bits.get(focus) || changed.get(focus))) {
      g.setStroke(focusStroke.getValue());
      g.setLineWidth(Math.max(1.5, c / 4));
      g.strokeRect(x + (focus & 15) * c - 1, y + (15 - (focus >>> 4)) * c - 1, c + 2.5, c + 2.5);
    }
    // the F / 0 labels of the top and bottom rows
    double lw = labelW();
    g.setFill(muted.getValue());
    g.setFont(Font.font(Math.max(8, Math.min(c + 1, c * 0.8))));
    g.setTextAlign(TextAlignment.CENTER);
    g.fillText("F", x + side + lw / 2 + 1, y + c / 2);
    g.fillText("0", x + side + lw / 2 + 1, y + side - c / 2);
    g.setTextAlign(TextAlignment.LEFT);
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
}
