package org.apicflow.ui.machine;

import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.apicflow.apic.Pic8259;
import org.apicflow.apic.PicPair;

/**
 * The two 8259s as a card: for the master and the slave, the vector base and the IRR, ISR and IMR
 * bytes in binary (IRQ 7 at the left), and the master's INTR lamp. A byte that changed at this step
 * is outlined, as the local APIC cards outline their registers.
 */
public final class PicCard extends VBox {
  private static final PseudoClass CHANGED = PseudoClass.getPseudoClass("changed");
  private static final PseudoClass BUSY = PseudoClass.getPseudoClass("busy");

  private final Label title = new Label("8259 PICs");
  private final Label[][] cells = new Label[2][4];
  private final Region intrDot = new Region();
  private final Label intr = new Label("INTR", intrDot);

  public PicCard() {
    getStyleClass().add("device-card");
    setId("pic-card");
    setSpacing(4);
    title.getStyleClass().add("cpu-title");
    title.setMinWidth(Region.USE_PREF_SIZE);
    Tooltip.install(
        title,
        new Tooltip(
            "The cascaded 8259A PICs: IRR (requests), ISR (in service), IMR (masked), IRQ 7 at"
                + " the left of each byte. INTR = the master's output, to LINT0 and IO-APIC pin"
                + " 0."));
    GridPane grid = new GridPane();
    grid.setHgap(6);
    grid.setVgap(3);
    String[] heads = {"base", "IRR", "ISR", "IMR"};
    String[] chips = {"master", "slave"};
    for (int r = 0; r < 2; r++) {
      Label name = new Label(chips[r]);
      name.getStyleClass().add("machine-text");
      name.setMinWidth(Region.USE_PREF_SIZE);
      grid.add(name, 0, r);
      for (int c = 0; c < 4; c++) {
        Label l = new Label();
        l.getStyleClass().addAll("reg", "mono", "reg-chip");
        l.setMinWidth(Region.USE_PREF_SIZE);
        l.setId("pic-" + chips[r] + "-" + heads[c].toLowerCase(java.util.Locale.ROOT));
        cells[r][c] = l;
        if (c > 0) {
          Label h = new Label(heads[c]);
          h.getStyleClass().add("machine-text");
          h.setMinWidth(Region.USE_PREF_SIZE);
          grid.add(h, 2 * c, r);
        }
        grid.add(l, 2 * c + 1, r);
      }
    }
    intrDot.getStyleClass().add("lamp-dot");
    intr.getStyleClass().add("lamp");
    intr.setContentDisplay(ContentDisplay.RIGHT);
    intr.setId("pic-intr");
    intr.setMinWidth(Region.USE_PREF_SIZE);
    VBox head = new VBox(4, title, intr);
    head.setAlignment(Pos.TOP_LEFT);
    javafx.scene.layout.HBox body = new javafx.scene.layout.HBox(12, head, grid);
    body.setAlignment(Pos.TOP_LEFT);
    getChildren().add(body);
  }

  /** Shows the 8259s of {@code now}; {@code before} (may be null) decides the outlines. */
  public void show(PicPair now, PicPair before) {
    chip(0, now.master(), before == null ? null : before.master());
    chip(1, now.slave(), before == null ? null : before.slave());
    intrDot.pseudoClassStateChanged(BUSY, now.output());
  }

  private void chip(int r, Pic8259 p, Pic8259 b) {
    set(cells[r][0], p.initState() != 0 ? "init…" : String.format("0x%02X", p.base()), false);
    set(cells[r][1], bits(p.irr()), b != null && b.irr() != p.irr());
    set(cells[r][2], bits(p.isr()), b != null && b.isr() != p.isr());
    set(cells[r][3], bits(p.imr()), b != null && b.imr() != p.imr());
    if (b != null && b.base() != p.base()) {
      cells[r][0].pseudoClassStateChanged(CHANGED, true);
    }
  }

  private static void set(Label l, String text, boolean changed) {
    if (!text.equals(l.getText())) {
      l.setText(text);
    }
    l.pseudoClassStateChanged(CHANGED, changed);
  }

  private static String bits(int v) {
    String s = Integer.toBinaryString((v & 0xFF) | 0x100).substring(1);
    return s.substring(0, 4) + " " + s.substring(4);
  }
}
