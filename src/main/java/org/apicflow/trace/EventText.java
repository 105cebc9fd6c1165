package org.apicflow.trace;

import org.apicflow.apic.ApicMode;
import org.apicflow.apic.ApicRegister;
import org.apicflow.apic.IcrCommand;
import org.apicflow.machine.EventKind.Delivery;
import org.apicflow.machine.Kernel;
import org.apicflow.machine.KernelFunction;
import org.apicflow.machine.MachineConfig;
import org.apicflow.machine.Op;

/** Plain-language text for trace events: the event log's detail column and the CLI. */
public final class EventText {
  private EventText() {}

  /** One line saying what event i did. */
  public static String describe(Trace t, int i) {
    long a = t.a(i);
    long b = t.b(i);
    return switch (t.kind(i)) {
      case OP -> opText(t, i);
      case IRQ_DISABLE -> "cli: interrupts off (IF = 0)";
      case IRQ_ENABLE -> "sti: interrupts on (IF = 1)";
      case APIC_READ -> String.format("read %s = 0x%08X", ApicRegister.name((int) a), b);
      case APIC_WRITE -> String.format("write %s = 0x%08X", ApicRegister.name((int) a), b);
      case IPI_SEND -> {
        IcrCommand c = command(t, b);
        String dest =
            switch (c.shorthand()) {
              case SELF -> "self";
              case ALL -> "all CPUs";
              case OTHERS -> "all other CPUs";
              case NONE ->
                  (c.logical() ? "logical " : "physical ")
                      + String.format("0x%02X", c.destination());
            };
        yield "sends " + c.label() + " to " + dest + " (message #" + a + ")";
      }
      case IPI_DELIVER -> "message #" + a + ": " + delivery(Delivery.values()[(int) b], t, i);
      case IPI_ABANDON -> "message #" + a + " abandoned: the sender rewrote its ICR";
      case IRQ_RAISE -> {
        MachineConfig.SourceConfig s = t.program().config().sources().get((int) a);
        String what = s.nmi() ? "NMI" : String.format("0x%02X", s.vector());
        yield "device "
            + s.name()
            + " raises "
            + what
            + ": "
            + delivery(Delivery.values()[(int) b], t, i);
      }
      case APIC_ERROR ->
          String.format("APIC error (ESR bits 0x%02X): LVT Error ", a)
              + delivery(Delivery.values()[(int) b], t, i);
      case TIMER_FIRE ->
          "APIC timer fires "
              + Trace.vectorText(a)
              + ": "
              + delivery(Delivery.values()[(int) b], t, i);
      case IRQ_ENTRY ->
          "takes " + Trace.vectorText(a) + " (IRR -> ISR), enters " + fnName(t, i, (int) b);
      case NMI_ENTRY -> "takes an NMI (NMIs now blocked), enters " + fnName(t, i, (int) b);
      case IRQ_EXIT ->
          a == 256
              ? "iret from the NMI handler: NMIs unblocked"
              : a < 0
                  ? "iret outside any handler"
                  : "iret from the " + Trace.vectorText(a) + " handler";
      case EOI ->
          a < 0 ? "EOI with ISR empty: nothing happens" : "EOI clears ISR " + Trace.vectorText(a);
      case SPIN_BEGIN -> "starts spinning: " + spinText(t, i);
      case SPIN_END ->
          "stops spinning after "
              + b
              + (b == 1 ? " read" : " reads")
              + String.format(" (value 0x%X)", a);
      case DELAY_BEGIN -> "delay until " + Times.format(a);
      case DELAY_END -> "delay over";
      case HLT -> "hlt: sleeps until an interrupt";
      case HALT_FOREVER -> "halts for ever (cli; hlt loop)";
      case MARK -> {
        Op.Mark m = (Op.Mark) t.op(i).orElseThrow();
        yield "mark " + m.mark() + ": " + m.label().replace("{vector}", Trace.vectorText(a));
      }
      case PHASE -> "phase: " + ((Op.Phase) t.op(i).orElseThrow()).phase();
      case KEXEC ->
          "kexec into kernel '"
              + t.program().kernel((int) a).name()
              + "' (the local APIC is left as it is)";
      case OOPS -> "OOPS: " + oopsText(t, i);
      case INIT -> "INIT: the CPU and its APIC reset; waits for a start-up IPI";
      case SIPI -> String.format("start-up IPI (page 0x%02X): the CPU starts", a);
      case FINISH -> "ran to the end";
      case RECORD -> "record " + a;
      case STUCK -> "stopped: " + t.finalState().cpu(t.cpu(i)).stuckReason();
      case HANG -> "still waiting at the end of the run";
      case SUCCESS -> "success: " + t.program().success();
      case PIO_WRITE, PIO_READ, IOAPIC_WRITE, IOAPIC_READ, SET_IRQ, PIC_SET_IRQ ->
          DeviceText.describe(t, i);
      case IOAPIC_SET_IRQ, EOI_BROADCAST, EXTINT_ENTRY -> DeviceText.describe(t, i);
    };
  }

  private static IcrCommand command(Trace t, long b) {
    ApicMode mode = t.program().config().apic();
    return IcrCommand.decode(
        (int) b, mode == ApicMode.X2APIC ? (int) (b >>> 32) : (int) (b >>> 32) << 24, mode);
  }

  static String delivery(Delivery d, Trace t, int i) {
    return switch (d) {
      case IRR_SET -> "IRR bit set";
      case COLLAPSED -> "IRR bit already set: collapsed into it";
      case DROPPED -> "dropped (APIC software-disabled)";
      case MASKED -> "masked in its LVT entry: nothing raised";
      case ILLEGAL -> "illegal vector (0-15): ESR error, nothing set";
      case NMI_PENDING -> "NMI accepted";
      case NMI_LATCHED -> "NMI latched (NMIs blocked until IRET)";
      case NMI_COLLAPSED -> "NMI latch already full: collapsed";
      case NMI_WAITING -> "NMI latch full: the message waits here, the sender's ICR stays busy";
      case NMI_ACCEPTED_LATE -> "the waiting NMI enters the freed latch";
      case INIT -> "INIT accepted";
      case INIT_DEASSERT -> "INIT de-assert: no effect";
      case STARTUP -> "start-up accepted";
      case STARTUP_IGNORED -> "start-up ignored: the CPU is not waiting for one";
      case SMI -> "SMI accepted (not modelled further)";
      case RESERVED -> "reserved delivery mode: ignored";
      case NMI_BLOCKED -> "NMI blocked: the CPU waits for a start-up IPI, nothing is kept";
      case NO_TARGET -> "no local APIC matches the destination: nothing delivered";
      case EXTINT -> "ExtINT: the core will take the vector from the 8259 (INTA)";
      case HELD -> "nothing sent: the entry is masked or its remote IRR is still set";
    };
  }

  private static String fnName(Trace t, int i, int fn) {
    int k = t.kernel(i);
    if (k < 0 || fn < 0) {
      return "its handler";
    }
    return t.program().kernel(k).function(fn).name();
  }

  private static String opText(Trace t, int i) {
    Op op = t.op(i).orElse(null);
    if (op == null) {
      return "op";
    }
    Kernel k = t.program().kernel(t.kernel(i));
    long a = t.a(i);
    long b = t.b(i);
    if (op instanceof Op.Set || op instanceof Op.Add) {
      return op.name() + " " + k.varNames().get((int) a) + " = " + valueText(b);
    }
    if (op instanceof Op.IfNot) {
      return "if: " + (a == 1 ? "true" : "false");
    }
    if (op instanceof Op.Call c) {
      return "call " + k.function(c.fn()).name();
    }
    if (op instanceof Op.SetHandler h) {
      String v = h.vector() == Op.SetHandler.ALL ? "every vector" : Trace.vectorText(h.vector());
      return "set handler for " + v + ": " + k.function(h.fn()).name();
    }
    if (op instanceof Op.Source s) {
      return "source "
          + t.program().config().sources().get(s.source()).name()
          + (s.enabled() ? " on" : " off");
    }
    if (op instanceof Op.IrqLine l) {
      return "device line "
          + t.program().config().sources().get(l.source()).name()
          + (l.high() ? " asserted" : " deasserted");
    }
    if (op instanceof Op.Deref d) {
      return "deref " + k.varNames().get(d.var()) + " = " + valueText(b);
    }
    return op.name();
  }

  private static String valueText(long v) {
    return v >= 0 && v < 10 ? Long.toString(v) : String.format("0x%X", v);
  }

  private static String spinText(Trace t, int i) {
    Op op = t.op(i).orElse(null);
    if (op instanceof Op.Poll p) {
      return String.format(
          "poll %s & 0x%X until 0x%X%s",
          ApicRegister.name(p.reg()),
          p.mask(),
          p.until(),
          p.maxPolls() > 0 ? ", at most " + p.maxPolls() + " reads" : ", for ever if need be");
    }
    if (op instanceof Op.WaitVar w) {
      String var = t.program().kernel(t.kernel(i)).varNames().get(w.var());
      Kernel k = t.program().kernel(t.kernel(i));
      Op.Value u = w.until();
      String until =
          u.isCpu()
              ? "this CPU's number"
              : u.isVar() ? k.varNames().get(u.var()) : "" + u.literal();
      return "wait until "
          + var
          + (w.atLeast() ? " >= " : " == ")
          + until
          + (w.maxPolls() > 0 ? ", at most " + w.maxPolls() + " reads" : "");
    }
    return "spin";
  }

  private static String oopsText(Trace t, int i) {
    Op op = t.op(i).orElse(null);
    if (op instanceof Op.Oops o) {
      return o.message();
    }
    if (op instanceof Op.Deref d) {
      return "NULL pointer dereference of "
          + t.program().kernel(t.kernel(i)).varNames().get(d.var());
    }
    String m = t.finalState().oopsMessage();
    return m.isEmpty() ? "fault" : m;
  }

  /** "file function" label of the function that caused event i, or empty. */
  public static String where(Trace t, int i) {
    if (t.kernel(i) < 0 || t.fn(i) < 0) {
      return "";
    }
    KernelFunction f = t.program().kernel(t.kernel(i)).function(t.fn(i));
    return f.name();
  }
}
