package org.apicflow.trace.kvm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What an event did, in words, and its decoded fields: the narration and the code pane. */
public final class KvmText {
  private KvmText() {}

  /** One decoded field: its name and its value as the tracepoint means it. */
  public record Field(String name, String value) {}

  static String vec(int v) {
    return String.format(Locale.ROOT, "0x%02X", v);
  }

  static String who(int vcpu, KvmRecord r) {
    if (vcpu >= 0) {
      return "vCPU " + vcpu;
    }
    String t = r.pid >= 0 ? "thread " + r.pid : r.comm.isEmpty() ? "" : "thread " + r.comm;
    return t.isEmpty() ? "a vCPU (not identified)" : "a vCPU (" + t + ", not identified)";
  }

  private static final String[] SHORTHAND_WORDS = {"", "self", "all", "all but self"};

  /** The narration of an event: what it did, in a sentence. */
  public static String describe(KvmRecord r, int vcpu, KnownVectors irrBefore) {
    return switch (r.event) {
      case APIC_IPI -> {
        int mode = r.c & 7;
        int sh = (r.c >>> 10) & 3;
        String to =
            sh == 0
                ? ((r.c >>> 3 & 1) == 1 ? "logical destination " : "APIC ") + vec(r.a)
                : SHORTHAND_WORDS[sh];
        String what =
            switch (mode) {
              case 0, 1 -> (mode == 0 ? "fixed " : "lowest-priority ") + vec(r.b) + " IPI";
              case 5 -> ((r.c >>> 6 & 1) == 1 ? "INIT" : "INIT de-assert") + " IPI";
              case 6 -> "start-up IPI (page " + vec(r.b) + ")";
              case 4 -> "NMI";
              default -> KvmLineParser.modeName(mode) + " IPI";
            };
        yield who(vcpu, r) + " wrote ICR: " + what + " to " + to;
      }
      case APIC_ACCEPT_IRQ, APICV_ACCEPT_IRQ -> {
        String via = r.event == KvmEvent.APICV_ACCEPT_IRQ ? " through APICv" : "";
        String cpu = "vCPU " + r.a;
        yield switch (r.c) {
          case 0, 1 -> {
            String kind = r.c == 0 ? "fixed " : "lowest-priority ";
            String again = irrBefore != null && irrBefore.isSet(r.b) ? " (already set)" : "";
            yield cpu
                + " accepted "
                + kind
                + vec(r.b)
                + via
                + ": IRR bit set"
                + again
                + (r.d == 1 ? ", TMR bit set (level)" : "");
          }
          case 4 -> cpu + " accepted an NMI" + via + ": it goes to the core, not to IRR";
          case 5 -> cpu + " accepted INIT: it resets and waits for a start-up IPI";
          case 6 ->
              cpu
                  + " accepted start-up "
                  + vec(r.b)
                  + ": it starts at 0x"
                  + Integer.toHexString(r.b << 12).toUpperCase(Locale.ROOT);
          case 7 -> cpu + " accepted ExtINT: the vector comes from the 8259 PIC";
          case 2 -> cpu + " accepted an SMI";
          default -> cpu + " accepted a reserved delivery mode: nothing happens";
        };
      }
      case INJ_VIRQ -> {
        String target = vcpu >= 0 ? "vCPU " + vcpu : who(vcpu, r);
        if (r.c == 1) {
          yield "KVM injected software interrupt INT " + vec(r.b) + " into " + target;
        }
        if (r.d == 1) {
          yield "KVM re-injected "
              + vec(r.b)
              + " into "
              + target
              + " (a delivery that did not complete)";
        }
        yield "KVM injected " + vec(r.b) + " into " + target + ": the guest takes it";
      }
      case EOI, PV_EOI -> {
        String pv = r.event == KvmEvent.PV_EOI ? " (paravirtual EOI)" : "";
        if (r.b < 0) {
          yield "vCPU " + r.a + " wrote EOI with nothing in service (vector -1): ISR is empty" + pv;
        }
        yield "vCPU "
            + r.a
            + " wrote EOI"
            + pv
            + ": "
            + vec(r.b)
            + " leaves ISR (it was the highest in service)";
      }
      case APIC -> {
        String reg = KvmLineParser.registerName(r.a);
        String op = r.c == 1 ? " wrote " : " read ";
        yield who(vcpu, r)
            + op
            + reg
            + " = 0x"
            + Long.toHexString(r.value)
            + regNote(r.a, r.value, r.c == 1);
      }
      case MSR -> {
        String op = r.c == 1 ? " wrote" : " read";
        String gp = r.d == 1 ? " and faulted (#GP)" : "";
        if (r.a >= 0x800 && r.a <= 0x8FF) {
          int off = (r.a - 0x800) << 4;
          yield who(vcpu, r)
              + op
              + " x2APIC MSR 0x"
              + Integer.toHexString(r.a)
              + " ("
              + KvmLineParser.registerName(off)
              + ") = 0x"
              + Long.toHexString(r.value)
              + gp
              + regNote(off, r.value, r.c == 1);
        }
        yield who(vcpu, r)
            + op
            + " MSR 0x"
            + Integer.toHexString(r.a)
            + " = 0x"
            + Long.toHexString(r.value)
            + gp
            + " (not an APIC register)";
      }
      case PIC_SET_IRQ ->
          "8259 PIC "
              + (r.a == 0 ? "master" : "slave")
              + " pin "
              + r.b
              + " raised ("
              + (r.d == 1 ? "level" : "edge")
              + (r.c == 1 ? ", masked: nothing delivered" : "")
              + ")";
      case IOAPIC_SET_IRQ ->
          "IO-APIC pin "
              + r.d
              + ": vector "
              + vec(r.b)
              + " to "
              + ((r.e & 1) == 1 ? "logical " : "APIC ")
              + vec(r.a)
              + " ("
              + KvmLineParser.modeName(r.c)
              + ", "
              + ((r.e & 2) != 0 ? "level" : "edge")
              + ((r.e & 4) != 0 ? ", masked: not sent" : "")
              + ")";
      case SET_IRQ -> "GSI " + r.a + " set to level " + r.b + " (source " + r.c + ")";
      case ENTRY -> "vCPU " + r.a + " enters the guest";
      case EXIT -> (r.a >= 0 ? "vCPU " + r.a : who(vcpu, r)) + " leaves the guest: " + r.reason;
    };
  }

  private static String regNote(int offset, long value, boolean write) {
    if (offset == 0x350) {
      boolean masked = (value & 0x10000) != 0;
      int mode = (int) (value >>> 8) & 7;
      return " (LVT0: "
          + KvmLineParser.modeName(mode)
          + (masked ? ", masked" : ", unmasked")
          + (!masked && mode == 7 ? ": the PIC delivers here" : "")
          + ")";
    }
    if (!write && offset >= 0x100 && offset < 0x280 && (offset & 0xF) == 0) {
      String reg = offset < 0x180 ? "ISR" : offset < 0x200 ? "TMR" : "IRR";
      int base = offset < 0x180 ? 0x100 : offset < 0x200 ? 0x180 : 0x200;
      int w = (offset - base) >>> 4;
      return ": " + reg + " bits " + vec(w * 32) + "-" + vec(w * 32 + 31) + " now known";
    }
    if (offset == 0xB0 && write) {
      return " (EOI)";
    }
    return "";
  }

  /** The fields of an event, decoded, for the code pane. */
  public static List<Field> fields(KvmRecord r, int vcpu) {
    List<Field> f = new ArrayList<>();
    f.add(new Field("tracepoint", r.event.tracepoint));
    if (r.time >= 0) {
      f.add(
          new Field(
              "time",
              String.format(
                  Locale.ROOT, "%d.%09d s", r.time / 1_000_000_000L, r.time % 1_000_000_000L)));
    }
    f.add(
        new Field(
            "thread", (r.comm.isEmpty() ? "?" : r.comm) + (r.pid >= 0 ? " (" + r.pid + ")" : "")));
    f.add(
        new Field(
            "logged by", vcpu >= 0 ? "vCPU " + vcpu : "not a vCPU thread, or not identified"));
    switch (r.event) {
      case APIC_IPI -> {
        int icr = r.c << 8 | r.b;
        f.add(new Field("ICR low", String.format(Locale.ROOT, "0x%08X", icr)));
        f.add(new Field("vector", vec(r.b)));
        f.add(new Field("delivery mode", KvmLineParser.modeName(r.c & 7)));
        f.add(new Field("destination mode", (r.c >>> 3 & 1) == 1 ? "logical" : "physical"));
        f.add(new Field("level", (r.c >>> 6 & 1) == 1 ? "assert" : "de-assert"));
        f.add(new Field("trigger", (r.c >>> 7 & 1) == 1 ? "level" : "edge"));
        f.add(
            new Field(
                "shorthand",
                new String[] {"none", "self", "all", "all-but-self"}[(r.c >>> 10) & 3]));
        f.add(new Field("destination", vec(r.a)));
      }
      case APIC_ACCEPT_IRQ, APICV_ACCEPT_IRQ -> {
        f.add(new Field("APIC ID", Integer.toString(r.a)));
        f.add(new Field("vector", vec(r.b)));
        f.add(new Field("delivery mode", KvmLineParser.modeName(r.c)));
        f.add(new Field("trigger", r.d == 1 ? "level" : "edge"));
      }
      case INJ_VIRQ -> {
        f.add(new Field("vector", vec(r.b)));
        f.add(new Field("kind", r.c == 1 ? "software (INTn)" : "external interrupt"));
        f.add(new Field("reinjected", r.d == 1 ? "yes" : "no"));
      }
      case EOI, PV_EOI -> {
        f.add(new Field("APIC ID", Integer.toString(r.a)));
        f.add(new Field("vector", r.b < 0 ? "-1 (nothing in service)" : vec(r.b)));
      }
      case APIC -> {
        f.add(new Field("access", r.c == 1 ? "write" : "read"));
        f.add(
            new Field(
                "register",
                KvmLineParser.registerName(r.a)
                    + String.format(Locale.ROOT, " (offset 0x%03X)", r.a)));
        f.add(new Field("value", "0x" + Long.toHexString(r.value)));
      }
      case MSR -> {
        f.add(new Field("access", r.c == 1 ? "write" : "read"));
        f.add(
            new Field(
                "MSR",
                "0x"
                    + Integer.toHexString(r.a)
                    + (r.a >= 0x800 && r.a <= 0x8FF
                        ? " = x2APIC " + KvmLineParser.registerName((r.a - 0x800) << 4)
                        : "")));
        f.add(new Field("value", "0x" + Long.toHexString(r.value)));
        f.add(new Field("fault", r.d == 1 ? "#GP" : "none"));
      }
      case PIC_SET_IRQ -> {
        f.add(new Field("chip", r.a == 0 ? "0 (master)" : r.a + " (slave)"));
        f.add(new Field("pin", Integer.toString(r.b)));
        f.add(new Field("trigger", r.d == 1 ? "level" : "edge"));
        f.add(new Field("masked", r.c == 1 ? "yes" : "no"));
      }
      case IOAPIC_SET_IRQ -> {
        f.add(new Field("pin", Integer.toString(r.d)));
        f.add(new Field("destination", vec(r.a)));
        f.add(new Field("vector", vec(r.b)));
        f.add(new Field("delivery mode", KvmLineParser.modeName(r.c)));
        f.add(new Field("destination mode", (r.e & 1) == 1 ? "logical" : "physical"));
        f.add(new Field("trigger", (r.e & 2) != 0 ? "level" : "edge"));
        f.add(new Field("masked", (r.e & 4) != 0 ? "yes" : "no"));
      }
      case SET_IRQ -> {
        f.add(new Field("gsi", Integer.toString(r.a)));
        f.add(new Field("level", Integer.toString(r.b)));
        f.add(new Field("source", Integer.toString(r.c)));
      }
      case ENTRY -> f.add(new Field("vCPU", Integer.toString(r.a)));
      case EXIT -> {
        f.add(new Field("vCPU", r.a >= 0 ? Integer.toString(r.a) : "not in this kernel's format"));
        f.add(new Field("reason", r.reason));
      }
    }
    return f;
  }
}
