package org.apicflow.ui.machine;

import java.util.ArrayList;
import java.util.List;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.apicflow.apic.VectorSet;

/** One CPU and its local APIC, drawn from a {@link CpuCardViewModel}. */
public final class CpuCard extends VBox {
  private static final PseudoClass CHANGED = PseudoClass.getPseudoClass("changed");
  private static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");
  private static final PseudoClass ACTIVE = PseudoClass.getPseudoClass("active");
  private static final PseudoClass OFFLINE = PseudoClass.getPseudoClass("offline");
  private static final PseudoClass OOPS = PseudoClass.getPseudoClass("oops");
  private static final PseudoClass BUSY = PseudoClass.getPseudoClass("busy");
  private static final PseudoClass OFF = PseudoClass.getPseudoClass("off");
  private static final PseudoClass FOCUS_VECTOR = PseudoClass.getPseudoClass("focus-vector");

  private CpuCardViewModel vm;
  private final Label title = new Label();
  private final Label badge = new Label();
  private final Label kernel = new Label();
  private final VBox incoming = new VBox(2);
  private final Label icr = new Label();
  private final Label lamp = new Label();
  private final Region lampDot = new Region();
  private final FlowPane fields = new FlowPane(4, 3);
  private final Label tpr = new Label();
  private final Label ppr = new Label();
  private final Label svr = new Label();
  private final Label iflag = new Label();
  private final VectorGrid irr = new VectorGrid("IRR");
  private final VectorGrid isr = new VectorGrid("ISR");
  private final VectorGrid tmr = new VectorGrid("TMR");
  private final Label why = new Label();
  private final Label bits = new Label();
  private final VBox info = new VBox();
  private final HBox grids;
  private final List<VBox> gridBoxes = new ArrayList<>();
  private final HBox fieldRow;
  private final HBox icrRow;
  private boolean wide;
  private boolean lean;
  private FlowPane regsRow;
  private int gridsShown = 3;

  /** A card too narrow for every register: ICR high goes to the tooltip, TMR is hidden. */
  private boolean narrow;

  private CpuCardState shown;
  private static final PseudoClass BLOCKED = PseudoClass.getPseudoClass("blocked");
  private VBox tmrBox;

  public CpuCard(CpuCardViewModel vm) {
    this.vm = vm;
    getStyleClass().add("cpu-card");
    title.getStyleClass().add("cpu-title");
    title.setMinWidth(Region.USE_PREF_SIZE);
    badge.getStyleClass().add("badge");
    // a long state ("spinning on logbuf_lock") wraps inside a narrow card rather than leave it
    badge.setMinWidth(0);
    badge.setWrapText(true);
    badge
        .maxWidthProperty()
        .bind(
            javafx.beans.binding.Bindings.createDoubleBinding(
                () -> info.getWidth() > 0 ? info.getWidth() : Double.MAX_VALUE,
                info.widthProperty()));
    LazyTip.install(badge, t -> t.textProperty().bind(badge.textProperty()));
    kernel.getStyleClass().add("cpu-kernel");
    // the badge moves under the title when the card is too narrow for both
    FlowPane head = new FlowPane(10, 4, title, badge);
    head.setAlignment(Pos.CENTER_LEFT);
    head.setPrefWrapLength(200);

    icr.getStyleClass().addAll("reg", "mono");
    LazyTip.install(
        icr,
        t -> {
          tipStyle(t, ICR_TIP);
          if (this.lean || this.tight) {
            bindLean(t);
          }
        });
    lampDot.getStyleClass().add("lamp-dot");
    lamp.setGraphic(lampDot);
    lamp.setText("delivery");
    lamp.getStyleClass().add("lamp");
    // the dot before the word: a word of another width ("busy", "idle") moves nothing after it
    lamp.setContentDisplay(javafx.scene.control.ContentDisplay.LEFT);
    tip(
        lamp,
        "ICR delivery status (bit 12): lit while a sent message is not yet accepted by every target."
            + " The busy window follows gem5 and the 2007 report: a model of reported behaviour,"
            + " not SDM text.");
    Region grow2 = new Region();
    HBox.setHgrow(grow2, Priority.ALWAYS);
    icr.setMinWidth(Region.USE_PREF_SIZE);
    lamp.setMinWidth(Region.USE_PREF_SIZE);
    icrRow = new HBox(6, icr, grow2, lamp);
    icrRow.setAlignment(Pos.CENTER_LEFT);
    fields.getStyleClass().add("icr-fields");
    fields.setPrefWrapLength(200);
    fieldRow = new HBox(fields);

    for (Label l : List.of(tpr, ppr, svr, iflag)) {
      l.getStyleClass().addAll("reg", "mono", "reg-chip");
    }
    tip(tpr, "Task Priority Register (0x080): software raises it to hold back lower classes");
    tip(
        ppr,
        "Processor Priority Register (0x0A0, read-only): the higher of TPR and the class of the"
            + " highest in-service vector. Only an IRR vector of a higher class is offered.");
    tip(svr, "Spurious-Interrupt Vector Register (0x0F0): bit 8 = APIC software enable");
    tip(
        iflag,
        "EFLAGS.IF of the core: with IF = 0 the core takes no fixed interrupt; NMI still comes in");
    FlowPane regs = new FlowPane(6, 4, tpr, ppr, svr, iflag);
    regsRow = regs;
    regs.setAlignment(Pos.CENTER_LEFT);
    regs.setPrefWrapLength(200);

    gridBoxes.add(
        gridBox(irr, "IRR", "Interrupt Request Register: accepted, waiting for the core"));
    gridBoxes.add(gridBox(isr, "ISR", "In-Service Register: taken by the core, not yet EOI'd"));
    gridBoxes.add(
        tmrBox = gridBox(tmr, "TMR", "Trigger Mode Register: set for level-triggered vectors"));
    for (VectorGrid g : List.of(irr, isr, tmr)) {
      g.setSummaryWhenTiny(true);
    }
    grids = new HBox(10);
    grids.getStyleClass().add("grids");
    grids.getChildren().setAll(gridBoxes);
    grids.setMinWidth(Region.USE_PREF_SIZE);
    why.getStyleClass().add("why");
    // two lines, always: the card keeps its height from step to step; the rest is in the tooltip
    why.minHeightProperty()
        .bind(
            javafx.beans.binding.Bindings.createDoubleBinding(
                () -> why.getFont().getSize() * (whyOneLine.get() ? WHY_ONE_LINE : WHY_TWO_LINES),
                why.fontProperty(),
                whyOneLine));
    why.wrapTextProperty().bind(whyOneLine.not());
    why.maxHeightProperty().bind(why.minHeightProperty());
    why.setAlignment(Pos.TOP_LEFT);
    LazyTip.install(
        why,
        t -> {
          t.textProperty().bind(why.textProperty());
          t.setWrapText(true);
          t.setMaxWidth(480);
        });
    bits.getStyleClass().addAll("bits", "mono");
    bits.setMinHeight(Region.USE_PREF_SIZE);
    tip(bits, "Every set bit of IRR, ISR and TMR by name, highest first");
    incoming.getStyleClass().add("incoming");
    kernel.setWrapText(false);
    kernel.setMinWidth(0);
    LazyTip.install(kernel, t -> t.textProperty().bind(kernel.textProperty()));

    // texts of a few forms ("busy" / "idle", "on" / "off", "CPU 7" / "CPU 123") keep the width of
    // the widest shown: a row whose label changes width moves the labels after it, and a box that
    // moves a child while it lays it out lays itself out again
    for (Label l : List.of(title, lamp, svr, iflag, tpr, ppr)) {
      keepWidest(l);
    }
    info.getStyleClass().add("cpu-info");
    info.setSpacing(3);
    info.getChildren().addAll(head, kernel, icrRow, fieldRow, regs, bits, incoming, why);
    info.setMinWidth(0);
    HBox.setHgrow(info, Priority.ALWAYS);
    getChildren().addAll(info, grids);
    follow(vm);
  }

  private final javafx.beans.value.ChangeListener<CpuCardState> onState = (o, was, is) -> show(is);
  private final javafx.beans.value.ChangeListener<Number> onFocus =
      (o, was, is) -> {
        irr.setFocusVector(is.intValue());
        isr.setFocusVector(is.intValue());
      };
  private final javafx.beans.value.ChangeListener<Boolean> onSelected =
      (o, was, is) -> pseudoClassStateChanged(SELECTED, is);

  /**
   * Shows another CPU in this card, keeping its nodes: above sixteen CPUs the one full card follows
   * the CPU of each event, and building a card per step cost more than the rest of the frame.
   */
  public void setViewModel(CpuCardViewModel other) {
    if (other == vm) {
      return;
    }
    vm.stateProperty().removeListener(onState);
    vm.focusVectorProperty().removeListener(onFocus);
    vm.selectedProperty().removeListener(onSelected);
    vm = other;
    follow(other);
  }

  private void follow(CpuCardViewModel m) {
    if (!followsShown) {
      ids(Integer.toString(m.cpu()));
    }
    m.stateProperty().addListener(onState);
    m.focusVectorProperty().addListener(onFocus);
    m.selectedProperty().addListener(onSelected);
    irr.setFocusVector(m.focusVectorProperty().get());
    isr.setFocusVector(m.focusVectorProperty().get());
    pseudoClassStateChanged(SELECTED, m.selectedProperty().get());
    if (m.getState() != null) {
      show(m.getState());
    }
  }

  private void ids(String c) {
    setId("cpu-card-" + c);
    badge.setId("badge-" + c);
    tpr.setId("tpr-" + c);
    ppr.setId("ppr-" + c);
    irr.setId("irr-" + c);
    isr.setId("isr-" + c);
    tmr.setId("tmr-" + c);
    why.setId("why-" + c);
    bits.setId("bits-" + c);
    kernel.setId("kernel-" + c);
  }

  private boolean followsShown;

  /**
   * Makes this the one card that follows the shown CPU (above sixteen CPUs): its nodes are named
   * "cpu-card-shown", "badge-shown"... once, instead of after each CPU it shows, because a node
   * whose id changes is styled again, with everything under it, and the card changes CPU at most
   * steps.
   */
  public void setFollowsShown() {
    followsShown = true;
    ids("shown");
  }

  private static final String ICR_TIP =
      "Interrupt Command Register (offset 0x300 low, 0x310 high). Writing ICR low sends an IPI;"
          + " bit 12 is the delivery status.";

  /** The state shown now (the lean card's ICR tooltip follows it). */
  private final javafx.beans.property.ObjectProperty<CpuCardState> current =
      new javafx.beans.property.SimpleObjectProperty<>();

  private void bindLean(Tooltip t) {
    t.textProperty()
        .bind(
            javafx.beans.binding.Bindings.createStringBinding(
                () ->
                    (current.get() == null
                            ? ""
                            : current.get().icrText()
                                + "\n"
                                + fieldsText(current.get())
                                + "\n"
                                + "SVR "
                                + current.get().svrText()
                                + "\n\n")
                        + ICR_TIP,
                current));
  }

  /** The why line's height on one line and on two, in ems. */
  private static final double WHY_ONE_LINE = 1.3;

  private static final double WHY_TWO_LINES = 2.45;

  private final javafx.beans.property.BooleanProperty whyOneLine =
      new javafx.beans.property.SimpleBooleanProperty(false);

  /**
   * The why line on one line (cut with an ellipsis, whole in its tooltip) rather than two: for
   * cards with no room to spare (four CPUs in large type on a small screen).
   */
  public void setWhyOneLine(boolean one) {
    whyOneLine.set(one);
  }

  /** Shows or hides the kernel line (a text-only card with no room left hides it). */
  public void setKernelShown(boolean on) {
    kernel.setVisible(on);
    kernel.setManaged(on);
  }

  /**
   * Shows or hides the list of messages waiting at this CPU: text-only cards leave them to the bus,
   * which draws the same messages as envelopes.
   */
  public void setIncomingShown(boolean on) {
    incoming.setVisible(on);
    incoming.setManaged(on);
  }

  private boolean tight;

  /**
   * A tight card (the one full card above sixteen CPUs, with little height): the decoded ICR fields
   * and SVR go to the ICR's tooltip, as on a lean card, without the lean card's smaller type.
   */
  public void setTight(boolean on) {
    if (on == tight) {
      return;
    }
    tight = on;
    boolean fieldsShown = !lean && !tight;
    fieldRow.setVisible(fieldsShown);
    fieldRow.setManaged(fieldsShown);
    svr.setVisible(fieldsShown);
    svr.setManaged(fieldsShown);
    if (tight) {
      Tooltip t = icr.getTooltip();
      if (t != null) {
        bindLean(t);
      }
    }
    if (shown != null) {
      show(shown, true);
    }
  }

  public boolean isTight() {
    return tight;
  }

  /**
   * The height the card's text needs at the least, at a width: tight (ICR fields in the tooltip),
   * the why line on one line, no kernel line, no waiting messages (the bus shows them), no grids.
   */
  public double tightHeight(double width) {
    javafx.geometry.Insets in = getInsets();
    double iw = width - in.getLeft() - in.getRight();
    double h = 0;
    int lines = 0;
    for (javafx.scene.Node n : info.getChildren()) {
      if (!n.isManaged() || n == fieldRow || n == kernel || n == incoming) {
        continue;
      }
      lines++;
      h += n == why ? why.getFont().getSize() * WHY_ONE_LINE : n.prefHeight(iw);
    }
    return Math.ceil(in.getTop() + in.getBottom() + h + info.getSpacing() * (lines - 1) + 1);
  }

  public boolean isWhyOneLine() {
    return whyOneLine.get();
  }

  /** Whether the kernel line is shown (a text-only card with no room left hides it). */
  public boolean isKernelShown() {
    return kernel.isManaged();
  }

  /** How many of the IRR, ISR and TMR grids the card shows. */
  public int gridsShown() {
    return grids.isManaged() ? gridsShown : 0;
  }

  /**
   * The register info's preferred height at a width as the card shows it in full: what a card short
   * of room gave up (the decoded ICR fields and SVR of a tight card, the why line's second line,
   * the kernel line, the messages waiting here) added back to what it shows now, worked out without
   * changing a node. The machine's preferred height is measured on this, so a card shrunk at a
   * passing size does not keep the machine short at the next.
   */
  double fullInfoHeight(double width) {
    double h = info.prefHeight(width);
    double iw = Math.max(0, width - info.snappedLeftInset() - info.snappedRightInset());
    double gap = info.snapSpaceY(info.getSpacing());
    if (!kernel.isManaged()) {
      h += info.snapSizeY(kernel.prefHeight(iw)) + gap;
    }
    if (!incoming.isManaged()) {
      h += info.snapSizeY(incoming.prefHeight(iw)) + gap;
    }
    if (!lean && !fieldRow.isManaged()) {
      h += info.snapSizeY(fieldRow.prefHeight(iw)) + gap;
    }
    if (whyOneLine.get()) {
      double size = why.getFont().getSize();
      h += info.snapSizeY(size * WHY_TWO_LINES) - info.snapSizeY(size * WHY_ONE_LINE);
    }
    if (!lean && regsRow.isManaged() && !svr.isManaged()) {
      List<javafx.scene.Node> without = new ArrayList<>();
      List<javafx.scene.Node> with = new ArrayList<>();
      for (javafx.scene.Node n : regsRow.getChildren()) {
        if (n.isManaged()) {
          without.add(n);
        }
        if (n.isManaged() || n == svr) {
          with.add(n);
        }
      }
      h += flowHeight(regsRow, with, iw) - flowHeight(regsRow, without, iw);
    }
    return h;
  }

  /**
   * The least width at which the register info shows each of its lines whole, as the card shows it
   * in full (see {@link #fullInfoHeight}): the title, the ICR with its delivery lamp, the first
   * message waiting here, each ICR field and register chip, the set bits and the kernel line do not
   * wrap (a narrower column cuts them to an ellipsis), and the why line has its two lines. With
   * {@code fewGrids} the ICR as a card with fewer than three grids shows it (its low word only).
   * Remembered for the texts and type it was measured on.
   */
  double wholeInfoWidth(boolean fewGrids) {
    String key =
        title.getText()
            + '|'
            + kernel.getText()
            + '|'
            + icr.getText()
            + '|'
            + lamp.getText()
            + '|'
            + (incoming.getChildren().isEmpty() ? "" : incomingLine.getText())
            + '|'
            + bits.getText()
            + '|'
            + why.getText()
            + '|'
            + (shown == null ? "" : shown.icrText())
            + '|'
            + lean
            + regsRow.isManaged()
            + '|'
            + title.getFont().getSize()
            + ' '
            + why.getFont().getSize()
            + ' '
            + icr.getFont().getSize()
            + ' '
            + title.prefWidth(-1);
    int slot = fewGrids ? 1 : 0;
    if (key.equals(wholeKey[slot])) {
      return wholeWidth[slot];
    }
    double most = Math.max(title.prefWidth(-1), kernel.prefWidth(-1));
    // the ICR in the form the card would show, beside its lamp
    String icrText = icr.getText();
    if (shown != null) {
      icrText = fewGrids || lean ? shown.icrText().replaceFirst(" / .*", "") : shown.icrText();
    }
    double icrWidth =
        icr.prefWidth(-1)
            - textWidth(icr.getText(), icr.getFont())
            + textWidth(icrText, icr.getFont());
    most = Math.max(most, icrRow.minWidth(-1) - icr.prefWidth(-1) + icrWidth);
    if (!incoming.getChildren().isEmpty()) {
      most = Math.max(most, incoming.prefWidth(-1));
    }
    most = Math.max(most, bits.prefWidth(-1));
    if (!lean) {
      for (javafx.scene.Node n : fields.getChildren()) {
        most =
            Math.max(
                most, fields.snappedLeftInset() + n.prefWidth(-1) + fields.snappedRightInset());
      }
    }
    if (regsRow.isManaged()) {
      for (javafx.scene.Node n : regsRow.getChildren()) {
        if (n.isManaged() || (n == svr && !lean)) {
          most =
              Math.max(
                  most, regsRow.snappedLeftInset() + n.prefWidth(-1) + regsRow.snappedRightInset());
        }
      }
    }
    most = Math.max(most, whyWidth());
    double w = Math.ceil(most + info.snappedLeftInset() + info.snappedRightInset());
    wholeKey[slot] = key;
    wholeWidth[slot] = w;
    return w;
  }

  private final String[] wholeKey = new String[2];
  private final double[] wholeWidth = new double[2];

  /** The least width at which the why line's text takes at most its two lines. */
  private double whyWidth() {
    String s = why.getText();
    if (s == null || s.isEmpty()) {
      return 0;
    }
    javafx.scene.text.Text t = new javafx.scene.text.Text(s);
    t.setFont(why.getFont());
    t.setLineSpacing(why.getLineSpacing());
    double one = t.getLayoutBounds().getHeight();
    double hi = Math.ceil(t.getLayoutBounds().getWidth()) + 1;
    double lo = 0;
    // two lines of text: what the label's fixed height holds
    double two = 2 * one + why.getLineSpacing() + 0.5;
    while (hi - lo > 1) {
      double mid = Math.floor((lo + hi) / 2);
      t.setWrappingWidth(mid);
      if (t.getLayoutBounds().getHeight() <= two) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return hi + why.snappedLeftInset() + why.snappedRightInset() + 1;
  }

  private static double textWidth(String s, javafx.scene.text.Font f) {
    if (s == null || s.isEmpty()) {
      return 0;
    }
    javafx.scene.text.Text t = new javafx.scene.text.Text(s);
    t.setFont(f);
    return t.getLayoutBounds().getWidth();
  }

  /** The height of a horizontal flow pane at a width, were these its children. */
  private static double flowHeight(FlowPane p, List<javafx.scene.Node> kids, double width) {
    double room = width - p.snappedLeftInset() - p.snappedRightInset();
    double hgap = p.snapSpaceX(p.getHgap());
    double vgap = p.snapSpaceY(p.getVgap());
    double total = 0;
    double run = 0;
    double runHeight = 0;
    int runs = 0;
    for (javafx.scene.Node n : kids) {
      double nw = p.snapSizeX(n.prefWidth(-1));
      double nh = p.snapSizeY(n.prefHeight(-1));
      if (run > 0 && run + nw > room) {
        total += runHeight;
        runs++;
        run = 0;
        runHeight = 0;
      }
      run += nw + hgap;
      runHeight = Math.max(runHeight, nh);
    }
    if (run > 0) {
      total += runHeight;
      runs++;
    }
    return total + vgap * Math.max(0, runs - 1);
  }

  /**
   * What the grids row needs beyond its 16 rows of cells (the grids' names over them), measured on
   * the IRR box: the first grid is there whatever the card shows, where the row itself is empty
   * when the grids stepped aside.
   */
  double gridsHeading() {
    return grids.snappedTopInset()
        + grids.snappedBottomInset()
        + gridBoxes.get(0).prefHeight(-1)
        - 16 * irr.cellSize();
  }

  public CpuCardViewModel viewModel() {
    return vm;
  }

  /**
   * Lays the card out: wide puts the registers beside the grids (info left, grids right), else the
   * grids go under them; {@code count} grids of IRR, ISR, TMR in that order, cells of {@code cell}
   * px. The set bits of every register are named in text either way.
   */
  public void arrange(boolean wideLayout, int count, double cell) {
    if (wideLayout != wide) {
      wide = wideLayout;
      getChildren().clear();
      if (wide) {
        HBox row = new HBox(12, info, grids);
        row.setAlignment(Pos.TOP_LEFT);
        VBox.setVgrow(row, Priority.ALWAYS);
        getChildren().add(row);
      } else {
        getChildren().addAll(info, grids);
      }
    }
    gridsShown = Math.max(0, Math.min(3, count));
    grids.setVisible(gridsShown > 0);
    grids.setManaged(gridsShown > 0);
    for (int i = 0; i < gridBoxes.size(); i++) {
      boolean on = i < gridsShown;
      gridBoxes.get(i).setVisible(on);
      gridBoxes.get(i).setManaged(on);
    }
    narrow = gridsShown < 3;
    for (VectorGrid g : List.of(irr, isr, tmr)) {
      g.setCellSize(cell);
    }
    if (this.shown != null) {
      show(this.shown, true);
    }
  }

  /** The register info (everything but the grids), for the machine view's layout. */
  Region info() {
    return info;
  }

  /** The grids row, for the machine view's layout. */
  Region grids() {
    return grids;
  }

  public VectorGrid irrGrid() {
    return irr;
  }

  /**
   * A lean card (three or four CPUs, where height is short) keeps the decoded ICR fields and SVR in
   * tooltips rather than on lines of their own.
   */
  public void setLean(boolean lean) {
    this.lean = lean;
    getStyleClass().remove("lean");
    if (lean) {
      getStyleClass().add("lean");
    }
    fieldRow.setVisible(!lean && !tight);
    fieldRow.setManaged(!lean && !tight);
    svr.setVisible(!lean && !tight);
    svr.setManaged(!lean && !tight);
    if (lean) {
      Tooltip t = icr.getTooltip();
      if (t != null) {
        bindLean(t);
      }
    }
  }

  /**
   * A minimal card (presenter mode, three or four CPUs): TPR, PPR and IF go to the tooltip too
   * (IF=0 is in the badge), so the large type leaves the grid its room.
   */
  public void setMinimal(boolean minimal) {
    regsRow.setVisible(!minimal);
    regsRow.setManaged(!minimal);
  }

  private static String fieldsText(CpuCardState s) {
    StringBuilder b = new StringBuilder();
    for (CpuCardState.Field f : s.icrFields()) {
      b.append(b.length() == 0 ? "" : " · ").append(f.text());
    }
    return b.toString();
  }

  /** The label's minimum width follows the widest it has been laid out at (it never narrows). */
  private static void keepWidest(Label l) {
    // a new type size (presenter mode) measures again
    l.fontProperty().addListener(o -> l.setMinWidth(Region.USE_PREF_SIZE));
    l.widthProperty()
        .addListener(
            (o, was, is) -> {
              double w = Math.ceil(is.doubleValue());
              if (w > l.getMinWidth()) {
                l.setMinWidth(w);
              }
            });
  }

  private VBox gridBox(VectorGrid g, String name, String tooltip) {
    Label l = new Label(name);
    l.getStyleClass().add("grid-title");
    tip(l, tooltip);
    VBox box = new VBox(2, l, g);
    return box;
  }

  private static void tip(javafx.scene.control.Control c, String text) {
    LazyTip.install(c, t -> tipStyle(t, text));
  }

  private static void tipStyle(Tooltip t, String text) {
    t.setText(text);
    t.setWrapText(true);
    t.setMaxWidth(420);
    t.setShowDelay(Duration.millis(300));
  }

  /**
   * Shows a state, touching only what differs from the last one: a style class or a node changed
   * costs a CSS pass, and with 64 cards that is most of a frame.
   */
  private void show(CpuCardState s) {
    show(s, false);
  }

  private void show(CpuCardState s, boolean again) {
    if (s == null) {
      return;
    }
    CpuCardState was = again ? null : shown;
    shown = s;
    current.set(s);
    title.setText(s.title());
    badge.setText(s.badgeText());
    if (was == null || was.badge() != s.badge()) {
      for (Badge b : Badge.values()) {
        badge.getStyleClass().remove(b.styleClass());
      }
      badge.getStyleClass().add(s.badge().styleClass());
    }
    kernel.setText(s.kernel());
    bits.setText(s.bitsText());
    icr.setText(narrow || lean || tight ? s.icrText().replaceFirst(" / .*", "") : s.icrText());
    icr.pseudoClassStateChanged(BUSY, s.deliveryBusy());
    icr.pseudoClassStateChanged(CHANGED, s.icrChanged());
    lamp.setVisible(s.hasDeliveryStatus());
    lampDot.pseudoClassStateChanged(BUSY, s.deliveryBusy());
    lamp.setText(s.deliveryBusy() ? "busy" : "idle");
    if (was == null || !was.icrFields().equals(s.icrFields())) {
      List<CpuCardState.Field> fs = s.icrFields();
      boolean sameKinds = fs.size() == pillTips.size();
      for (int k = 0; sameKinds && k < fs.size(); k++) {
        sameKinds = fs.get(k).tooltip().equals(pillTips.get(k));
      }
      if (sameKinds) {
        // the same fields with other values (another CPU, another command): the pills keep their
        // nodes and style, only their text changes
        for (int k = 0; k < fs.size(); k++) {
          ((Label) fields.getChildren().get(k)).setText(fs.get(k).text());
        }
      } else {
        List<Label> pills = new ArrayList<>();
        pillTips.clear();
        for (CpuCardState.Field f : fs) {
          Label p = new Label(f.text());
          p.getStyleClass().addAll("pill", "mono");
          tip(p, f.tooltip());
          pills.add(p);
          pillTips.add(f.tooltip());
        }
        fields.getChildren().setAll(pills);
      }
    }
    if (!fields.getChildren().isEmpty()) {
      fields.getChildren().get(0).pseudoClassStateChanged(FOCUS_VECTOR, s.icrFocus());
    }
    tpr.setText("TPR " + s.tprText());
    tpr.pseudoClassStateChanged(CHANGED, s.tprChanged());
    ppr.setText("PPR " + s.pprText());
    ppr.pseudoClassStateChanged(CHANGED, s.pprChanged());
    boolean enabled = (s.svr() & 0x100) != 0;
    svr.setText("SVR " + s.svrText() + (enabled ? " on" : " off"));
    svr.pseudoClassStateChanged(CHANGED, s.svrChanged());
    svr.pseudoClassStateChanged(OFF, !enabled);
    iflag.setText(s.interruptsEnabled() ? "IF=1" : "IF=0");
    iflag.pseudoClassStateChanged(CHANGED, s.ifChanged());
    iflag.pseudoClassStateChanged(OFF, !s.interruptsEnabled());
    setIfDifferent(irr, s.irr(), s.irrChanged());
    setIfDifferent(isr, s.isr(), s.isrChanged());
    setIfDifferent(tmr, s.tmr(), s.tmrChanged());
    why.setText(s.why().text());
    boolean blocked =
        switch (s.why().verdict()) {
          case NOTHING_PENDING, OFFERED -> false;
          default -> true;
        };
    why.pseudoClassStateChanged(BLOCKED, blocked);
    if (was == null || !was.incoming().equals(s.incoming())) {
      // one line for the first message waiting here (the others counted, all in its tooltip):
      // the same label from step to step, shown or not
      List<String> msgs = s.incoming();
      incomingAll.set(String.join("\n", msgs));
      if (msgs.isEmpty()) {
        incoming.getChildren().clear();
      } else {
        String text = msgs.get(0);
        incomingLine.setText(text + (msgs.size() > 1 ? "  (+" + (msgs.size() - 1) + ")" : ""));
        if (incoming.getChildren().isEmpty()) {
          incoming.getChildren().add(incomingLine);
        }
      }
    }
    pseudoClassStateChanged(ACTIVE, s.active());
    pseudoClassStateChanged(OFFLINE, s.badge() == Badge.OFFLINE);
    pseudoClassStateChanged(OOPS, s.badge() == Badge.OOPS);
  }

  /** The tooltips of the ICR field pills shown, in order (the kinds of field). */
  private final List<String> pillTips = new ArrayList<>();

  /** The messages waiting at this CPU, for the incoming line's tooltip. */
  private final javafx.beans.property.StringProperty incomingAll =
      new javafx.beans.property.SimpleStringProperty("");

  private final Label incomingLine = incomingLine();

  private Label incomingLine() {
    Label l = new Label();
    l.getStyleClass().add("incoming-msg");
    l.setMinWidth(0);
    LazyTip.install(l, t -> t.textProperty().bind(incomingAll));
    return l;
  }

  private static void setIfDifferent(VectorGrid g, VectorSet bits, VectorSet changed) {
    if (!bits.equals(g.getBits())) {
      g.setBits(bits);
    }
    if (!changed.equals(g.getChanged())) {
      g.setChanged(changed);
    }
  }
}
