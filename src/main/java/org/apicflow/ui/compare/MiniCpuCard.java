package org.apicflow.ui.compare;

import java.util.ArrayList;
import java.util.List;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.apicflow.apic.VectorSet;
import org.apicflow.ui.machine.Badge;
import org.apicflow.ui.machine.CpuCardState;
import org.apicflow.ui.machine.CpuCardViewModel;
import org.apicflow.ui.machine.VectorGrid;

/**
 * A CPU in a compare panel: what tells runs apart at a glance. Its state badge, IF, TPR and PPR,
 * IRR and ISR as small grids with the set vectors spelled out beside them, and the arbitration line
 * when something waits. Drawn from the same {@link CpuCardState} as the single view's card.
 */
public final class MiniCpuCard extends VBox {
  private static final PseudoClass CHANGED = PseudoClass.getPseudoClass("changed");
  private static final PseudoClass OFF = PseudoClass.getPseudoClass("off");
  private static final PseudoClass ACTIVE = PseudoClass.getPseudoClass("active");
  private static final PseudoClass OOPS = PseudoClass.getPseudoClass("oops");
  private static final PseudoClass OFFLINE = PseudoClass.getPseudoClass("offline");
  private static final PseudoClass BUSY = PseudoClass.getPseudoClass("busy");

  private final Label title = new Label();
  private final Label badge = new Label();
  private final Label iflag = new Label();
  private final Label tpr = new Label();
  private final Label ppr = new Label();
  private final Label icr = new Label("ICR busy");
  private final VectorGrid irr = new VectorGrid("IRR");
  private final VectorGrid isr = new VectorGrid("ISR");
  private final Label irrText = new Label();
  private final Label isrText = new Label();
  private final Label why = new Label();
  private final VBox incoming = new VBox(2);
  private final Label differs = new Label();
  private static final PseudoClass DIFFERS = PseudoClass.getPseudoClass("differs");
  private VectorSet irrBits = new VectorSet();
  private VectorSet isrBits = new VectorSet();

  public MiniCpuCard(CpuCardViewModel vm) {
    getStyleClass().add("mini-card");
    setId("mini-card-" + vm.cpu());
    title.getStyleClass().add("mini-title");
    title.setMinWidth(Region.USE_PREF_SIZE);
    badge.getStyleClass().add("badge");
    badge.setMinWidth(0); // a long badge ends in "…" rather than run off the card
    for (Label l : List.of(iflag, tpr, ppr, icr)) {
      l.getStyleClass().addAll("reg", "mono", "reg-chip");
      l.setMinWidth(Region.USE_PREF_SIZE);
    }
    icr.getStyleClass().add("mini-icr");
    icr.setTooltip(new Tooltip("ICR delivery status busy: the last IPI is not yet accepted"));
    HBox head = new HBox(5, title, badge);
    head.setAlignment(Pos.CENTER_LEFT);
    FlowPane regs = new FlowPane(5, 3, iflag, tpr, ppr, icr);
    regs.setAlignment(Pos.CENTER_LEFT);
    regs.setPrefWrapLength(160);
    // the registers wrap at the card's width
    widthProperty()
        .addListener((o, was, is) -> regs.setPrefWrapLength(Math.max(60, is.doubleValue() - 14)));

    HBox grids = new HBox(8, gridBox(irr, irrText, "IRR"), gridBox(isr, isrText, "ISR"));
    grids.setAlignment(Pos.TOP_LEFT);
    why.getStyleClass().addAll("why", "mini-why");
    why.setMinWidth(0);
    why.setWrapText(true);
    why.setMinHeight(Region.USE_PREF_SIZE);
    incoming.getStyleClass().add("incoming");
    differs.getStyleClass().addAll("mini-differs", "mono");
    differs.setId("differs-" + vm.cpu());
    differs.setMinWidth(0);
    // whole, never cut: at presenter size a narrow card wraps it onto a second line
    differs.setWrapText(true);
    differs.setMinHeight(Region.USE_PREF_SIZE);
    differs.setVisible(false);
    differs.setManaged(false);
    differs.setTooltip(
        new Tooltip("What this run has and another compared run has not, at this moment"));
    // what differs comes right under the title: where the panel's height runs short it is the
    // grids that scroll, never this line
    getChildren().addAll(head, differs, regs, grids, incoming, why);
    vm.stateProperty().addListener((o, was, is) -> show(is));
    vm.focusVectorProperty()
        .addListener(
            (o, was, is) -> {
              irr.setFocusVector(is.intValue());
              isr.setFocusVector(is.intValue());
            });
    if (vm.getState() != null) {
      show(vm.getState());
    }
  }

  private static VBox gridBox(VectorGrid g, Label text, String name) {
    Label l = new Label(name);
    l.getStyleClass().add("grid-title");
    l.setMinWidth(Region.USE_PREF_SIZE);
    text.getStyleClass().addAll("mini-vectors", "mono");
    text.setMinWidth(0);
    HBox title = new HBox(6, l, text);
    title.setAlignment(Pos.CENTER_LEFT);
    return new VBox(1, title, g);
  }

  /** The set vectors of a register, spelled out: "0xFB", "0x31 0xEF", "5 set", or "—". */
  static String vectors(VectorSet s) {
    List<String> out = new ArrayList<>();
    for (int v = 255; v >= 0; v--) {
      if (s.get(v)) {
        out.add(String.format("0x%02X", v));
      }
    }
    if (out.isEmpty()) {
      return "\u2014";
    }
    return out.size() <= 2 ? String.join(" ", out) : out.size() + " set";
  }

  /** The IRR bits shown now. */
  public VectorSet irrBits() {
    return irrBits;
  }

  /** The ISR bits shown now. */
  public VectorSet isrBits() {
    return isrBits;
  }

  /** The text that names what differs from the other runs, empty when nothing does. */
  public String differsText() {
    return differs.isVisible() ? differs.getText() : "";
  }

  /**
   * Highlights the vectors set on this card that are not set in every compared run (and says which
   * are clear here but set elsewhere): the bit a fix clears, or the one that survives without it.
   */
  public void showDifferences(VectorSet irrDiff, VectorSet isrDiff) {
    List<String> here = new ArrayList<>();
    List<String> gone = new ArrayList<>();
    int focus = -1;
    for (int v = 255; v >= 0; v--) {
      if (irrDiff.get(v)) {
        (irrBits.get(v) ? here : gone).add(String.format("IRR 0x%02X", v));
        if (irrBits.get(v) && focus < 0) {
          focus = v;
        }
      }
      if (isrDiff.get(v)) {
        (isrBits.get(v) ? here : gone).add(String.format("ISR 0x%02X", v));
        if (isrBits.get(v) && focus < 0) {
          focus = v;
        }
      }
    }
    String text = "";
    if (!here.isEmpty()) {
      text = "\u25b2 differs: " + String.join(", ", here);
    } else if (!gone.isEmpty()) {
      text = "clear here: " + String.join(", ", gone);
    }
    differs.setText(text);
    differs.setTooltip(
        new Tooltip(
            here.isEmpty()
                ? "Set in another compared run, clear in this one"
                : "Set in this run, clear in another compared run: " + String.join(", ", here)));
    differs.setVisible(!text.isEmpty());
    differs.setManaged(!text.isEmpty());
    differs.pseudoClassStateChanged(DIFFERS, !here.isEmpty());
    irrText.pseudoClassStateChanged(DIFFERS, hasAny(irrDiff, irrBits));
    isrText.pseudoClassStateChanged(DIFFERS, hasAny(isrDiff, isrBits));
    if (focus >= 0) {
      irr.setFocusVector(focus);
      isr.setFocusVector(focus);
    }
  }

  private static boolean hasAny(VectorSet diff, VectorSet bits) {
    for (int v = 0; v < 256; v++) {
      if (diff.get(v) && bits.get(v)) {
        return true;
      }
    }
    return false;
  }

  private void show(CpuCardState s) {
    if (s == null) {
      return;
    }
    irrBits = new VectorSet(s.irr());
    isrBits = new VectorSet(s.isr());
    title.setText("CPU " + s.cpu());
    badge.setText(s.badgeText());
    for (Badge b : Badge.values()) {
      badge.getStyleClass().remove(b.styleClass());
    }
    badge.getStyleClass().add(s.badge().styleClass());
    badge.setTooltip(new Tooltip(s.badgeText() + "\n" + s.kernel()));
    iflag.setText(s.interruptsEnabled() ? "IF=1" : "IF=0");
    // the badge already says IF=0 when that is the CPU's state
    boolean showIf = !s.badgeText().startsWith("IF=");
    iflag.setVisible(showIf);
    iflag.setManaged(showIf);
    iflag.pseudoClassStateChanged(OFF, !s.interruptsEnabled());
    iflag.pseudoClassStateChanged(CHANGED, s.ifChanged());
    tpr.setText("TPR " + s.tprText().substring(2));
    tpr.pseudoClassStateChanged(CHANGED, s.tprChanged());
    ppr.setText("PPR " + s.pprText().substring(2));
    ppr.pseudoClassStateChanged(CHANGED, s.pprChanged());
    icr.setVisible(s.deliveryBusy());
    icr.setManaged(s.deliveryBusy());
    icr.pseudoClassStateChanged(BUSY, s.deliveryBusy());
    irr.setBits(s.irr());
    irr.setChanged(s.irrChanged());
    isr.setBits(s.isr());
    isr.setChanged(s.isrChanged());
    irrText.setText(vectors(s.irr()));
    isrText.setText(vectors(s.isr()));
    irrText.pseudoClassStateChanged(CHANGED, !s.irrChanged().isEmpty());
    isrText.pseudoClassStateChanged(CHANGED, !s.isrChanged().isEmpty());
    boolean blocked =
        switch (s.why().verdict()) {
          case NOTHING_PENDING, OFFERED -> false;
          default -> true;
        };
    why.setText(blocked ? s.why().text() : "");
    why.setVisible(blocked);
    why.setManaged(blocked);
    why.setTooltip(blocked ? new Tooltip(s.why().text()) : null);
    List<Label> in = new ArrayList<>();
    for (String text : s.incoming()) {
      Label l = new Label(text.replaceFirst(" from CPU (\\d+)", " \u2190 CPU $1"));
      l.getStyleClass().add("incoming-msg");
      l.setMinWidth(0);
      in.add(l);
    }
    incoming.getChildren().setAll(in);
    pseudoClassStateChanged(ACTIVE, s.active());
    pseudoClassStateChanged(OOPS, s.badge() == Badge.OOPS);
    pseudoClassStateChanged(OFFLINE, s.badge() == Badge.OFFLINE);
  }
}
