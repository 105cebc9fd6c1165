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

  private final CpuCardViewModel vm;
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
  private final HBox fieldRow;
  private boolean compact;

  /** A card too narrow for every register: ICR high goes to the tooltip, TMR is hidden. */
  private boolean narrow;

  private CpuCardState shown;
  private static final PseudoClass BLOCKED = PseudoClass.getPseudoClass("blocked");
  private VBox tmrBox;

  public CpuCard(CpuCardViewModel vm) {
    this.vm = vm;
    getStyleClass().add("cpu-card");
    setId("cpu-card-" + vm.cpu());
    title.getStyleClass().add("cpu-title");
    title.setMinWidth(Region.USE_PREF_SIZE);
    badge.getStyleClass().add("badge");
    badge.setId("badge-" + vm.cpu());
    badge.setMinWidth(Region.USE_PREF_SIZE);
    kernel.getStyleClass().add("cpu-kernel");
    // the badge moves under the title when the card is too narrow for both
    FlowPane head = new FlowPane(10, 4, title, badge);
    head.setAlignment(Pos.CENTER_LEFT);
    head.setPrefWrapLength(200);

    icr.getStyleClass().addAll("reg", "mono");
    tip(
        icr,
        "Interrupt Command Register (offset 0x300 low, 0x310 high). Writing ICR low sends an IPI;"
            + " bit 12 is the delivery status.");
    lampDot.getStyleClass().add("lamp-dot");
    lamp.setGraphic(lampDot);
    lamp.setText("delivery");
    lamp.getStyleClass().add("lamp");
    lamp.setContentDisplay(javafx.scene.control.ContentDisplay.RIGHT);
    tip(
        lamp,
        "ICR delivery status (bit 12): lit while a sent message is not yet accepted by every target."
            + " The busy window follows gem5 and the 2007 report: a model of reported behaviour,"
            + " not SDM text.");
    Region grow2 = new Region();
    HBox.setHgrow(grow2, Priority.ALWAYS);
    icr.setMinWidth(Region.USE_PREF_SIZE);
    lamp.setMinWidth(Region.USE_PREF_SIZE);
    HBox icrRow = new HBox(6, icr, grow2, lamp);
    icrRow.setAlignment(Pos.CENTER_LEFT);
    fields.getStyleClass().add("icr-fields");
    fields.setPrefWrapLength(200);
    fieldRow = new HBox(fields);

    for (Label l : List.of(tpr, ppr, svr, iflag)) {
      l.getStyleClass().addAll("reg", "mono", "reg-chip");
    }
    tpr.setId("tpr-" + vm.cpu());
    ppr.setId("ppr-" + vm.cpu());
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
    regs.setAlignment(Pos.CENTER_LEFT);
    regs.setPrefWrapLength(200);

    irr.setId("irr-" + vm.cpu());
    isr.setId("isr-" + vm.cpu());
    tmr.setId("tmr-" + vm.cpu());
    HBox grids =
        new HBox(
            10,
            gridBox(irr, "IRR", "Interrupt Request Register: accepted, waiting for the core"),
            gridBox(isr, "ISR", "In-Service Register: taken by the core, not yet EOI'd"),
            tmrBox = gridBox(tmr, "TMR", "Trigger Mode Register: set for level-triggered vectors"));
    why.getStyleClass().add("why");
    why.setId("why-" + vm.cpu());
    why.setWrapText(true);
    incoming.getStyleClass().add("incoming");

    getChildren().addAll(head, kernel, icrRow, fieldRow, regs, grids, incoming, why);
    vm.stateProperty().addListener((o, was, is) -> show(is));
    vm.focusVectorProperty()
        .addListener(
            (o, was, is) -> {
              irr.setFocusVector(is.intValue());
              isr.setFocusVector(is.intValue());
            });
    vm.selectedProperty().addListener((o, was, is) -> pseudoClassStateChanged(SELECTED, is));
    if (vm.getState() != null) {
      show(vm.getState());
    }
  }

  public CpuCardViewModel viewModel() {
    return vm;
  }

  /** Compact cards (many CPUs) drop the decoded ICR fields and the why line. */
  public void setCompact(boolean c) {
    compact = c;
    fieldRow.setVisible(!c);
    fieldRow.setManaged(!c);
    why.setVisible(!c);
    why.setManaged(!c);
    kernel.setVisible(!c);
    kernel.setManaged(!c);
    for (javafx.scene.Node n : List.of(svr, iflag, tmrBox, lamp)) {
      n.setVisible(!c);
      n.setManaged(!c);
    }
    if (c) {
      getStyleClass().add("compact");
    }
  }

  /** Shows or hides the TMR grid (narrow cards keep IRR and ISR). */
  public void setTmrShown(boolean shown) {
    narrow = !shown;
    tmrBox.setVisible(shown && !compact);
    tmrBox.setManaged(shown && !compact);
  }

  private VBox gridBox(VectorGrid g, String name, String tooltip) {
    Label l = new Label(name);
    l.getStyleClass().add("grid-title");
    tip(l, tooltip);
    VBox box = new VBox(2, l, g);
    return box;
  }

  private static void tip(javafx.scene.control.Control c, String text) {
    Tooltip t = new Tooltip(text);
    t.setWrapText(true);
    t.setMaxWidth(420);
    t.setShowDelay(Duration.millis(300));
    c.setTooltip(t);
  }

  /**
   * Shows a state, touching only what differs from the last one: a style class or a node changed
   * costs a CSS pass, and with 64 cards that is most of a frame.
   */
  private void show(CpuCardState s) {
    if (s == null) {
      return;
    }
    CpuCardState was = shown;
    shown = s;
    title.setText(compact ? "CPU " + s.cpu() : s.title());
    badge.setText(s.badgeText());
    if (was == null || was.badge() != s.badge()) {
      if (was != null) {
        badge.getStyleClass().remove(was.badge().styleClass());
      }
      badge.getStyleClass().add(s.badge().styleClass());
    }
    kernel.setText(s.kernel());
    icr.setText(compact || narrow ? s.icrText().replaceFirst(" / .*", "") : s.icrText());
    icr.pseudoClassStateChanged(BUSY, s.deliveryBusy());
    icr.pseudoClassStateChanged(CHANGED, s.icrChanged());
    lamp.setVisible(!compact && s.hasDeliveryStatus());
    lampDot.pseudoClassStateChanged(BUSY, s.deliveryBusy());
    lamp.setText(s.deliveryBusy() ? "busy" : "idle");
    if (!compact && (was == null || !was.icrFields().equals(s.icrFields()))) {
      List<Label> pills = new ArrayList<>();
      for (CpuCardState.Field f : s.icrFields()) {
        Label p = new Label(f.text());
        p.getStyleClass().addAll("pill", "mono");
        tip(p, f.tooltip());
        pills.add(p);
      }
      fields.getChildren().setAll(pills);
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
      List<Label> in = new ArrayList<>();
      for (String text : s.incoming()) {
        Label l = new Label(compact ? text.replaceFirst(" from CPU \\d+", "") : text);
        l.getStyleClass().add("incoming-msg");
        in.add(l);
      }
      incoming.getChildren().setAll(in);
    }
    pseudoClassStateChanged(ACTIVE, s.active());
    pseudoClassStateChanged(OFFLINE, s.badge() == Badge.OFFLINE);
    pseudoClassStateChanged(OOPS, s.badge() == Badge.OOPS);
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
