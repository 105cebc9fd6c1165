package org.apicflow.ui.machine;

import java.util.ArrayList;
import java.util.List;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.apicflow.apic.IoApic;

/**
 * The IO-APIC as a card: one row per redirection entry in use (pin, vector, delivery mode, trigger,
 * destination, mask), a remote IRR lamp and a line lamp per row. A row whose entry, remote IRR or
 * line changed at this step is outlined, as the local APIC cards outline their registers.
 */
public final class IoApicCard extends VBox {
  private static final PseudoClass CHANGED = PseudoClass.getPseudoClass("changed");
  private static final PseudoClass BUSY = PseudoClass.getPseudoClass("busy");

  private final Label title = new Label("IO-APIC");
  private final VBox rows = new VBox(3);
  private final Label empty = new Label("every entry masked");
  private final List<String> shownKeys = new ArrayList<>();

  public IoApicCard() {
    getStyleClass().add("device-card");
    setId("ioapic-card");
    setSpacing(4);
    title.getStyleClass().add("cpu-title");
    title.setMinWidth(Region.USE_PREF_SIZE);
    empty.getStyleClass().add("machine-text");
    LazyTip.install(
        title,
        t ->
            t.setText(
                "82093AA IO-APIC: the redirection entries in use. RIRR = remote IRR (a level entry"
                    + " waits for the EOI broadcast); line = the pin's input is asserted."));
    body.setAlignment(Pos.TOP_LEFT);
    body.getChildren().addAll(title, rows);
    getChildren().add(body);
  }

  private final HBox body = new HBox(12);
  private boolean narrow;
  private IoApic lastNow;
  private IoApic lastBefore;

  /**
   * Narrow: the title over the rows, each row's lamps under its entry (a column beside the CPUs).
   */
  public void setNarrow(boolean on) {
    if (on == narrow) {
      return;
    }
    narrow = on;
    getChildren().clear();
    body.getChildren().clear();
    if (on) {
      getChildren().addAll(title, rows);
    } else {
      body.getChildren().addAll(title, rows);
      getChildren().add(body);
    }
    shownKeys.clear();
    if (lastNow != null) {
      show(lastNow, lastBefore);
    }
  }

  /** Shows the IO-APIC of {@code now}; {@code before} (may be null) decides the outlines. */
  public void show(IoApic now, IoApic before) {
    lastNow = now;
    lastBefore = before;
    List<javafx.scene.layout.Pane> out = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (int pin = 0; pin < IoApic.PINS; pin++) {
      if (!now.entryInUse(pin)) {
        continue;
      }
      boolean changed =
          before != null
              && (before.entry(pin) != now.entry(pin)
                  || before.inputAsserted(pin) != now.inputAsserted(pin));
      String key =
          pin + ":" + Long.toHexString(now.entry(pin)) + ":" + now.inputAsserted(pin) + changed;
      keys.add(key);
      out.add(row(now, pin, changed));
    }
    if (keys.equals(shownKeys) && !rows.getChildren().isEmpty()) {
      return;
    }
    shownKeys.clear();
    shownKeys.addAll(keys);
    if (out.isEmpty()) {
      rows.getChildren().setAll(empty);
    } else {
      rows.getChildren().setAll(out);
    }
  }

  private javafx.scene.layout.Pane row(IoApic a, int pin, boolean changed) {
    int low = a.entryLow(pin);
    int mode = (low >>> 8) & 7;
    String what =
        switch (mode) {
          case 0 -> String.format("0x%02X fixed", low & 0xFF);
          case 1 -> String.format("0x%02X lowest", low & 0xFF);
          case 2 -> "SMI";
          case 4 -> "NMI";
          case 5 -> "INIT";
          case IoApic.MODE_EXTINT -> "ExtINT";
          default -> "reserved";
        };
    String dest =
        String.format(
            "%s 0x%02X", (low & IoApic.LOGICAL) != 0 ? "log" : "phys", a.entryHigh(pin) >>> 24);
    String trig = (low & IoApic.LEVEL) != 0 ? "level" : "edge";
    String mask = a.masked(pin) ? "  masked" : "";
    Label entry =
        new Label(
            narrow
                ? String.format("pin %d  %s  %s", pin, what, trig)
                : String.format("pin %d  %s  %s → %s%s", pin, what, trig, dest, mask));
    entry.getStyleClass().addAll("reg", "mono");
    entry.setId("ioapic-pin-" + pin);
    entry.pseudoClassStateChanged(CHANGED, changed);
    entry.setMinWidth(Region.USE_PREF_SIZE);
    Label rirr = lamp("RIRR", (low & IoApic.LEVEL) != 0 && a.remoteIrr(pin));
    rirr.setId("ioapic-rirr-" + pin);
    Label line = lamp("line", a.inputAsserted(pin));
    if (narrow) {
      // the destination and the lamps on a second line: the column stays narrow
      String shortDest = dest.startsWith("phys ") ? dest.substring(5) : dest;
      Label to = new Label("→ " + shortDest + mask);
      to.getStyleClass().addAll("reg", "mono");
      to.pseudoClassStateChanged(CHANGED, changed);
      to.setMinWidth(Region.USE_PREF_SIZE);
      if (a.masked(pin)) {
        // a masked entry says so on its own line, so the word never widens the column
        HBox second = new HBox(8, to);
        HBox third = new HBox(8, rirr, line);
        for (HBox h : List.of(second, third)) {
          h.setAlignment(Pos.CENTER_LEFT);
          h.setPadding(new javafx.geometry.Insets(0, 0, 0, 12));
        }
        return new VBox(1, entry, second, third);
      }
      HBox second = new HBox(8, to, rirr, line);
      second.setAlignment(Pos.CENTER_LEFT);
      second.setPadding(new javafx.geometry.Insets(0, 0, 0, 12));
      return new VBox(1, entry, second);
    }
    HBox row = new HBox(8, entry, rirr, line);
    row.setAlignment(Pos.CENTER_LEFT);
    return row;
  }

  private static Label lamp(String text, boolean on) {
    Region dot = new Region();
    dot.getStyleClass().add("lamp-dot");
    dot.pseudoClassStateChanged(BUSY, on);
    Label l = new Label(text, dot);
    l.getStyleClass().add("lamp");
    l.setContentDisplay(ContentDisplay.RIGHT);
    l.setMinWidth(Region.USE_PREF_SIZE);
    return l;
  }
}
