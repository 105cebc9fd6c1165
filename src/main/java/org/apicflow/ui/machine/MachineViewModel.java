package org.apicflow.ui.machine;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import org.apicflow.apic.ApicMode;
import org.apicflow.apic.DeliveryMode;
import org.apicflow.apic.IcrCommand;
import org.apicflow.machine.EventKind;
import org.apicflow.machine.IpiMessage;
import org.apicflow.machine.Machine;
import org.apicflow.trace.Arbitration;
import org.apicflow.trace.Trace;
import org.apicflow.ui.playback.Frame;
import org.apicflow.ui.playback.PlaybackModel;

/**
 * The machine view's model: one card view model per CPU, the messages on the bus, the CPU the code
 * pane follows and the vector of interest, all derived from the playback frame.
 */
public final class MachineViewModel {
  private final ReadOnlyObjectWrapper<List<CpuCardViewModel>> cards =
      new ReadOnlyObjectWrapper<>(List.of());
  private final ReadOnlyObjectWrapper<List<Envelope>> bus = new ReadOnlyObjectWrapper<>(List.of());
  private final ReadOnlyStringWrapper header = new ReadOnlyStringWrapper("Machine");
  private final ReadOnlyIntegerWrapper focusVector = new ReadOnlyIntegerWrapper(-1);

  /** The CPU the user picked, or -1 to follow the CPU of the current event. */
  private final IntegerProperty pinnedCpu = new SimpleIntegerProperty(-1);

  private final ReadOnlyIntegerWrapper shownCpu = new ReadOnlyIntegerWrapper(0);
  private final ReadOnlyObjectWrapper<Frame> shownFrame = new ReadOnlyObjectWrapper<>();
  private Frame frame;

  public MachineViewModel(PlaybackModel playback) {
    playback.frameProperty().addListener((o, was, is) -> update(is));
    pinnedCpu.addListener((o, was, is) -> update(frame));
    update(playback.getFrame());
  }

  public ReadOnlyObjectProperty<List<CpuCardViewModel>> cardsProperty() {
    return cards.getReadOnlyProperty();
  }

  public List<CpuCardViewModel> getCards() {
    return cards.get();
  }

  private final ReadOnlyObjectWrapper<List<DeviceMessage>> deviceBus =
      new ReadOnlyObjectWrapper<>(List.of());

  /** The IO-APIC's and the 8259s' messages at this step (none in transit: they take no time). */
  public ReadOnlyObjectProperty<List<DeviceMessage>> deviceBusProperty() {
    return deviceBus.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<List<Envelope>> busProperty() {
    return bus.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty headerProperty() {
    return header.getReadOnlyProperty();
  }

  /** The frame the view shows (for the IO-APIC and 8259 cards). */
  public ReadOnlyObjectProperty<Frame> frameProperty() {
    return shownFrame.getReadOnlyProperty();
  }

  public ReadOnlyIntegerProperty focusVectorProperty() {
    return focusVector.getReadOnlyProperty();
  }

  public IntegerProperty pinnedCpuProperty() {
    return pinnedCpu;
  }

  /** The CPU whose code and why line are shown: the pinned one, else the current event's. */
  public ReadOnlyIntegerProperty shownCpuProperty() {
    return shownCpu.getReadOnlyProperty();
  }

  /** Pins a CPU for the code pane; picking the pinned one again un-pins it. */
  public void toggleSelect(int cpu) {
    pinnedCpu.set(pinnedCpu.get() == cpu ? -1 : cpu);
  }

  private void update(Frame f) {
    frame = f;
    if (f == null) {
      return;
    }
    Machine m = f.state();
    int n = m.cpuCount();
    if (cards.get().size() != n) {
      List<CpuCardViewModel> list = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        list.add(new CpuCardViewModel(i));
      }
      cards.set(List.copyOf(list));
    }
    int shown = pinnedCpu.get() >= 0 && pinnedCpu.get() < n ? pinnedCpu.get() : eventCpu(f);
    shownCpu.set(shown);
    int focus = focusVector(f, shown);
    focusVector.set(focus);
    List<Envelope> envelopes = envelopes(f, focus);
    bus.set(envelopes);
    deviceBus.set(deviceMessages(f));
    header.set(headerText(m));
    updateCards(f, envelopes, focus);
    for (CpuCardViewModel c : cards.get()) {
      c.selectedProperty().set(c.cpu() == pinnedCpu.get());
      c.focusVectorProperty().set(focus);
    }
    shownFrame.set(f);
  }

  /** The frame the cards' states were last made from. */
  private Frame cardsFrame;

  private int cardsFocus = -2;
  private int cardsKernel = -1;

  /** How many card states the last update made anew (the others were kept: nothing changed). */
  private int cardsMade;

  /** Card states made anew by the last update: the CPUs whose card changed, not all of them. */
  public int cardsMadeLastUpdate() {
    return cardsMade;
  }

  /**
   * Each card's state for the frame, made anew only for the CPUs whose card can differ from the one
   * it has: a CPU whose state now and one step before are value-equal to the ones its card was made
   * from, with the same messages waiting for it, the same lit card and the same vector of interest
   * and machine kernel, keeps its card state (which would come out equal). A step on 255 CPUs
   * changes a few.
   */
  private void updateCards(Frame f, List<Envelope> envelopes, int focus) {
    Machine m = f.state();
    Machine prev = f.previous();
    int n = m.cpuCount();
    int kernel = CpuCardState.machineKernel(m);
    List<List<String>> incoming = CpuCardState.incomingByCpu(envelopes, n);
    Frame was = cardsFrame;
    // the vector of interest changes only the ICR's vector pill: a CPU whose state did not change
    // keeps its card state (given the new pill) when it moves, as a jump moves it most times
    boolean comparable =
        was != null
            && was.trace() == f.trace()
            && was.state().cpuCount() == n
            && kernel == cardsKernel;
    boolean focusMoved = focus != cardsFocus;
    int made = 0;
    for (CpuCardViewModel c : cards.get()) {
      int i = c.cpu();
      CpuCardState old = c.getState();
      if (comparable
          && old != null
          && old.active() == CpuCardState.isActive(f, i)
          && old.incoming().equals(incoming.get(i))
          && m.cpu(i).sameState(was.state().cpu(i))
          && prev.cpu(i).sameState(was.previous().cpu(i))) {
        if (focusMoved) {
          CpuCardState moved = old.withFocus(focus, m.cpu(i).apic());
          if (moved != old) {
            c.setState(moved);
            made++;
          }
        }
        continue;
      }
      c.setState(CpuCardState.of(f, i, incoming.get(i), focus, kernel, old));
      made++;
    }
    cardsMade = made;
    cardsFrame = f;
    cardsFocus = focus;
    cardsKernel = kernel;
  }

  private static int eventCpu(Frame f) {
    return f.event() >= 0 ? f.trace().cpu(f.event()) : 0;
  }

  private static String headerText(Machine m) {
    var cfg = m.program().config();
    String mode = cfg.apic() == ApicMode.X2APIC ? "x2APIC" : "xAPIC";
    String dest =
        cfg.apic() == ApicMode.X2APIC
            ? ""
            : m.cpu(0).apic().isFlat() ? ", flat logical" : ", cluster";
    return "Machine — " + m.cpuCount() + (m.cpuCount() == 1 ? " CPU, " : " CPUs, ") + mode + dest;
  }

  /**
   * The vector of interest: the one the shown CPU's APIC holds back or offers, else the one the
   * latest event moved (an IPI sent, an interrupt taken, an EOI).
   */
  public static int focusVector(Frame f, int cpu) {
    Arbitration a = Arbitration.of(f.state(), cpu);
    if (a.vector() >= 0 && a.vector() < 256) {
      return a.vector();
    }
    Trace t = f.trace();
    for (int i = f.event(); i >= 0 && i > f.event() - 64; i--) {
      int v = eventVector(t, i);
      if (v >= 0) {
        return v;
      }
    }
    return -1;
  }

  /** The fixed vector an event carries, or -1. */
  static int eventVector(Trace t, int i) {
    EventKind k = t.kind(i);
    return switch (k) {
      case IRQ_ENTRY, TIMER_FIRE -> (int) t.a(i);
      case EOI -> (int) t.a(i);
      case IPI_SEND -> {
        int low = (int) t.b(i);
        int mode = (low >>> 8) & 7;
        yield mode == 0 || mode == 1 ? low & 0xFF : -1;
      }
      default -> -1;
    };
  }

  public static List<Envelope> envelopes(Frame f, int focus) {
    List<Envelope> out = new ArrayList<>();
    long now = f.time();
    for (IpiMessage msg : f.state().liveMessages()) {
      IcrCommand cmd = msg.command();
      List<Integer> targets = new ArrayList<>();
      int transit = 0;
      int waiting = 0;
      for (int i = 0; i < msg.targetCount(); i++) {
        IpiMessage.Status s = msg.status(i);
        if (s == IpiMessage.Status.IN_TRANSIT || s == IpiMessage.Status.WAITING) {
          targets.add(msg.target(i));
          if (s == IpiMessage.Status.WAITING) {
            waiting++;
          } else {
            transit++;
          }
        }
      }
      if (targets.isEmpty()) {
        continue;
      }
      long span = Math.max(1, msg.arrivesAt() - msg.sentAt());
      double progress =
          waiting > 0 && transit == 0
              ? 1.0
              : Math.max(0, Math.min(1, (now - msg.sentAt()) / (double) span));
      String status =
          waiting > 0
              ? (waiting == 1 ? "waits at CPU " + targetWaiting(msg) : waiting + " waiting")
              : "in transit";
      DeliveryMode mode = cmd.mode().orElse(null);
      boolean isFocus = mode != null && mode.usesIrr() && cmd.vector() == focus;
      out.add(
          new Envelope(
              msg.id(),
              msg.sender(),
              targets,
              cmd.label(),
              mode,
              status,
              progress,
              waiting > 0,
              isFocus));
    }
    return List.copyOf(out);
  }

  /** The most device messages one step shows (a tick that reaches many pins at once). */
  static final int DEVICE_MESSAGES_MAX = 6;

  /**
   * The messages between the IO-APIC or the 8259s and the CPUs at this step: those of the frame's
   * event and of the events just before it at the same virtual time (one line change fans out into
   * several events at one instant). They take no time on the bus.
   */
  public static List<DeviceMessage> deviceMessages(Frame f) {
    int last = f.event();
    if (last < 0) {
      return List.of();
    }
    org.apicflow.trace.Trace t = f.trace();
    long now = t.time(last);
    int first = last;
    while (first > 0 && last - first < 32 && t.time(first - 1) == now) {
      first--;
    }
    List<DeviceMessage> out = new ArrayList<>();
    for (int i = first; i <= last; i++) {
      DeviceMessage m = deviceMessage(t, i);
      if (m != null) {
        out.add(m);
      }
    }
    if (out.size() > DEVICE_MESSAGES_MAX) {
      out = out.subList(out.size() - DEVICE_MESSAGES_MAX, out.size());
    }
    return List.copyOf(out);
  }

  /** The device message event i is, or null. */
  static DeviceMessage deviceMessage(org.apicflow.trace.Trace t, int i) {
    EventKind k = t.kind(i);
    long a = t.a(i);
    long b = t.b(i);
    switch (k) {
      case IOAPIC_SET_IRQ -> {
        int pin = (int) (b >>> 16);
        EventKind.Delivery d = EventKind.Delivery.values()[(int) (b & 0xFFFF)];
        int low = (int) a;
        int mode = (low >>> 8) & 7;
        String detail = org.apicflow.trace.EventText.describe(t, i);
        if (d == EventKind.Delivery.HELD) {
          boolean masked = (a & org.apicflow.apic.IoApic.MASKED) != 0;
          return new DeviceMessage(
              i,
              "ioapic",
              -1,
              false,
              "pin " + pin + " held (" + (masked ? "masked" : "remote IRR") + ")",
              "mode-held",
              detail);
        }
        if (d == EventKind.Delivery.NO_TARGET) {
          return new DeviceMessage(
              i, "ioapic", -1, false, "pin " + pin + " → no CPU", "mode-held", detail);
        }
        String what;
        String cls;
        switch (mode) {
          case 0 -> {
            what = String.format("0x%02X fixed", low & 0xFF);
            cls = "mode-fixed";
          }
          case 1 -> {
            what = String.format("0x%02X lowest", low & 0xFF);
            cls = "mode-lowest";
          }
          case 4 -> {
            what = "NMI";
            cls = "mode-nmi";
          }
          case org.apicflow.apic.IoApic.MODE_EXTINT -> {
            what = "ExtINT";
            cls = "mode-extint";
          }
          case 5 -> {
            what = "INIT";
            cls = "mode-init";
          }
          case 2 -> {
            what = "SMI";
            cls = "mode-smi";
          }
          default -> {
            what = "reserved";
            cls = "mode-reserved";
          }
        }
        return new DeviceMessage(
            i, "ioapic", t.cpu(i), false, "pin " + pin + " → " + what, cls, detail);
      }
      case EOI_BROADCAST -> {
        return new DeviceMessage(
            i,
            "ioapic",
            t.cpu(i),
            true,
            String.format("EOI broadcast 0x%02X", a & 0xFF),
            "mode-eoi",
            org.apicflow.trace.EventText.describe(t, i));
      }
      case EXTINT_ENTRY -> {
        int vector = (int) (a & 0xFF);
        boolean viaPin0 = ((a >>> 16) & 1) == 1;
        String label =
            viaPin0
                ? String.format("INTR → pin 0 (ExtINT) 0x%02X", vector)
                : String.format("INTR → LINT0 (ExtINT) 0x%02X", vector);
        return new DeviceMessage(
            i,
            "pic",
            t.cpu(i),
            false,
            label,
            "mode-extint",
            org.apicflow.trace.EventText.describe(t, i));
      }
      default -> {
        return null;
      }
    }
  }

  private static int targetWaiting(IpiMessage msg) {
    for (int i = 0; i < msg.targetCount(); i++) {
      if (msg.status(i) == IpiMessage.Status.WAITING) {
        return msg.target(i);
      }
    }
    return -1;
  }
}
