package org.apicflow.ui.machine;

import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
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
    LazyTip.install(
        title,
        t ->
            t.setText(
                "The cascaded 8259A PICs: IRR (requests), ISR (in service), IMR (masked), IRQ 7 at"
                    + " the left of each byte. INTR = the master's output, to LINT0 and IO-APIC"
                    + " pin 0."));
    grid.setHgap(4);
    grid.setVgap(3);
    for (int r = 0; r < 2; r++) {
      names[r] = text(CHIPS[r]);
      for (int c = 0; c < 4; c++) {
        Label l = new Label();
        l.getStyleClass().addAll("reg", "mono", "reg-chip");
        l.setMinWidth(Region.USE_PREF_SIZE);
        l.setId("pic-" + CHIPS[r] + "-" + HEADS[c].toLowerCase(java.util.Locale.ROOT));
        cells[r][c] = l;
        heads[r][c] = text(HEADS[c]);
      }
    }
    intrDot.getStyleClass().add("lamp-dot");
    intr.getStyleClass().add("lamp");
    intr.setContentDisplay(ContentDisplay.RIGHT);
    intr.setId("pic-intr");
    intr.setMinWidth(Region.USE_PREF_SIZE);
    arrange(false);
  }

  private static final String[] HEADS = {"base", "IRR", "ISR", "IMR"};
  private static final String[] CHIPS = {"master", "slave"};
  private final GridPane grid = new GridPane();
  private final Label[] names = new Label[2];
  private final Label[][] heads = new Label[2][4];
  private boolean narrow;
  private PicPair lastNow;
  private PicPair lastBefore;

  private static Label text(String s) {
    Label l = new Label(s);
    l.getStyleClass().add("machine-text");
    l.setMinWidth(Region.USE_PREF_SIZE);
    return l;
  }

  /**
   * Narrow: a column per chip (master, slave) and a row per register, under the title (a column
   * beside the CPU cards); else a row per chip beside the title.
   */
  public void setNarrow(boolean on) {
    if (on != narrow) {
      narrow = on;
      arrange(on);
      if (lastNow != null) {
        show(lastNow, lastBefore);
      }
    }
  }

  private void arrange(boolean on) {
    grid.getChildren().clear();
    getChildren().clear();
    if (on) {
      grid.add(names[0], 1, 0);
      grid.add(names[1], 2, 0);
      for (int c = 0; c < 4; c++) {
        grid.add(heads[0][c], 0, c + 1);
        grid.add(cells[0][c], 1, c + 1);
        grid.add(cells[1][c], 2, c + 1);
      }
      javafx.scene.layout.HBox head = new javafx.scene.layout.HBox(12, title, intr);
      head.setAlignment(Pos.CENTER_LEFT);
      getChildren().addAll(head, grid);
      return;
    }
    for (int r = 0; r < 2; r++) {
      grid.add(names[r], 0, r);
      for (int c = 0; c < 4; c++) {
        if (c > 0) {
          grid.add(heads[r][c], 2 * c, r);
        }
        grid.add(cells[r][c], 2 * c + 1, r);
      }
    }
    VBox head = new VBox(4, title, intr);
    head.setAlignment(Pos.TOP_LEFT);
    javafx.scene.layout.HBox body = new javafx.scene.layout.HBox(12, head, grid);
    body.setAlignment(Pos.TOP_LEFT);
    getChildren().add(body);
  }

  /** Shows the 8259s of {@code now}; {@code before} (may be null) decides the outlines. */
  public void show(PicPair now, PicPair before) {
    lastNow = now;
    lastBefore = before;
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

  private String bits(int v) {
    String s = Integer.toBinaryString((v & 0xFF) | 0x100).substring(1);
    return narrow ? s : s.substring(0, 4) + " " + s.substring(4);
  }
}
