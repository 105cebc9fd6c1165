package org.apicflow.trace.kvm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apicflow.apic.VectorSet;

/**
 * A 256-bit APIC register (IRR, ISR or TMR) as far as a trace decides it: each bit is known set,
 * known clear, or unknown. Two bit sets: which bits are known, and the values of those.
 */
public final class KnownVectors {
  private final long[] known = new long[4];
  private final long[] value = new long[4];

  public KnownVectors() {}

  public KnownVectors(KnownVectors o) {
    copyFrom(o);
  }

  public void copyFrom(KnownVectors o) {
    System.arraycopy(o.known, 0, known, 0, 4);
    System.arraycopy(o.value, 0, value, 0, 4);
  }

  public boolean isKnown(int v) {
    return (known[v >>> 6] & (1L << (v & 63))) != 0;
  }

  /** True only for a bit known to be set. */
  public boolean isSet(int v) {
    return (value[v >>> 6] & (1L << (v & 63))) != 0;
  }

  /** True only for a bit known to be clear. */
  public boolean isClear(int v) {
    return isKnown(v) && !isSet(v);
  }

  public void set(int v, boolean bit) {
    long m = 1L << (v & 63);
    known[v >>> 6] |= m;
    if (bit) {
      value[v >>> 6] |= m;
    } else {
      value[v >>> 6] &= ~m;
    }
  }

  public void forget(int v) {
    long m = 1L << (v & 63);
    known[v >>> 6] &= ~m;
    value[v >>> 6] &= ~m;
  }

  /** All 256 bits known clear. */
  public void clearAll() {
    Arrays.fill(known, -1L);
    Arrays.fill(value, 0);
  }

  /** Bits above {@code v} known clear (an EOI names the highest vector in service). */
  public void clearAbove(int v) {
    for (int w = 0; w < 4; w++) {
      long m;
      int lo = w * 64;
      if (v + 1 <= lo) {
        m = -1L;
      } else if (v + 1 >= lo + 64) {
        m = 0;
      } else {
        m = -1L << (v + 1 - lo);
      }
      known[w] |= m;
      value[w] &= ~m;
    }
  }

  /**
   * What APICv can do unlogged while the vCPU runs (the CPU delivers from IRR to ISR and completes
   * EOIs): a vector not known clear in IRR may have moved, so its IRR and ISR bits become unknown;
   * a vector known set in ISR may have been EOI'd, so it becomes unknown.
   */
  static void apicvMayHaveRun(KnownVectors irr, KnownVectors isr) {
    for (int w = 0; w < 4; w++) {
      long irrNotClear = ~irr.known[w] | irr.value[w];
      irr.known[w] &= ~irrNotClear;
      irr.value[w] &= ~irrNotClear;
      long isrForget = irrNotClear | isr.value[w];
      isr.known[w] &= ~isrForget;
      isr.value[w] &= ~isrForget;
    }
  }

  /** One 32-bit word read from the register (word w holds vectors 32w..32w+31). */
  public void setWord(int w, long bits) {
    for (int k = 0; k < 32; k++) {
      set(w * 32 + k, ((bits >>> k) & 1) != 0);
    }
  }

  public boolean allKnown() {
    return known[0] == -1L && known[1] == -1L && known[2] == -1L && known[3] == -1L;
  }

  public boolean noneKnown() {
    return known[0] == 0 && known[1] == 0 && known[2] == 0 && known[3] == 0;
  }

  /** The bits known set. */
  public VectorSet setBits() {
    VectorSet s = new VectorSet();
    for (int v = 0; v < 256; v++) {
      if (isSet(v)) {
        s.set(v);
      }
    }
    return s;
  }

  /** The unknown bits. */
  public VectorSet unknownBits() {
    VectorSet s = new VectorSet();
    for (int v = 0; v < 256; v++) {
      if (!isKnown(v)) {
        s.set(v);
      }
    }
    return s;
  }

  /** The vectors known set, lowest first. */
  public List<Integer> setList() {
    List<Integer> out = new ArrayList<>();
    for (int v = 0; v < 256; v++) {
      if (isSet(v)) {
        out.add(v);
      }
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KnownVectors k
        && Arrays.equals(known, k.known)
        && Arrays.equals(value, k.value);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(known) * 31 + Arrays.hashCode(value);
  }
}
