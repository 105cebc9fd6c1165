package org.apicflow.ui.machine;

import javafx.geometry.Pos;
import javafx.scene.layout.FlowPane;
import org.apicflow.machine.Program;
import org.apicflow.ui.playback.Frame;

/**
 * The row of device cards under the CPU cards: the IO-APIC and the 8259s, shown only when the
 * scenario uses them (a source wired to a pin or IRQ, or an op that reaches them).
 */
public final class DeviceCards extends FlowPane {
  private final IoApicCard ioapic = new IoApicCard();
  private final PicCard pic = new PicCard();
  private Program program;
  private boolean used;

  public DeviceCards() {
    super(12, 8);
    setAlignment(Pos.TOP_LEFT);
    setRowValignment(javafx.geometry.VPos.TOP);
    setMinWidth(0);
    getStyleClass().add("device-cards");
    getStylesheets()
        .add(
            org.apicflow.ui.StyleSheets.url(
                DeviceCards.class, "/org/apicflow/ui/machine/device-cards.css"));
    setId("device-cards");
    getChildren().addAll(ioapic, pic);
    setUsed(false);
  }

  /** Follows a frame: the cards show its state, outlined where it differs from the step before. */
  public void show(Frame f) {
    if (f == null) {
      return;
    }
    Program p = f.trace().program();
    if (p != program) {
      program = p;
      setUsed(DeviceUse.of(p));
    }
    if (!used) {
      return;
    }
    var before = f.previous();
    ioapic.show(f.state().ioapic(), before == null ? null : before.ioapic());
    pic.show(f.state().pic(), before == null ? null : before.pic());
  }

  private void setUsed(boolean u) {
    used = u;
    setVisible(u);
    setManaged(u);
  }

  /**
   * Narrow: the cards one over the other, each in its narrow form (for a column beside the CPU
   * cards); else side by side in a row.
   */
  public void setNarrow(boolean on) {
    narrow = on;
    getStyleClass().remove("narrow");
    if (on) {
      getStyleClass().add("narrow");
    }
    ioapic.setNarrow(on);
    pic.setNarrow(on);
    setPrefWrapLength(on ? 1 : 400);
    requestLayout();
  }

  private boolean narrow;

  public boolean isNarrow() {
    return narrow;
  }

  @Override
  protected double computePrefWidth(double height) {
    if (!narrow) {
      return super.computePrefWidth(height);
    }
    javafx.geometry.Insets in = getInsets();
    return in.getLeft() + in.getRight() + Math.max(ioapic.prefWidth(-1), pic.prefWidth(-1));
  }

  public boolean isUsed() {
    return used;
  }

  public IoApicCard ioapicCard() {
    return ioapic;
  }

  public PicCard picCard() {
    return pic;
  }
}
