package org.apicflow.apic;

import java.util.function.IntConsumer;

/**
 * A set of the 256 interrupt vectors, the shape of the APIC's IRR, ISR and TMR: 256 bits read as
 * eight 32-bit words at 16-byte strides (SDM "Interrupt Request Register", "In-Service Register").
 *
 * <p>The bits are four long fields (vectors 0-63, 64-127, 128-191, 192-255), not an array: a run
 * keeps a copy of every changed APIC in its keyframes, three sets each, and an array would add an
 * object of 48 bytes to each set's 48.
 */
public final class VectorSet {
  private long w0;
  private long w1;
  private long w2;
  private long w3;

  public VectorSet() {}

  public VectorSet(VectorSet other) {
    copyFrom(other);
  }

  public static VectorSet of(int... vectors) {
    VectorSet set = new VectorSet();
    for (int v : vectors) {
      set.set(v);
    }
    return set;
  }

  /** The 64 bits of vectors 64 * w .. 64 * w + 63. */
  private long bits(int w) {
    return switch (w) {
      case 0 -> w0;
      case 1 -> w1;
      case 2 -> w2;
      default -> w3;
    };
  }

  private void setBits(int w, long value) {
    switch (w) {
      case 0 -> w0 = value;
      case 1 -> w1 = value;
      case 2 -> w2 = value;
      default -> w3 = value;
    }
  }

  public boolean get(int vector) {
    check(vector);
    return (bits(vector >>> 6) & (1L << (vector & 63))) != 0;
  }

  /** Sets the bit; returns false when it was already set (the new request collapses into it). */
  public boolean set(int vector) {
    check(vector);
    int w = vector >>> 6;
    long before = bits(w);
    long after = before | 1L << (vector & 63);
    setBits(w, after);
    return after != before;
  }

  /** Clears the bit; returns true when it was set. */
  public boolean clear(int vector) {
    check(vector);
    int w = vector >>> 6;
    long before = bits(w);
    long after = before & ~(1L << (vector & 63));
    setBits(w, after);
    return after != before;
  }

  public void put(int vector, boolean value) {
    if (value) {
      set(vector);
    } else {
      clear(vector);
    }
  }

  public void clearAll() {
    w0 = 0;
    w1 = 0;
    w2 = 0;
    w3 = 0;
  }

  public void copyFrom(VectorSet other) {
    w0 = other.w0;
    w1 = other.w1;
    w2 = other.w2;
    w3 = other.w3;
  }

  /** The highest vector in the set, or -1 when it is empty (QEMU apic_find_highest). */
  public int highest() {
    if (w3 != 0) {
      return 255 - Long.numberOfLeadingZeros(w3);
    }
    if (w2 != 0) {
      return 191 - Long.numberOfLeadingZeros(w2);
    }
    if (w1 != 0) {
      return 127 - Long.numberOfLeadingZeros(w1);
    }
    if (w0 != 0) {
      return 63 - Long.numberOfLeadingZeros(w0);
    }
    return -1;
  }

  public int lowest() {
    if (w0 != 0) {
      return Long.numberOfTrailingZeros(w0);
    }
    if (w1 != 0) {
      return 64 + Long.numberOfTrailingZeros(w1);
    }
    if (w2 != 0) {
      return 128 + Long.numberOfTrailingZeros(w2);
    }
    if (w3 != 0) {
      return 192 + Long.numberOfTrailingZeros(w3);
    }
    return -1;
  }

  public boolean isEmpty() {
    return (w0 | w1 | w2 | w3) == 0;
  }

  public int size() {
    return Long.bitCount(w0) + Long.bitCount(w1) + Long.bitCount(w2) + Long.bitCount(w3);
  }

  /** The 32-bit register word {@code index} (0..7), as read at offset base + 0x10 * index. */
  public int word(int index) {
    if (index < 0 || index > 7) {
      throw new IllegalArgumentException("word index " + index + " is not in 0..7");
    }
    return (int) (bits(index >>> 1) >>> ((index & 1) * 32));
  }

  /** The 16 bits of one priority class (vectors class*16 .. class*16+15). */
  public int classBits(int priorityClass) {
    return (word(priorityClass >>> 1) >>> ((priorityClass & 1) * 16)) & 0xFFFF;
  }

  public void forEach(IntConsumer action) {
    for (int w = 0; w < 4; w++) {
      long b = bits(w);
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
    return o instanceof VectorSet other
        && w0 == other.w0
        && w1 == other.w1
        && w2 == other.w2
        && w3 == other.w3;
  }

  @Override
  public int hashCode() {
    int h = 1;
    h = 31 * h + Long.hashCode(w0);
    h = 31 * h + Long.hashCode(w1);
    h = 31 * h + Long.hashCode(w2);
    return 31 * h + Long.hashCode(w3);
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
