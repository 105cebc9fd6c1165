package org.apicflow.apic;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * A set of the 256 interrupt vectors, the shape of the APIC's IRR, ISR and TMR: 256 bits read as
 * eight 32-bit words at 16-byte strides (SDM "Interrupt Request Register", "In-Service Register").
 */
public final class VectorSet {
  private final long[] bits = new long[4];

  public VectorSet() {}

  public VectorSet(VectorSet other) {
    System.arraycopy(other.bits, 0, bits, 0, 4);
  }

  public static VectorSet of(int... vectors) {
    VectorSet set = new VectorSet();
    for (int v : vectors) {
      set.set(v);
    }
    return set;
  }

  public boolean get(int vector) {
    check(vector);
    return (bits[vector >>> 6] & (1L << (vector & 63))) != 0;
  }

  /** Sets the bit; returns false when it was already set (the new request collapses into it). */
  public boolean set(int vector) {
    check(vector);
    boolean was = get(vector);
    bits[vector >>> 6] |= 1L << (vector & 63);
    return !was;
  }

  /** Clears the bit; returns true when it was set. */
  public boolean clear(int vector) {
    check(vector);
    boolean was = get(vector);
    bits[vector >>> 6] &= ~(1L << (vector & 63));
    return was;
  }

  public void put(int vector, boolean value) {
    if (value) {
      set(vector);
    } else {
      clear(vector);
    }
  }

  public void clearAll() {
    Arrays.fill(bits, 0);
  }

  public void copyFrom(VectorSet other) {
    System.arraycopy(other.bits, 0, bits, 0, 4);
  }

  /** The highest vector in the set, or -1 when it is empty (QEMU apic_find_highest). */
  public int highest() {
    for (int w = 3; w >= 0; w--) {
      if (bits[w] != 0) {
        return (w << 6) + 63 - Long.numberOfLeadingZeros(bits[w]);
      }
    }
    return -1;
  }

  public int lowest() {
    for (int w = 0; w < 4; w++) {
      if (bits[w] != 0) {
        return (w << 6) + Long.numberOfTrailingZeros(bits[w]);
      }
    }
    return -1;
  }

  public boolean isEmpty() {
    return (bits[0] | bits[1] | bits[2] | bits[3]) == 0;
  }

  public int size() {
    return Long.bitCount(bits[0])
        + Long.bitCount(bits[1])
        + Long.bitCount(bits[2])
        + Long.bitCount(bits[3]);
  }

  /** The 32-bit register word {@code index} (0..7), as read at offset base + 0x10 * index. */
  public int word(int index) {
    if (index < 0 || index > 7) {
      throw new IllegalArgumentException("word index " + index + " is not in 0..7");
    }
    return (int) (bits[index >>> 1] >>> ((index & 1) * 32));
  }

  /** The 16 bits of one priority class (vectors class*16 .. class*16+15). */
  public int classBits(int priorityClass) {
    return (word(priorityClass >>> 1) >>> ((priorityClass & 1) * 16)) & 0xFFFF;
  }

  public void forEach(IntConsumer action) {
    for (int w = 0; w < 4; w++) {
      long b = bits[w];
      while (b != 0) {
        int bit = Long.numberOfTrailingZeros(b);
        action.accept((w << 6) + bit);
        b &= b - 1;
      }
    }
  }

  public int[] toArray() {
    int[] out = new int[size()];
    int[] i = {0};
    forEach(v -> out[i[0]++] = v);
    return out;
  }

  private static void check(int vector) {
    if (vector < 0 || vector > 255) {
      throw new IllegalArgumentException("vector " + vector + " is not in 0..255");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VectorSet other && Arrays.equals(bits, other.bits);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bits);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    forEach(
        v -> {
          if (sb.length() > 1) {
            sb.append(", ");
          }
          sb.append(String.format("0x%02X", v));
        });
    return sb.append('}').toString();
  }
}
