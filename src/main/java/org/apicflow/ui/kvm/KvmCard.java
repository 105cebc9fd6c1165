package org.apicflow.ui.kvm;

import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.apicflow.ui.machine.VectorGrid;

/** A vCPU card of an imported trace: IRR, ISR and TMR grids with undecided bits hatched. */
final class KvmCard extends VBox {
  private final Label title = new Label();
  private final Label mode = new Label();
  private final Label lvt0 = new Label();
  private final VectorGrid irr = new VectorGrid("IRR");
  private final VectorGrid isr = new VectorGrid("ISR");
  private final VectorGrid tmr = new VectorGrid("TMR");
  private final Label irrText = new Label();
  private final Label isrText = new Label();
  private final Label tmrText = new Label();

  KvmCard() {
    getStyleClass().addAll("cpu-card", "kvm-card");
    setSpacing(6);
    setPadding(new Insets(10));
    title.getStyleClass().add("cpu-title");
    mode.getStyleClass().add("badge");
    lvt0.getStyleClass().addAll("cpu-kernel", "mono");
    HBox grids = new HBox(12, column(irr, irrText), column(isr, isrText), column(tmr, tmrText));
    getChildren().addAll(new HBox(8, title, mode), lvt0, grids);
  }

  private static VBox column(VectorGrid g, Label text) {
    Label name = new Label(g.getRegister());
    name.getStyleClass().add("grid-title");
    text.getStyleClass().add("cpu-kernel");
    text.setWrapText(true);
    text.setMaxWidth(150);
    return new VBox(2, name, g, text);
  }

  /** Grid cell size in pixels: bigger with few vCPUs and in presenter mode. */
  void setCellSize(double px) {
    String style = "-apic-cell-size: " + px + ";";
    irr.setStyle(style);
    isr.setStyle(style);
    tmr.setStyle(style);
    for (Label l : new Label[] {irrText, isrText, tmrText}) {
      l.setMaxWidth(Math.max(150, 16 * px + 20));
    }
  }

  void show(KvmCardState s) {
    title.setText(s.title());
    mode.setText(s.mode());
    mode.getStyleClass().removeAll("badge-running", "badge-halted", "badge-offline");
    mode.getStyleClass()
        .add(
            s.mode().startsWith("in guest")
                ? "badge-running"
                : s.mode().startsWith("in host") ? "badge-halted" : "badge-offline");
    lvt0.setText(s.lvt0());
    set(irr, irrText, s.irr());
    set(isr, isrText, s.isr());
    set(tmr, tmrText, s.tmr());
    pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("active"), s.active());
    setStyle(s.active() ? "-fx-border-color: -af-focus; -fx-border-width: 2;" : "");
  }

  private static void set(VectorGrid g, Label text, KvmCardState.Reg r) {
    g.setBits(r.set());
    g.setUnknown(r.unknown());
    g.setChanged(r.changed());
    text.setText(r.summary());
  }
}
