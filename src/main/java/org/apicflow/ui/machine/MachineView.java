package org.apicflow.ui.machine;

import java.util.ArrayList;
import java.util.List;
import javafx.animation.KeyFrame;
import javafx.animation.KeyValue;
import javafx.animation.Timeline;
import javafx.css.PseudoClass;
import javafx.geometry.Bounds;
import javafx.geometry.Insets;
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.apicflow.ui.LocalLayout;

/**
 * The machine: one card per CPU, on a shared APIC bus. The cards share out the room the view has:
 * up to four CPUs get full cards in the arrangement (a row, a column, two by two; registers beside
 * or above the grids) that gives the largest grid cells, never a scroll bar; five to sixteen get
 * compact cards; more get a summary strip with a chip per CPU and the selected CPU in full.
 */
public final class MachineView extends VBox {
  private static final PseudoClass DENSE = PseudoClass.getPseudoClass("dense");
  private static final PseudoClass MEDIUM = PseudoClass.getPseudoClass("medium");

  /** Up to this many CPUs, every card is in full and in view. */
  public static final int FULL_MAX = 4;

  /** Up to this many CPUs, compact cards; above, a strip and the selected CPU. */
  public static final int COMPACT_MAX = 16;

  /** The smallest grid cell a full card aims for, in px at scale 1. */
  public static final double CELL_MIN = 12;

  private static final double GAP = 12;

  private final MachineViewModel vm;
  private final Label header = new Label();
  private final Label machineText = new Label();
  private final javafx.beans.property.StringProperty title =
      new javafx.beans.property.SimpleStringProperty("");
  private final Label callout = new Label();
  private final CardArea area = new CardArea();
  private final CompactCards compact;
  private final ScrollPane scroll;
  private final CpuStrip strip;
  private final BusView bus = new BusView();
  private final DeviceCards devices = new DeviceCards();
  private final List<CpuCard> cards = new ArrayList<>();
  private final Label legend;
  private final HBox top;
  private int mode; // 0: full cards, 1: compact, 2: strip
  private Timeline pulse;

  public MachineView(MachineViewModel vm) {
    this.vm = vm;
    strip = new CpuStrip(vm);
    compact = new CompactCards(vm);
    scroll = new ScrollPane(compact);
    getStyleClass().addAll("panel", "machine-view");
    setId("machine-view");
    // a box that moves a child while it lays it out (a row whose label got a new width, a column
    // whose line got taller) asks itself and its parent for another layout, which JavaFX, having
    // marked them clean before laying them out, would leave to the next pulse: the picture of a
    // step would take two pulses or more to settle. What asked again is laid out in the same pulse.
    LocalLayout.settleInPulse(this);
    header.getStyleClass().add("panel-title");
    header.setId("scenario-title");
    // the scenario's title heads the machine; without one (an export tile) the machine's name
    header
        .textProperty()
        .bind(
            javafx.beans.binding.Bindings.when(title.isEmpty())
                .then(vm.headerProperty())
                .otherwise(title));
    machineText.getStyleClass().add("machine-text");
    machineText.setMinWidth(0);
    machineText
        .textProperty()
        .bind(
            javafx.beans.binding.Bindings.when(title.isEmpty())
                .then("")
                .otherwise(
                    javafx.beans.binding.Bindings.createStringBinding(
                        () -> vm.headerProperty().get().replaceFirst("^Machine — ", ""),
                        vm.headerProperty())));
    callout.getStyleClass().add("focus-callout");
    callout.setId("focus-callout");
    callout.setMinWidth(Region.USE_PREF_SIZE);
    callout.setVisible(false);
    LazyTip.install(
        callout,
        t ->
            t.setText(
                "The vector of interest: the one the shown CPU's APIC holds back or offers, else"
                    + " the one the last event moved. It glows in the grids."));
    Region grow = new Region();
    HBox.setHgrow(grow, Priority.ALWAYS);
    top = new HBox(10, header, machineText, grow, callout);
    top.setAlignment(Pos.CENTER_LEFT);
    // the machine's line gives way before the title: the title is cut only when it does not fit
    // beside the callout on its own
    header
        .minWidthProperty()
        .bind(
            javafx.beans.binding.Bindings.createDoubleBinding(
                () -> {
                  double room =
                      top.getWidth()
                          - top.snappedLeftInset()
                          - top.snappedRightInset()
                          - (callout.isVisible()
                              ? callout.prefWidth(-1) + 2 * top.getSpacing()
                              : 0);
                  return Math.max(0, Math.min(header.prefWidth(-1), room));
                },
                top.widthProperty(),
                callout.visibleProperty(),
                callout.textProperty(),
                header.textProperty(),
                header.fontProperty()));
    top.setId("machine-header");
    compact.getStyleClass().add("card-pane");
    scroll.setFitToWidth(true);
    // the compact cards take the height the view has (they shrink or grow to show every CPU)
    scroll.setFitToHeight(true);
    // the scroll pane's skin caches its viewport as one bitmap: a change in any compact card would
    // re-render the whole viewport into that bitmap before drawing it. Uncached, a step repaints
    // only the cards it changed.
    scroll
        .skinProperty()
        .addListener(
            (o, was, is) -> {
              javafx.scene.Node viewport = scroll.lookup(".viewport");
              if (viewport != null) {
                viewport.setCache(false);
              }
            });
    scroll.getStyleClass().add("edge-to-edge");
    legend =
        new Label(
            "IRR / ISR / TMR: a row per priority class (F on top) · filled = set · outlined ="
                + " changed at this step · glow = the vector of interest");
    legend.getStyleClass().add("grid-legend");
    legend.setMinHeight(Region.USE_PREF_SIZE);
    LazyTip.install(
        legend,
        t ->
            t.setText(
                "IRR / ISR / TMR: a row per priority class (F on top, vector 0xN0 at the left);"
                    + " filled = set · outlined = changed at this step · glow = the vector of"
                    + " interest"));
    VBox.setVgrow(area, Priority.ALWAYS);
    VBox.setVgrow(scroll, Priority.ALWAYS);
    getChildren().addAll(top, area, devices, bus, legend);
    vm.frameProperty()
        .addListener(
            (o, was, is) -> {
              devices.show(is);
              strip.refresh();
              compact.refresh();
            });
    vm.pinnedCpuProperty().addListener(o -> strip.refresh());
    // the device cards come and go with the scenario (after its cards): the window fits the
    // machine's height again, as their column or row changes what the CPU cards need
    devices
        .visibleProperty()
        .addListener(
            (o, was, is) -> {
              if (onNeedChange != null) {
                javafx.application.Platform.runLater(onNeedChange);
              }
            });
    devices.show(vm.frameProperty().get());
    vm.cardsProperty().addListener((o, was, is) -> rebuild(is));
    vm.busProperty().addListener((o, was, is) -> bus.setEnvelopes(is));
    vm.deviceBusProperty().addListener((o, was, is) -> bus.setDeviceMessages(is));
    bus.setDeviceMessages(vm.deviceBusProperty().get());
    bus.setDeviceX(this::deviceCenterX);
    vm.shownCpuProperty().addListener((o, was, is) -> showSelected());
    vm.focusVectorProperty().addListener((o, was, is) -> focusChanged(is.intValue()));
    rebuild(vm.getCards());
    bus.setEnvelopes(vm.busProperty().get());
  }

  private void rebuild(List<CpuCardViewModel> list) {
    cards.clear();
    int n = list.size();
    mode = n <= FULL_MAX ? 0 : n <= COMPACT_MAX ? 1 : 2;
    legendWanted = n < 3; // three CPUs up: the room goes to the grids, the legend to a tooltip
    legend.setVisible(legendWanted && legendAllowed);
    legend.setManaged(legendWanted && legendAllowed);
    pseudoClassStateChanged(DENSE, n > 8);
    pseudoClassStateChanged(MEDIUM, n > 2 && n <= 8);
    compact.setCpus(mode == 1 ? list : List.of());
    if (mode == 1) {
      // five to sixteen CPUs: drawn on one canvas (CompactCards), no card nodes
    } else if (mode == 2) {
      strip.setCpus(list);
      CpuCard one = card(list.get(Math.min(vm.shownCpuProperty().get(), n - 1)));
      one.setFollowsShown();
      cards.add(one);
    } else {
      for (CpuCardViewModel c : list) {
        CpuCard card = card(c);
        card.setLean(n >= 3 || presenter);
        card.setMinimal(n >= 2 && presenter);
        cards.add(card);
      }
    }
    int at = getChildren().indexOf(area) >= 0 ? 1 : getChildren().indexOf(scroll);
    getChildren().removeAll(area, scroll, strip);
    if (mode == 1) {
      area.getChildren().clear();
      getChildren().add(Math.max(1, at), scroll);
    } else if (mode == 2) {
      area.getChildren().setAll(cards);
      getChildren().add(Math.max(1, at), area);
      getChildren().add(Math.max(1, at), strip);
    } else {
      area.getChildren().setAll(cards);
      getChildren().add(Math.max(1, at), area);
    }
    area.invalidate();
    bus.setCardX(mode == 2 ? 0 : n, this::cardCenterX);
    placeDevices();
  }

  private CpuCard card(CpuCardViewModel c) {
    CpuCard card = new CpuCard(c);
    // the card may come to show another CPU (above sixteen CPUs): it asks whose it is on a click
    card.setOnMouseClicked(e -> vm.toggleSelect(card.viewModel().cpu()));
    LazyTip.install(
        card,
        t -> t.setText("Click to pin this CPU in the code pane; click again to follow the events"));
    return card;
  }

  /** Above sixteen CPUs the one full card is the CPU the code pane shows. */
  private void showSelected() {
    if (mode != 2) {
      return;
    }
    int cpu = vm.shownCpuProperty().get();
    List<CpuCardViewModel> list = vm.getCards();
    if (cpu < 0 || cpu >= list.size() || cards.get(0).viewModel() == list.get(cpu)) {
      return;
    }
    // the same card shows the other CPU: no nodes made, no arrangement chosen again
    cards.get(0).setViewModel(list.get(cpu));
  }

  /** The vector of interest in large type, pulsing once when it changes. */
  private void focusChanged(int v) {
    if (v < 0 || v > 255) {
      callout.setVisible(false);
      return;
    }
    String text = String.format("0x%02X", v);
    boolean changed = !text.equals(callout.getText()) || !callout.isVisible();
    callout.setText(text);
    callout.setVisible(true);
    if (changed) {
      if (pulse != null) {
        pulse.stop();
      }
      pulse =
          new Timeline(
              new KeyFrame(
                  Duration.ZERO,
                  new KeyValue(callout.scaleXProperty(), 1.35),
                  new KeyValue(callout.scaleYProperty(), 1.35)),
              new KeyFrame(
                  Duration.millis(600),
                  new KeyValue(callout.scaleXProperty(), 1.0),
                  new KeyValue(callout.scaleYProperty(), 1.0)));
      pulse.play();
    }
  }

  /** The scenario's title, shown over the cards (empty: the machine's name instead). */
  public javafx.beans.property.StringProperty titleProperty() {
    return title;
  }

  private Runnable onNeedChange;

  /**
   * Called (a pulse later) when the cards need more height than the view's preferred height said,
   * e.g. when their text grew after their first state arrived.
   */
  public void setOnNeedChange(Runnable r) {
    onNeedChange = r;
  }

  /** The large label naming the vector of interest. */
  public Label callout() {
    return callout;
  }

  private boolean presenter;

  /**
   * Presenter mode: every card lean (its type is large, the decoded ICR fields go to a tooltip), no
   * legend line.
   */
  public void setPresenter(boolean on) {
    presenter = on;
    int n = cards.size();
    if (mode == 0) {
      for (CpuCard c : cards) {
        c.setLean(n >= 3 || on);
        c.setMinimal(n >= 2 && on);
      }
    }
    setLegendVisible(!on);
    placeDevices();
    area.invalidate();
  }

  /**
   * Where the IO-APIC and 8259 cards go: under the CPU cards, or, in presenter mode with full
   * cards, in a narrow column beside them, so the row under the cards does not take the height the
   * IRR and ISR grids need.
   */
  private void placeDevices() {
    boolean side = presenter && mode == 0;
    if (devices.getParent() == area && side || devices.getParent() == this && !side) {
      return;
    }
    if (devices.getParent() == area) {
      area.getChildren().remove(devices);
    } else if (devices.getParent() == this) {
      getChildren().remove(devices);
    }
    devices.setNarrow(side);
    if (side) {
      area.getChildren().add(devices);
    } else {
      getChildren().add(getChildren().indexOf(bus), devices);
    }
    area.invalidate();
  }

  /** True when the device cards stand in a column beside the CPU cards. */
  public boolean devicesBeside() {
    return devices.getParent() == area;
  }

  /** The IO-APIC and 8259 cards. */
  public DeviceCards deviceCards() {
    return devices;
  }

  /** The room the device column takes from the CPU cards (0 when under them or not shown). */
  private double sideWidth() {
    if (devices.getParent() != area || !devices.isUsed()) {
      return 0;
    }
    return Math.ceil(devices.prefWidth(-1)) + SIDE_GAP;
  }

  /** The gap between the CPU cards and the device column beside them. */
  private static final double SIDE_GAP = 8;

  private double deviceCenterX(String which) {
    if (!devices.isUsed() || !devices.isVisible()) {
      return Double.NaN;
    }
    Region c = "pic".equals(which) ? devices.picCard() : devices.ioapicCard();
    Bounds b = c.localToScene(c.getLayoutBounds());
    Point2D p = bus.sceneToLocal((b.getMinX() + b.getMaxX()) / 2, 0);
    return p == null ? Double.NaN : p.getX();
  }

  /**
   * Shows or hides the header line (the scenario's title or the machine's name, and the vector
   * callout): a picture that has its own caption, such as a contact-sheet tile, hides it.
   */
  public void setHeaderVisible(boolean v) {
    top.setVisible(v);
    top.setManaged(v);
  }

  /** The header line over the cards. */
  public Region headerRow() {
    return top;
  }

  /** Shows or hides the line that explains the grids (presenter mode needs the room). */
  public void setLegendVisible(boolean v) {
    legendAllowed = v;
    legend.setVisible(v && legendWanted);
    legend.setManaged(v && legendWanted);
  }

  private boolean legendAllowed = true;
  private boolean legendWanted = true;

  /**
   * The full cards (up to four CPUs), or above sixteen the one that shows the selected CPU; five to
   * sixteen CPUs have no card nodes (see {@link #compactCards()}).
   */
  public List<CpuCard> cards() {
    return cards;
  }

  /** Five to sixteen CPUs: the compact cards, drawn on one canvas. */
  public CompactCards compactCards() {
    return compact;
  }

  /** Above sixteen CPUs: the strip with a chip per CPU. */
  public CpuStrip strip() {
    return strip;
  }

  public BusView bus() {
    return bus;
  }

  /**
   * The full cards' preferred height at a width, with the choices of arrangement its search made:
   * searched from the least height the cards can have, or (with {@code fromLeast} false) from 60 px
   * up, as it once was. For checks of the search.
   */
  double[] cardAreaHeightSearch(double width, boolean fromLeast) {
    double h = area.prefHeight(width, fromLeast);
    return new double[] {h, area.probes};
  }

  /** The region the cards are laid out in (full cards), for layout checks. */
  public Region cardArea() {
    return mode == 1 ? scroll : area;
  }

  private double cardCenterX(int cpu) {
    if (mode == 1) {
      if (cpu < 0 || cpu >= compact.cardCount()) {
        return 0;
      }
      Point2D at = compact.localToScene(compact.centerX(cpu), 0);
      Point2D p = bus.sceneToLocal(at.getX(), 0);
      return p == null ? 0 : p.getX();
    }
    if (cpu < 0 || cpu >= cards.size()) {
      return 0;
    }
    CpuCard c = cards.get(cpu);
    Bounds b = c.localToScene(c.getLayoutBounds());
    Point2D p = bus.sceneToLocal((b.getMinX() + b.getMaxX()) / 2, 0);
    return p == null ? 0 : p.getX();
  }

  /** The interface scale: the type size against 13 px. */
  private double cellScale() {
    return Math.max(0.5, getFont() / 13.0);
  }

  private double getFont() {
    return header.getFont() == null ? 13 : header.getFont().getSize() / 1.08;
  }

  @Override
  protected void layoutChildren() {
    fitStripType(getWidth());
    super.layoutChildren();
    bus.requestLayout();
  }

  /**
   * The chips' type follows the interface scale, but is made smaller (never under the normal size)
   * until the strip takes at most {@link #STRIP_ROWS} rows: at 255 CPUs presenter type would give
   * ten rows and leave the full card no room.
   */
  private void fitStripType(double width) {
    if (mode == 1) {
      // the compact cards' type: the machine's, smaller above eight CPUs (as the dense cards had)
      double em = getFont() * (compact.cardCount() > 8 ? 0.8 : 1);
      compact.setTypeSize(Math.round(em), Math.max(3, Math.round(cellScale() * 4)));
      return;
    }
    if (mode != 2) {
      return;
    }
    double w = width - snappedLeftInset() - snappedRightInset();
    long most = Math.round(11 * cellScale());
    long type = most;
    while (type > 11 && strip.rowsAt(type, w) > STRIP_ROWS) {
      type--;
    }
    strip.setTypeSize(type);
  }

  /** The most rows of chips the strip takes when its type can shrink to fit them. */
  private static final int STRIP_ROWS = 6;

  @Override
  protected double computePrefHeight(double width) {
    fitStripType(width > 0 ? width : getWidth());
    return super.computePrefHeight(width);
  }

  /**
   * Above sixteen CPUs, at the least the strip, the full card's text (ICR fields in the tooltip,
   * the why line on one line) and the bus: the window never gives the machine less, so the card's
   * lines never run into the bus.
   */
  @Override
  protected double computeMinHeight(double width) {
    if (mode != 2 || cards.isEmpty()) {
      return super.computeMinHeight(width);
    }
    double w = width > 0 ? width : getWidth();
    fitStripType(w);
    double iw = w - snappedLeftInset() - snappedRightInset();
    double h = snappedTopInset() + snappedBottomInset();
    int shown = 0;
    for (javafx.scene.Node n : getChildren()) {
      if (!n.isManaged()) {
        continue;
      }
      shown++;
      h += n == area ? cards.get(0).tightHeight(iw) : n.prefHeight(iw);
    }
    return Math.ceil(h + getSpacing() * Math.max(0, shown - 1));
  }

  /** A choice of layout for the full cards. */
  record Arrangement(int cols, int rows, boolean wide, int grids, double cell) {
    boolean better(Arrangement o, double min) {
      if (o == null) {
        return true;
      }
      boolean a = cell >= min;
      boolean b = o.cell >= min;
      if (a != b) {
        return a;
      }
      if (a && grids != o.grids) {
        return grids > o.grids;
      }
      if (!a && Math.abs(cell - o.cell) < 0.01) {
        return grids < o.grids; // nothing reaches the aim: the one grid that matters, largest
      }
      return cell > o.cell + 0.01;
    }
  }

  /**
   * The full cards, in a grid of equal cells that fills the room; the arrangement is chosen again
   * only when the room or the type size changes, so stepping never moves a card.
   */
  private final class CardArea extends javafx.scene.layout.Pane {
    private Arrangement chosen;
    private String chosenFor = "";

    /** The tallest register info when the arrangement was chosen. */
    private double chosenInfo;

    /** The widest register info shown whole when the arrangement was chosen. */
    private double chosenWhole;

    /** The size for which the window was last asked for more height (cells shrank below aim). */
    private String askedFor = "";

    /** Does any card's register info need more height than the arrangement leaves it? */
    private boolean overflows(double w, double h) {
      if (chosen == null) {
        return false;
      }
      if (chosen.wide) {
        // the registers beside the grids: a line that no longer fits the column (a message now
        // waits here, a longer why) would be cut, where fewer grids may leave it whole
        for (CpuCard c : cards) {
          double need = c.wholeInfoWidth(chosen.grids < 3);
          double has = c.info().getWidth();
          if (has > 0 && need > has + 0.5 && need > chosenWhole + 0.5) {
            return true;
          }
        }
        return false;
      }
      double cw = Math.floor((w - GAP * (chosen.cols - 1)) / chosen.cols);
      double ch = Math.floor((h - GAP * (chosen.rows - 1)) / chosen.rows);
      for (CpuCard c : cards) {
        Insets in = c.getInsets();
        double iw = cw - in.getLeft() - in.getRight();
        double room = ch - in.getTop() - in.getBottom() - c.grids().prefHeight(iw) - c.getSpacing();
        double info = c.info().prefHeight(iw);
        if (info > room + 0.5 && info > chosenInfo + 0.5) {
          return true;
        }
      }
      return false;
    }

    @Override
    public javafx.geometry.Orientation getContentBias() {
      return javafx.geometry.Orientation.HORIZONTAL;
    }

    CardArea() {
      getStyleClass().add("card-area");
      setMinHeight(0);
      setMinWidth(0);
    }

    void invalidate() {
      chosenFor = "";
      requestLayout();
    }

    @Override
    protected double computePrefHeight(double width) {
      return prefHeight(width, true);
    }

    /**
     * The preferred height at a width, searched from the least height the cards can have or (with
     * {@code fromLeast} false) from 60 px up, as the search once did; {@link #probes} counts the
     * choices of arrangement it made.
     */
    double prefHeight(double width, boolean fromLeast) {
      // laid out at its preferred size (an export tile): the height 12 px cells need
      double w = (width > 0 ? width : 800) - sideWidth();
      spare = getFont() * 1.5;
      try {
        return prefHeightFor(w, fromLeast);
      } finally {
        spare = 0;
      }
    }

    /** The choices of arrangement the last height search made. */
    int probes;

    /** The tallest register info when the preferred height was last worked out. */
    private double measuredInfo = -1;

    /** The tallest register info at a card width, each card's as shown in full. */
    private double tallestInfo(double w) {
      double most = 0;
      for (CpuCard c : cards) {
        Insets in = c.getInsets();
        most = Math.max(most, c.fullInfoHeight(w - in.getLeft() - in.getRight()));
      }
      return most;
    }

    private double prefHeightFor(double w, boolean fromLeast) {
      clearMemo();
      measuredInfo = tallestInfo(w / Math.max(1, cards.size()));
      choosing = true;
      try {
        return prefHeightSearch(w, fromLeast);
      } finally {
        choosing = false;
      }
    }

    /** True while one search calls {@link #choose} many times over unchanged cards. */
    private boolean choosing;

    private double prefHeightSearch(double w, boolean fromLeast) {
      probes = 1;
      Arrangement a = choose(w, 100000, CELL_MIN);
      if (a == null || cards.isEmpty()) {
        return 200;
      }
      // one CPU: all three grids; two: IRR and ISR; more: IRR, the other registers in text
      int grids = Math.min(a.grids, cards.size() == 1 ? 3 : cards.size() == 2 ? 2 : 1);
      double target = Math.min(a.cell, CELL_MIN);
      double from = SEARCH_FROM;
      if (fromLeast) {
        // the heights under the least one fail: the search starts at the last of its 4 px steps at
        // or under it (a pixel to spare for rounding), so it probes the same heights after it
        double least = leastHeight(w, target, grids) - 1;
        from = Math.max(SEARCH_FROM, SEARCH_FROM + 4 * Math.floor((least - SEARCH_FROM) / 4));
      }
      double best = 0;
      for (double h = from; h < 4000; h += 4) {
        probes++;
        Arrangement b = choose(w, h, CELL_MIN);
        if (b != null && b.cell >= target && b.grids >= grids) {
          best = h;
          break;
        }
      }
      return best > 0 ? best + 6 : 600; // a little over: the split pane rounds to whole pixels
    }

    /** Where the height search starts at the least. */
    private static final double SEARCH_FROM = 60;

    /**
     * The least height at which the search can succeed, worked out directly: under it no
     * arrangement with {@code grids} grids or more has cells of {@code target} px, as a cell is
     * never larger than what the card's height leaves the grids (the grids' names off, and the
     * register info off where it stands above them) nor than what the card's width leaves them, and
     * registers beside the grids must fit the card's height at one of the widths such cells leave
     * them. Infinite when no arrangement can.
     */
    private double leastHeight(double w, double target, int grids) {
      int n = cards.size();
      CpuCard probe = cards.get(0);
      Insets in = probe.getInsets();
      double title = gridsTitle(probe);
      double minInfo = getFont() * 12;
      double least = Double.POSITIVE_INFINITY;
      for (int cols = 1; cols <= n; cols++) {
        int rows = (n + cols - 1) / cols;
        if (rows > 1 && cols * (rows - 1) >= n) {
          continue; // an empty row
        }
        double iw = Math.floor((w - GAP * (cols - 1)) / cols) - in.getLeft() - in.getRight() - 2;
        for (int k = Math.max(1, grids); k <= 3; k++) {
          double gridsFixed = (k - 1) * GRID_GAP;
          double per = k * (16 + GRID_LABEL);
          // registers beside the grids
          double byW = (iw - WIDE_GAP - minInfo - gridsFixed) / per;
          if (byW >= target) {
            double info = Double.POSITIVE_INFINITY;
            for (double m = target; m <= Math.floor(byW); m++) {
              info = Math.min(info, infoHeight(iw - WIDE_GAP - per * m - gridsFixed));
            }
            least = Math.min(least, heightFor(Math.max(16 * target + title, info), rows, in));
          }
          // registers above the grids
          if ((iw - gridsFixed) / per >= target) {
            double need = 16 * target + title + infoHeight(iw) + probe.getSpacing();
            least = Math.min(least, heightFor(need, rows, in));
          }
        }
      }
      return least;
    }

    /** The height of {@code rows} rows of cards whose inside is at least {@code inner} high. */
    private double heightFor(double inner, int rows, Insets in) {
      double card = Math.ceil(inner + in.getTop() + in.getBottom() + 1 - 1e-9);
      return rows * card + GAP * (rows - 1);
    }

    @Override
    protected double computePrefWidth(double height) {
      return 600;
    }

    @Override
    protected void layoutChildren() {
      double side = sideWidth();
      double w = getWidth() - side;
      double h = getHeight();
      if (side > 0) {
        // the device column at the right, as high as it needs (at most the area)
        double dw = side - SIDE_GAP;
        devices.resizeRelocate(w + SIDE_GAP, 0, dw, Math.min(h, devices.prefHeight(dw)));
      }
      if (cards.isEmpty() || w <= 0 || h <= 0) {
        return;
      }
      if (measuredInfo >= 0 && tallestInfo(w / cards.size()) > measuredInfo + 0.5) {
        // the cards' text grew since the window asked for its height (their first state came
        // after the list): the window asks again
        measuredInfo = -1;
        if (onNeedChange != null) {
          javafx.application.Platform.runLater(onNeedChange);
        }
      }
      String key = w + "x" + h + "@" + cellScale() + "#" + cards.size();
      if (chosen != null && key.equals(chosenFor) && overflows(w, h)) {
        // the cards' text grew past what the arrangement left room for: choose again (rare: the
        // window asks for a line to spare)
        chosenFor = "";
      }
      if (!key.equals(chosenFor) || chosen == null) {
        // every card gets back what a smaller room took from it before the arrangement is chosen
        // again (and what to take decided anew): chosen for shrunk cards, it would keep them so
        for (CpuCard c : cards) {
          c.setTight(false);
          c.setWhyOneLine(false);
          c.setKernelShown(true);
          c.setIncomingShown(true);
        }
        chosen = choose(w, h, CELL_MIN);
        if (chosen == null) {
          // no room for a readable grid at all (large type, small window): the set bits stay
          // named in text, the grids step aside
          chosen = new Arrangement(cards.size(), 1, false, 0, 3);
        }
        chosenFor = key;
        chosenInfo = 0;
        chosenWhole = 0;
        for (CpuCard c : cards) {
          chosenWhole = Math.max(chosenWhole, c.wholeInfoWidth(chosen.grids < 3));
        }
        if (chosen != null && !chosen.wide) {
          double cw0 = Math.floor((w - GAP * (chosen.cols - 1)) / chosen.cols);
          for (CpuCard c : cards) {
            Insets in = c.getInsets();
            chosenInfo =
                Math.max(chosenInfo, c.info().prefHeight(cw0 - in.getLeft() - in.getRight()));
          }
        }
        if (chosen != null) {
          for (CpuCard c : cards) {
            c.arrange(chosen.wide, chosen.grids, chosen.cell);
          }
          // the estimate may be off by a line (a grid's name, a badge at its new size): the cells
          // shrink until every card fits its place, so no grid runs past its card
          double cw0 = Math.floor((w - GAP * (chosen.cols - 1)) / chosen.cols);
          double ch0 = Math.floor((h - GAP * (chosen.rows - 1)) / chosen.rows);
          double cell = chosen.cell;
          for (CpuCard c : cards) {
            // text-only cards leave the messages waiting at a CPU to the bus, which draws them
            c.setIncomingShown(chosen.grids > 0);
          }
          if (chosen.grids == 0 && mode == 2 && tallestCard(cw0) > ch0 + 0.5) {
            // the one card above sixteen CPUs, no grids and no room: the decoded ICR fields go
            // to the ICR's tooltip first
            for (CpuCard c : cards) {
              c.setTight(true);
            }
          }
          if (chosen.grids == 0 && tallestCard(cw0) > ch0 + 0.5) {
            // no grids and still no room: the why line keeps to one line (whole in its tooltip)
            for (CpuCard c : cards) {
              c.setWhyOneLine(true);
            }
          }
          while (chosen.grids > 0 && cell > 5 && tallestCard(cw0) > ch0 + 0.5) {
            cell--;
            for (CpuCard c : cards) {
              c.arrange(chosen.wide, chosen.grids, cell);
            }
          }
          if (mode == 2 && chosen.grids > 0 && tallestCard(cw0) > ch0 + 0.5) {
            // the one card above sixteen CPUs: even the smallest cells leave its text no room, so
            // the grid steps aside (the set bits stay named in text) rather than the text run
            // into the bus
            chosen = new Arrangement(chosen.cols, chosen.rows, false, 0, 3);
            cell = 3;
            for (CpuCard c : cards) {
              c.arrange(false, 0, cell);
              c.setIncomingShown(false);
            }
          }
          if (cell != chosen.cell) {
            if (cell < CELL_MIN && onNeedChange != null && !key.equals(askedFor)) {
              // the cards' text grew past what the window measured (a later step says more):
              // the window fits the machine's height again, once for this size
              askedFor = key;
              javafx.application.Platform.runLater(onNeedChange);
            }
            chosen = new Arrangement(chosen.cols, chosen.rows, chosen.wide, chosen.grids, cell);
          }
        }
      }
      double cw = Math.floor((w - GAP * (chosen.cols - 1)) / chosen.cols);
      double ch = Math.floor((h - GAP * (chosen.rows - 1)) / chosen.rows);
      for (int k = 0; k < 3 && chosen.grids == 0 && tallestCard(cw) > ch + 0.5; k++) {
        // the text grew at this step past the room: (above sixteen CPUs) the ICR fields go to the
        // tooltip, the why lines keep to one line from now on, and if that is not enough the
        // kernel line steps aside (the code pane names it too)
        boolean one = cards.get(0).isWhyOneLine();
        boolean tight = mode != 2 || cards.get(0).isTight();
        for (CpuCard c : cards) {
          if (!tight) {
            c.setTight(true);
          } else if (one) {
            c.setKernelShown(false);
          } else {
            c.setWhyOneLine(true);
          }
        }
      }
      for (int i = 0; i < cards.size(); i++) {
        int col = i % chosen.cols;
        int row = i / chosen.cols;
        CpuCard c = cards.get(i);
        c.resizeRelocate(col * (cw + GAP), row * (ch + GAP), cw, ch);
      }
    }

    private double tallestCard(double cw) {
      double most = 0;
      for (CpuCard c : cards) {
        c.applyCss();
        most = Math.max(most, c.prefHeight(cw));
      }
      return most;
    }

    /** The best arrangement of the cards in w x h, or null when there are no cards. */
    Arrangement choose(double w, double h, double min) {
      if (!choosing) {
        clearMemo(); // a new choice: the cards' text may have changed since the last
      }
      if (cards.isEmpty()) {
        return null;
      }
      // an arrangement that shows every card's register text whole, if one has readable cells and
      // the grids that matter (one CPU: all three, two: IRR and ISR, more: IRR; fewer where the
      // best of all has fewer); else the best of all, the text cut where it must be. Whole text
      // never costs a grid the cards would otherwise show at readable size
      Arrangement best = choose(w, h, min, false);
      Arrangement whole = choose(w, h, min, true);
      int n = cards.size();
      int wanted = Math.min(best == null ? 1 : best.grids, n == 1 ? 3 : n == 2 ? 2 : 1);
      if (whole != null && whole.cell >= min && whole.grids >= wanted) {
        return whole;
      }
      return best;
    }

    /**
     * The best arrangement of the cards in w x h; with {@code whole}, of those whose register info
     * is wide enough for each of its lines.
     */
    private Arrangement choose(double w, double h, double min, boolean whole) {
      int n = cards.size();
      double max = 30 * cellScale();
      Arrangement best = null;
      for (int cols = 1; cols <= n; cols++) {
        int rows = (n + cols - 1) / cols;
        if (rows > 1 && cols * (rows - 1) >= n) {
          continue; // an empty row
        }
        double cw = Math.floor((w - GAP * (cols - 1)) / cols);
        double ch = Math.floor((h - GAP * (rows - 1)) / rows);
        for (boolean wide : new boolean[] {true, false}) {
          for (int k = 3; k >= 1; k--) {
            double c = Math.min(max, cell(cw, ch, wide, k, whole));
            if (c < 5) {
              continue;
            }
            Arrangement a = new Arrangement(cols, rows, wide, k, Math.floor(c));
            if (a.better(best, min)) {
              best = a;
            }
          }
        }
      }
      return best;
    }

    /**
     * The largest cell with which a card of cw x ch shows k grids; 0 when none fits. With {@code
     * whole}, the register info must also be wide enough to show each of its lines whole.
     */
    private double cell(double cw, double ch, boolean wide, int k, boolean whole) {
      CpuCard probe = cards.get(0);
      Insets in = probe.getInsets();
      double iw = cw - in.getLeft() - in.getRight() - 2;
      double ih = ch - in.getTop() - in.getBottom() - 1;
      double em = getFont();
      double title = gridsTitle(probe);
      double label = GRID_LABEL;
      double gridsFixed = (k - 1) * GRID_GAP;
      double infoH = infoHeight(wide ? Math.max(em * 12, iw * 0.4) : iw);
      double need = whole ? wholeWidth(k) : 0;
      if (wide) {
        double minInfo = Math.max(em * 12, need);
        double byW = (iw - WIDE_GAP - minInfo - gridsFixed) / (k * (16 + label));
        double byH = (ih - title) / 16;
        double c = Math.min(byW, byH);
        double infoW = iw - WIDE_GAP - k * (16 + label) * Math.floor(c) - gridsFixed;
        if (infoHeight(infoW) > ih) {
          return 0;
        }
        return c;
      }
      if (iw < need) {
        return 0;
      }
      double byW = (iw - gridsFixed) / (k * (16 + label));
      double byH = (ih - infoH - probe.getSpacing() - title) / 16;
      return Math.min(byW, byH);
    }

    /**
     * The grid's name over it: what the grids row needs beyond its 16 cells (measured on the IRR
     * box, there even when the grids stepped aside).
     */
    private double gridsTitle(CpuCard probe) {
      return Math.max(0, probe.gridsHeading()) + 1;
    }

    /** The F / 0 column beside a grid, per px of cell. */
    private static final double GRID_LABEL = 0.8;

    /** The gap between two grids. */
    private static final double GRID_GAP = 10;

    /** The gap between the register info and the grids beside it. */
    private static final double WIDE_GAP = 12;

    /** The tallest of the cards' register info at a width, with a line to spare. */
    private double infoHeight(double width) {
      // memoised for one choice of arrangement: the cards do not change while it is made, and the
      // search asks the same few widths thousands of times (64 cards: 99% of a frame without it)
      Double known = infoMemo.get(width);
      if (known != null) {
        return known + spare;
      }
      double most = 0;
      for (CpuCard c : cards) {
        // the card in full, whatever an earlier size took from it: measured on a shrunk card, the
        // machine's preferred height would keep it shrunk at every size after
        most = Math.max(most, c.fullInfoHeight(width));
      }
      infoMemo.put(width, most);
      return most + spare;
    }

    private final java.util.Map<Double, Double> infoMemo = new java.util.HashMap<>();

    /**
     * The widest of the cards' register info shown whole, with all three grids and with fewer (the
     * ICR is shorter then), memoised for one choice of arrangement like {@link #infoHeight}.
     */
    private double wholeWidth(int k) {
      int slot = k < 3 ? 1 : 0;
      if (wholeMemo[slot] < 0) {
        double most = 0;
        for (CpuCard c : cards) {
          most = Math.max(most, c.wholeInfoWidth(k < 3));
        }
        wholeMemo[slot] = most;
      }
      return wholeMemo[slot];
    }

    private final double[] wholeMemo = {-1, -1};

    private void clearMemo() {
      infoMemo.clear();
      wholeMemo[0] = -1;
      wholeMemo[1] = -1;
    }

    /** Extra height asked for the register info: a badge or a why line may grow by a line. */
    private double spare;
  }
}
