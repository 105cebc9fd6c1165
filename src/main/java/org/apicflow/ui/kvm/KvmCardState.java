package org.apicflow.ui.kvm;

import java.util.Map;
import org.apicflow.apic.VectorSet;
import org.apicflow.trace.kvm.ApicKnowledge;
import org.apicflow.trace.kvm.KnownVectors;

/**
 * One vCPU card of an imported trace at a cursor position: a value computed from the reconstruction
 * before and after the event, so the card is a pure function of (trace, position).
 */
public record KvmCardState(
    int apicId, String title, String mode, String lvt0, Reg irr, Reg isr, Reg tmr, boolean active) {

  /** One register: bits known set, bits unknown, bits that changed (set or knowledge) here. */
  public record Reg(VectorSet set, VectorSet unknown, VectorSet changed) {
    public String summary() {
      int s = set.size();
      int u = unknown.size();
      if (u == 256) {
        return "unknown";
      }
      String sets = s == 0 ? "none set" : s + " set";
      return u == 0 ? sets : sets + " · " + u + " unknown";
    }
  }

  static KvmCardState of(
      int apicId,
      Map<Integer, ApicKnowledge> now,
      Map<Integer, ApicKnowledge> before,
      boolean active) {
    ApicKnowledge k = now.get(apicId);
    ApicKnowledge b = before.getOrDefault(apicId, k);
    String mode =
        switch (k.guest()) {
          case IN_GUEST -> "in guest";
          case IN_HOST -> k.lastExit().isEmpty() ? "in host" : "in host · exit " + k.lastExit();
          case UNKNOWN -> "guest/host not known";
        };
    if (k.initPending()) {
      mode = "INIT accepted · reset pending";
    }
    int l = k.lvt0();
    String lvt0 =
        l < 0
            ? "LVT0 unknown"
            : String.format(
                "LVT0 0x%05X · %s%s",
                l,
                (l & 0x10000) != 0 ? "masked" : "unmasked",
                (l & 0x10000) == 0 && ((l >>> 8) & 7) == 7 ? " · PIC delivers here" : "");
    return new KvmCardState(
        apicId,
        String.format("vCPU %d · APIC 0x%02X%s", apicId, apicId, k.apicv() ? " · APICv" : ""),
        mode,
        lvt0,
        reg(k.irr, b.irr),
        reg(k.isr, b.isr),
        reg(k.tmr, b.tmr),
        active);
  }

  private static Reg reg(KnownVectors now, KnownVectors before) {
    VectorSet changed = new VectorSet();
    for (int v = 0; v < 256; v++) {
      // outlined: a bit that is set now and was not, or was set and is not (a bit that only
      // became known clear is not a change the eye needs)
      if (now.isSet(v) != before.isSet(v)) {
        changed.set(v);
      }
    }
    return new Reg(now.setBits(), now.unknownBits(), changed);
  }
}
