package org.apicflow.trace;

import java.util.List;
import org.apicflow.apic.LocalApic;
import org.apicflow.apic.SoftDisabledFixed;
import org.apicflow.machine.Cpu;
import org.apicflow.machine.IpiMessage;
import org.apicflow.machine.Machine;

/**
 * The "why" line of a CPU: what its local APIC would offer the core next, and why the core does or
 * does not take it (SDM "Interrupt Acceptance for Fixed Interrupts", "Processor Priority
 * Register").
 *
 * @param vector the vector the line is about, 256 for an NMI, or -1 when nothing is pending
 * @param verdict what holds the interrupt back (or that nothing does)
 * @param text the line shown under the narration
 */
public record Arbitration(int vector, Verdict verdict, String text) {

  /** What decides the fate of the highest pending interrupt. */
  public enum Verdict {
    /** Nothing waits in IRR and no NMI is latched. */
    NOTHING_PENDING,
    /** The APIC offers the vector and IF = 1: the core takes it at the next boundary. */
    OFFERED,
    /** IF = 0: the vector waits in IRR. */
    IF_CLEAR,
    /** The vector's class is not above PPR's class. */
    BLOCKED_BY_PPR,
    /** SVR bit 8 = 0: a software-disabled APIC holds its IRR. */
    SOFTWARE_DISABLED,
    /** The CPU will never take anything: oopsed, finished, stuck or waiting for SIPI. */
    CPU_STOPPED,
    /** An NMI is latched behind the running NMI handler. */
    NMI_LATCHED,
    /** An NMI message waits at this CPU: the latch is full (busy ICR model). */
    NMI_WAITING
  }

  /** The why line for CPU {@code cpu} of machine {@code m}. */
  public static Arbitration of(Machine m, int cpu) {
    Cpu c = m.cpu(cpu);
    LocalApic apic = c.apic();
    int v = apic.irr().highest();
    if (v < 0) {
      return nmiLine(m, c);
    }
    String vec = Trace.vectorText(v);
    switch (c.state()) {
      case OOPS, FINISHED, STUCK, WAIT_SIPI -> {
        return new Arbitration(
            v,
            Verdict.CPU_STOPPED,
            vec + " waits in IRR: CPU " + cpu + " is " + c.state().label + " and takes nothing");
      }
      default -> {}
    }
    if (!apic.softwareEnabled() && apic.softDisabledFixed() != SoftDisabledFixed.DELIVER) {
      return new Arbitration(
          v,
          Verdict.SOFTWARE_DISABLED,
          vec + " held in IRR: APIC software-disabled (SVR bit 8 = 0)");
    }
    int ppr = apic.ppr();
    if ((v >>> 4) <= (ppr >>> 4)) {
      return new Arbitration(v, Verdict.BLOCKED_BY_PPR, vec + " blocked: " + pprReason(c, ppr));
    }
    if (!c.interruptsEnabled()) {
      return new Arbitration(v, Verdict.IF_CLEAR, vec + " waits in IRR: IF = 0");
    }
    return new Arbitration(
        v,
        Verdict.OFFERED,
        vec
            + " offered: class "
            + Integer.toHexString(v >>> 4).toUpperCase()
            + " > PPR class "
            + Integer.toHexString(ppr >>> 4).toUpperCase()
            + " and IF = 1, the core takes it");
  }

  /** PPR's class and where it comes from: TPR, a handler in service, or a stale ISR bit. */
  private static String pprReason(Cpu c, int ppr) {
    LocalApic apic = c.apic();
    String cls = "PPR class " + Integer.toHexString(ppr >>> 4).toUpperCase();
    int isrv = apic.isr().highest();
    if (isrv >= 0 && (isrv >>> 4) >= (apic.tpr() >>> 4)) {
      List<Integer> handlers = c.handlerStack();
      boolean stale = !handlers.contains(isrv);
      return cls + " (" + (stale ? "stale ISR " : "ISR ") + Trace.vectorText(isrv) + ")";
    }
    return cls + String.format(" (TPR 0x%02X)", apic.tpr());
  }

  private static Arbitration nmiLine(Machine m, Cpu c) {
    if (!c.waitingNmiMessages().isEmpty()) {
      return new Arbitration(
          256,
          Verdict.NMI_WAITING,
          "NMI waits at CPU " + c.index() + ": latch full, the sender's ICR stays busy");
    }
    if (c.nmiLatched()) {
      return new Arbitration(
          256,
          Verdict.NMI_LATCHED,
          c.nmiBlocked() ? "NMI latched: NMIs blocked until IRET" : "NMI pending: taken next");
    }
    if (!c.apic().softwareEnabled()) {
      return new Arbitration(
          -1, Verdict.SOFTWARE_DISABLED, "APIC software-disabled: only NMI, INIT, SMI, SIPI work");
    }
    int isrv = c.apic().isr().highest();
    if (isrv >= 0) {
      boolean stale = !c.handlerStack().contains(isrv);
      String who =
          c.state() == Cpu.RunState.OOPS
              ? "its handler oopsed before the EOI"
              : stale ? "stale: no handler runs for it" : "its handler has not sent the EOI yet";
      return new Arbitration(
          isrv,
          Verdict.NOTHING_PENDING,
          "IRR empty; ISR "
              + Trace.vectorText(isrv)
              + " in service ("
              + who
              + "), PPR class "
              + Integer.toHexString(c.apic().ppr() >>> 4).toUpperCase());
    }
    for (IpiMessage msg : m.liveMessages()) {
      for (int i = 0; i < msg.targetCount(); i++) {
        if (msg.target(i) == c.index() && msg.status(i) == IpiMessage.Status.IN_TRANSIT) {
          int vec =
              msg.command().mode().map(d -> d.usesIrr()).orElse(false)
                  ? msg.command().vector()
                  : -1;
          return new Arbitration(
              vec,
              Verdict.NOTHING_PENDING,
              msg.command().label()
                  + " from CPU "
                  + msg.sender()
                  + " is on the bus to CPU "
                  + c.index()
                  + ": nothing pending yet");
        }
      }
    }
    return new Arbitration(-1, Verdict.NOTHING_PENDING, "nothing pending");
  }
}
