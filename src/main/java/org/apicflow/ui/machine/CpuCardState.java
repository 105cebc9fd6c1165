package org.apicflow.ui.machine;

import java.util.ArrayList;
import java.util.List;
import org.apicflow.apic.ApicMode;
import org.apicflow.apic.IcrCommand;
import org.apicflow.apic.LocalApic;
import org.apicflow.apic.VectorSet;
import org.apicflow.machine.Cpu;
import org.apicflow.machine.Cpu.RunState;
import org.apicflow.machine.KernelFunction;
import org.apicflow.machine.Machine;
import org.apicflow.machine.Op;
import org.apicflow.trace.Arbitration;
import org.apicflow.trace.Trace;
import org.apicflow.ui.playback.Frame;

/**
 * Everything one CPU card shows, computed from a frame: a value, so the card is a pure function of
 * (trace, cursor).
 */
public record CpuCardState(
    int cpu,
    String title,
    String kernel,
    String badgeText,
    Badge badge,
    String icrText,
    List<Field> icrFields,
    boolean hasDeliveryStatus,
    boolean deliveryBusy,
    boolean icrChanged,
    int tpr,
    int ppr,
    boolean tprChanged,
    boolean pprChanged,
    int svr,
    boolean svrChanged,
    boolean interruptsEnabled,
    boolean ifChanged,
    VectorSet irr,
    VectorSet isr,
    VectorSet tmr,
    VectorSet irrChanged,
    VectorSet isrChanged,
    VectorSet tmrChanged,
    Arbitration why,
    List<String> incoming,
    boolean active,
    boolean icrFocus) {

  /** One decoded ICR field: its text and what it means. */
  public record Field(String text, String tooltip) {}

  public CpuCardState {
    icrFields = List.copyOf(icrFields);
    incoming = List.copyOf(incoming);
  }

  public String tprText() {
    return "0x" + hex(tpr, 2);
  }

  public String pprText() {
    return "0x" + hex(ppr, 2);
  }

  public String svrText() {
    return "0x" + hex(svr, 3);
  }

  /**
   * {@code v} in upper-case hex, at least {@code digits} digits (as {@code %0NX}): the card texts
   * are made for every CPU a jump changed, and a formatter per text cost more than the rest.
   */
  static String hex(long v, int digits) {
    String h = Long.toHexString(v).toUpperCase(java.util.Locale.ROOT);
    if (h.length() >= digits) {
      return h;
    }
    return "0".repeat(digits - h.length()) + h;
  }

  /**
   * This state with another vector of interest: only the ICR's vector pill depends on it, so a CPU
   * whose state did not change keeps its texts when the vector of interest moves.
   */
  CpuCardState withFocus(int focus, LocalApic a) {
    boolean f = icrFocus(a, focus);
    if (f == icrFocus) {
      return this;
    }
    return new CpuCardState(
        cpu,
        title,
        kernel,
        badgeText,
        badge,
        icrText,
        icrFields,
        hasDeliveryStatus,
        deliveryBusy,
        icrChanged,
        tpr,
        ppr,
        tprChanged,
        pprChanged,
        svr,
        svrChanged,
        interruptsEnabled,
        ifChanged,
        irr,
        isr,
        tmr,
        irrChanged,
        isrChanged,
        tmrChanged,
        why,
        incoming,
        active,
        f);
  }

  private static boolean icrFocus(LocalApic a, int focus) {
    return focus >= 0
        && a.icrLow() != 0
        && (a.icrLow() & 0xFF) == focus
        && ((a.icrLow() >>> 8) & 6) == 0;
  }

  /** The card of CPU {@code i} at a frame. */
  public static CpuCardState of(Frame f, int i, List<Envelope> bus, int focus) {
    return of(f, i, incoming(bus, i), focus, machineKernel(f.state()));
  }

  /**
   * The card of CPU {@code i} at a frame, given the messages waiting for it ({@link #incoming}) and
   * the kernel the machine runs now ({@link #machineKernel}), which the machine view works out once
   * for all its cards.
   */
  static CpuCardState of(Frame f, int i, List<String> incoming, int focus, int machineKernel) {
    return of(f, i, incoming, focus, machineKernel, null);
  }

  /**
   * As {@link #of(Frame, int, List, int, int)}, reusing the texts of {@code old} (the card's state
   * before, or null) where the numbers they are made from did not change.
   */
  static CpuCardState of(
      Frame f, int i, List<String> incoming, int focus, int machineKernel, CpuCardState old) {
    Machine m = f.state();
    Cpu c = m.cpu(i);
    Cpu was = f.previous().cpu(i);
    LocalApic a = c.apic();
    LocalApic b = was.apic();
    String kernelText = kernelText(m, c, machineKernel);
    int icrLow = a.icrRead();
    String icrText =
        a.mode() == ApicMode.X2APIC
            ? "ICR " + hex(a.icrHigh() & 0xFFFFFFFFL, 8) + "_" + hex(icrLow & 0xFFFFFFFFL, 8)
            : "ICR 0x" + hex(icrLow & 0xFFFFFFFFL, 8) + " / 0x" + hex(a.icrHigh() & 0xFFFFFFFFL, 8);
    String title = "CPU " + i + " · APIC 0x" + hex(a.id(), 2);
    boolean same = old != null && old.cpu() == i;
    // the same ICR (its text names both halves and the mode) decodes to the same fields
    List<Field> fields = same && old.icrText().equals(icrText) ? old.icrFields() : icrFields(a);
    boolean active = isActive(f, i);
    BadgeText badge = badge(m, c);
    return new CpuCardState(
        i,
        same && old.title().equals(title) ? old.title() : title,
        same && old.kernel().equals(kernelText) ? old.kernel() : kernelText,
        badge.text(),
        badge.kind(),
        same && old.icrText().equals(icrText) ? old.icrText() : icrText,
        fields,
        a.hasDeliveryStatus(),
        a.deliveryStatusBusy(),
        icrLow != b.icrRead() || a.icrHigh() != b.icrHigh(),
        a.tpr(),
        a.ppr(),
        a.tpr() != b.tpr(),
        a.ppr() != b.ppr(),
        a.svr(),
        a.svr() != b.svr(),
        c.interruptsEnabled(),
        c.interruptsEnabled() != was.interruptsEnabled(),
        new VectorSet(a.irr()),
        new VectorSet(a.isr()),
        new VectorSet(a.tmr()),
        diff(a.irr(), b.irr()),
        diff(a.isr(), b.isr()),
        diff(a.tmr(), b.tmr()),
        Arbitration.of(m, i),
        incoming,
        active,
        icrFocus(a, focus));
  }

  /**
   * The kernel the CPU runs now and where: "capture kernel · panic". A CPU that runs nothing says
   * so against the kernel the machine runs now ("offline: the capture kernel has not started it"),
   * never the kernel it ran before.
   */
  static String kernelText(Machine m, Cpu c) {
    return kernelText(m, c, machineKernel(m));
  }

  private static String kernelText(Machine m, Cpu c, int now) {
    String machineKernel = m.program().kernel(now).name() + " kernel";
    if (c.state() == RunState.WAIT_SIPI) {
      return c.started()
          ? "INIT: waits for a start-up IPI (" + machineKernel + ")"
          : "offline: the " + machineKernel + " has not started it";
    }
    String kernel = m.program().kernel(c.kernel()).name() + " kernel";
    String fn = "";
    if (c.currentFunction() >= 0) {
      fn = " · " + m.program().kernel(c.kernel()).function(c.currentFunction()).name();
    }
    if (c.kernel() != now && c.state().isDone()) {
      return "stopped in the " + kernel + fn;
    }
    return kernel + fn;
  }

  /** Whether CPU {@code i} ran the frame's event (its card is lit). */
  static boolean isActive(Frame f, int i) {
    return f.event() >= 0 && f.trace().cpu(f.event()) == i;
  }

  /** The messages on the bus for CPU {@code i}, a line each, as its card lists them. */
  static List<String> incoming(List<Envelope> bus, int i) {
    List<String> incoming = new ArrayList<>();
    for (Envelope e : bus) {
      if (e.targets().contains(i)) {
        incoming.add(incomingLine(e));
      }
    }
    return incoming;
  }

  /**
   * {@link #incoming} for every CPU of {@code n} at once (in one pass over the bus); a CPU with no
   * message waiting shares one empty list.
   */
  static List<List<String>> incomingByCpu(List<Envelope> bus, int n) {
    List<List<String>> out = new ArrayList<>(java.util.Collections.nCopies(n, List.of()));
    for (Envelope e : bus) {
      String line = null;
      for (int t : e.targets()) {
        if (t >= 0 && t < n) {
          List<String> l = out.get(t);
          line = line == null ? incomingLine(e) : line;
          if (l.isEmpty()) {
            l = new ArrayList<>(2);
            out.set(t, l);
          }
          if (l.isEmpty() || l.get(l.size() - 1) != line) {
            l.add(line); // once per message, as a target named twice is still one message
          }
        }
      }
    }
    return out;
  }

  private static String incomingLine(Envelope e) {
    return "\u2709 " + e.label() + " from CPU " + e.sender() + (e.waiting() ? " · waits here" : "");
  }

  /** The kernel the machine runs now: the latest one any CPU has jumped into. */
  static int machineKernel(Machine m) {
    int k = 0;
    for (int i = 0; i < m.cpuCount(); i++) {
      k = Math.max(k, m.cpu(i).kernel());
    }
    return k;
  }

  /** At most this many vectors named per register; the rest are counted. */
  static final int NAMED_MAX = 6;

  /**
   * Every set bit named in text, a register a line: "IRR 0xFB", "ISR 0x31 0xEF"; "IRR, ISR empty"
   * when none is set. TMR is named only where it holds a bit.
   */
  public String bitsText() {
    StringBuilder b = new StringBuilder();
    appendBits(b, "IRR", irr);
    appendBits(b, "ISR", isr);
    appendBits(b, "TMR", tmr);
    return b.length() == 0 ? "IRR, ISR empty" : b.toString();
  }

  private static void appendBits(StringBuilder b, String name, VectorSet v) {
    if (v.isEmpty()) {
      return;
    }
    if (b.length() > 0) {
      b.append('\n');
    }
    b.append(name);
    int[] n = {0};
    int total = v.size();
    for (int x = 255; x >= 0; x--) {
      if (v.get(x)) {
        if (n[0] < NAMED_MAX) {
          b.append(' ').append(Trace.vectorText(x)); // "0xNN", from its table
        }
        n[0]++;
      }
    }
    if (total > NAMED_MAX) {
      b.append(" +").append(total - NAMED_MAX).append(" more");
    }
  }

  private static VectorSet diff(VectorSet x, VectorSet y) {
    VectorSet out = new VectorSet();
    for (int w = 0; w < 8; w++) {
      int d = x.word(w) ^ y.word(w);
      while (d != 0) {
        int bit = Integer.numberOfTrailingZeros(d);
        out.set(w * 32 + bit);
        d &= d - 1;
      }
    }
    return out;
  }

  private static List<Field> icrFields(LocalApic a) {
    IcrCommand cmd = IcrCommand.decode(a.icrLow(), a.icrHigh(), a.mode());
    List<Field> out = new ArrayList<>();
    out.add(
        new Field(
            "vec " + Trace.vectorText(cmd.vector()),
            "Vector, ICR bits 7:0: the interrupt the target runs (ignored for NMI and INIT)"));
    out.add(
        new Field(
            cmd.modeName(),
            "Delivery mode, ICR bits 10:8: fixed and lowest go through IRR/ISR;"
                + " NMI, SMI, INIT and start-up go straight to the core"));
    out.add(
        new Field(
            cmd.logical() ? "logical" : "physical",
            "Destination mode, ICR bit 11: physical matches the APIC ID, logical matches LDR"));
    out.add(
        new Field(
            "dest 0x" + hex(cmd.destination() & 0xFFFFFFFFL, 2),
            "Destination, ICR high bits 31:24 (x2APIC: all 32 bits)"));
    out.add(
        new Field(
            cmd.shorthand().yamlName.equals("none") ? "no shorthand" : cmd.shorthand().yamlName,
            "Destination shorthand, ICR bits 19:18: none, self, all, all excluding self"));
    out.add(
        new Field(
            cmd.levelTriggered() ? "level" : "edge",
            "Trigger mode, ICR bit 15 (level sets the target's TMR bit)"));
    return out;
  }

  private record BadgeText(String text, Badge kind) {}

  /** Badge text and kind, most telling first. */
  private static BadgeText badge(Machine m, Cpu c) {
    RunState s = c.state();
    int h = c.inHandler();
    boolean pending = !c.apic().irr().isEmpty();
    return switch (s) {
      case OOPS -> new BadgeText("OOPS", Badge.OOPS);
      case WAIT_SIPI ->
          new BadgeText(c.started() ? "waiting for SIPI (INIT)" : "offline", Badge.OFFLINE);
      case FINISHED -> new BadgeText("finished", Badge.DONE);
      case STUCK -> new BadgeText("stuck", Badge.OOPS);
      case HALTED_FOREVER ->
          new BadgeText(
              c.nmiBlocked() ? "halted for ever · NMI blocked" : "halted for ever", Badge.HALTED);
      case HALTED -> new BadgeText("halted (hlt)", Badge.HALTED);
      case SPINNING -> new BadgeText(spinText(m, c), Badge.SPINNING);
      default -> {
        if (h == 256) {
          yield new BadgeText("in NMI handler · NMI blocked", Badge.NMI);
        }
        if (h >= 0) {
          yield new BadgeText("in handler 0x" + hex(h, 2), Badge.HANDLER);
        }
        if (!c.interruptsEnabled()) {
          yield new BadgeText(pending ? "IF=0 · IRQ pending" : "IF=0", Badge.IF_OFF);
        }
        yield new BadgeText(s == RunState.DELAYING ? "running · delay" : "running", Badge.RUNNING);
      }
    };
  }

  private static String spinText(Machine m, Cpu c) {
    if (c.currentFunction() >= 0) {
      KernelFunction fn = m.program().kernel(c.kernel()).function(c.currentFunction());
      int pc = c.currentPc();
      if (pc >= 0 && pc < fn.ops().size() && fn.ops().get(pc) instanceof Op.Poll p) {
        if (p.reg() == org.apicflow.apic.ApicRegister.ICR) {
          return "spinning on ICR";
        }
        return "spinning on " + org.apicflow.apic.ApicRegister.name(p.reg());
      }
      if (pc >= 0 && pc < fn.ops().size() && fn.ops().get(pc) instanceof Op.WaitVar w) {
        return "spinning on " + m.program().kernel(c.kernel()).varNames().get(w.var());
      }
    }
    return "spinning";
  }
}
