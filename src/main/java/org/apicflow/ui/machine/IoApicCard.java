package org.apicflow.ui.machine;

import java.util.ArrayList;
import java.util.List;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
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
    Tooltip.install(
        title,
        new Tooltip(
            "82093AA IO-APIC: the redirection entries in use. RIRR = remote IRR (a level entry"
                + " waits for the EOI broadcast); line = the pin's input is asserted."));
    HBox body = new HBox(12, title, rows);
    body.setAlignment(Pos.TOP_LEFT);
    getChildren().add(body);
  }

  /** Shows the IO-APIC of {@code now}; {@code before} (may be null) decides the outlines. */
  public void show(IoApic now, IoApic before) {
    List<HBox> out = new ArrayList<>();
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

  private HBox row(IoApic a, int pin, boolean changed) {
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
    Label entry =
        new Label(
            String.format(
                "pin %d  %s  %s → %s%s",
                pin,
                what,
                (low & IoApic.LEVEL) != 0 ? "level" : "edge",
                dest,
                a.masked(pin) ? "  masked" : ""));
    entry.getStyleClass().addAll("reg", "mono");
    entry.setId("ioapic-pin-" + pin);
    entry.pseudoClassStateChanged(CHANGED, changed);
    entry.setMinWidth(Region.USE_PREF_SIZE);
    Label rirr = lamp("RIRR", (low & IoApic.LEVEL) != 0 && a.remoteIrr(pin));
    rirr.setId("ioapic-rirr-" + pin);
    Label line = lamp("line", a.inputAsserted(pin));
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
