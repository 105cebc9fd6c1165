package org.apicflow.trace.kvm;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An imported KVM capture: its read events in columns (about 60 bytes an event; the raw text stays
 * in the file and is read back by offset), the APIC IDs, and keyframes of the reconstruction every
 * {@value #KEYFRAME} events, so the state at any position is a keyframe plus at most that many
 * events re-applied. Position p is the state after the first p events.
 */
public final class KvmTrace {
  /** Events between keyframes. */
  public static final int KEYFRAME = 256;

  /** The window opens captures of at most this many read events. */
  public static final int MAX_EVENTS = 4_000_000;

  private final Path file;
  private final KvmReader.Result read;
  private final List<Integer> apicIds;
  private final Set<Integer> declared;
  int size;
  long[] time = new long[1024];
  long[] line = new long[1024];
  long[] offset = new long[1024];
  byte[] event = new byte[1024];
  short[] self = new short[1024];
  int[] a = new int[1024];
  int[] b = new int[1024];
  int[] c = new int[1024];
  int[] d = new int[1024];
  int[] e = new int[1024];
  long[] value = new long[1024];
  int[] reason = new int[1024];
  int[] ipi = new int[1024];
  int[] pid = new int[1024];
  int[] comm = new int[1024];
  private final List<String> comms = new ArrayList<>();
  private final Map<String, Integer> commIndex = new HashMap<>();
  final List<String> reasons = new ArrayList<>();
  private final Map<String, Integer> reasonIndex = new HashMap<>();
  private final List<Map<Integer, ApicKnowledge>> keyframes = new ArrayList<>();
  private KvmReader.Result result;

  KvmTrace(Path file, Set<Integer> apics) {
    this.file = file;
    this.read = null;
    this.declared = apics;
    this.apicIds = List.copyOf(apics);
  }

  void finish(KvmReader.Result r) {
    this.result = r;
  }

  public Path file() {
    return file;
  }

  /** What reading the file found: format, counts, ignored and malformed lines. */
  public KvmReader.Result readResult() {
    return result != null ? result : read;
  }

  /** The APIC IDs (= vCPU ids) the capture names, ascending. */
  public List<Integer> apicIds() {
    return apicIds;
  }

  public int size() {
    return size;
  }

  /** Time in ns since the first event (0 for formats without time stamps: the event index). */
  public long time(int i) {
    return time[i];
  }

  public long endTime() {
    return size == 0 ? 0 : time[size - 1];
  }

  public long lineNumber(int i) {
    return line[i];
  }

  public KvmEvent event(int i) {
    return KvmEvent.values()[event[i]];
  }

  /** The APIC ID of the vCPU that logged event i, or -1 when the trace does not say. */
  public int vcpu(int i) {
    return self[i];
  }

  /** The APIC the event is about: the target of an accept or EOI, else the logging vCPU, or -1. */
  public int subject(int i) {
    return switch (event(i)) {
      case APIC_ACCEPT_IRQ, APICV_ACCEPT_IRQ, EOI, PV_EOI, ENTRY -> a[i];
      case EXIT -> a[i] >= 0 ? a[i] : self[i];
      default -> self[i];
    };
  }

  public int a(int i) {
    return a[i];
  }

  public int b(int i) {
    return b[i];
  }

  public int c(int i) {
    return c[i];
  }

  public int d(int i) {
    return d[i];
  }

  public long value(int i) {
    return value[i];
  }

  /** The exit reason of a kvm_exit event. */
  public String reason(int i) {
    return reason[i] < 0 ? "" : reasons.get(reason[i]);
  }

  /** For an IPI, its own id; for an accept that an IPI caused, that IPI's id; else -1. */
  public int ipi(int i) {
    return ipi[i];
  }

  /** The ICR low word of an IPI event, rebuilt from its fields. */
  public int icrLow(int i) {
    return c[i] << 8 | b[i];
  }

  void add(KvmRecord r, int vcpu, int ipiId, boolean timed) {
    if (size == time.length) {
      int n = size * 2;
      time = Arrays.copyOf(time, n);
      line = Arrays.copyOf(line, n);
      offset = Arrays.copyOf(offset, n);
      event = Arrays.copyOf(event, n);
      self = Arrays.copyOf(self, n);
      a = Arrays.copyOf(a, n);
      b = Arrays.copyOf(b, n);
      c = Arrays.copyOf(c, n);
      d = Arrays.copyOf(d, n);
      e = Arrays.copyOf(e, n);
      value = Arrays.copyOf(value, n);
      reason = Arrays.copyOf(reason, n);
      ipi = Arrays.copyOf(ipi, n);
      pid = Arrays.copyOf(pid, n);
      comm = Arrays.copyOf(comm, n);
    }
    int i = size++;
    time[i] = timed ? r.time : i;
    line[i] = r.line;
    offset[i] = r.offset;
    event[i] = (byte) r.event.ordinal();
    self[i] = (short) vcpu;
    a[i] = r.a;
    b[i] = r.b;
    c[i] = r.c;
    d[i] = r.d;
    e[i] = r.e;
    value[i] = r.value;
    reason[i] =
        r.reason.isEmpty()
            ? -1
            : reasonIndex.computeIfAbsent(
                r.reason,
                k -> {
                  reasons.add(k);
                  return reasons.size() - 1;
                });
    ipi[i] = ipiId;
    pid[i] = r.pid;
    comm[i] =
        commIndex.computeIfAbsent(
            r.comm,
            k -> {
              comms.add(k);
              return comms.size() - 1;
            });
  }

  void keyframe(Reconstruction rec) {
    keyframes.add(rec.snapshot());
  }

  /** Event i as a record of its own. */
  public KvmRecord record(int i) {
    return record(i, new KvmRecord());
  }

  /** Rebuilds event i as a record (for re-applying it). */
  KvmRecord record(int i, KvmRecord r) {
    r.clear();
    r.event = event(i);
    r.time = time[i];
    r.line = line[i];
    r.offset = offset[i];
    r.pid = pid[i];
    r.comm = comms.get(comm[i]);
    r.a = a[i];
    r.b = b[i];
    r.c = c[i];
    r.d = d[i];
    r.e = e[i];
    r.value = value[i];
    r.reason = reason(i);
    return r;
  }

  /**
   * The reconstruction after the first {@code position} events: the keyframe at or before it, then
   * the events after it re-applied. Each call returns the caller's own copy.
   */
  public Map<Integer, ApicKnowledge> stateAt(int position) {
    if (position < 0 || position > size) {
      throw new IndexOutOfBoundsException("position " + position + " is not in 0.." + size);
    }
    int k = Math.min(position / KEYFRAME, keyframes.size() - 1);
    Reconstruction rec = new Reconstruction();
    rec.restore(keyframes.get(k));
    KvmRecord r = new KvmRecord();
    for (int i = k * KEYFRAME; i < position; i++) {
      rec.apply(record(i, r), self[i]);
    }
    return rec.snapshot();
  }

  /** The raw text of event i's line, read back from the file. */
  public String rawLine(int i) {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      f.seek(offset[i]);
      byte[] buf = new byte[4096];
      int n = f.read(buf);
      int end = 0;
      while (end < Math.max(n, 0) && buf[end] != '\n' && buf[end] != '\r') {
        end++;
      }
      return new String(buf, 0, end, StandardCharsets.UTF_8);
    } catch (IOException x) {
      return "(line " + line[i] + ": " + x.getMessage() + ")";
    }
  }

  /** Whether the declared APIC set holds an ID. */
  boolean declares(int apicId) {
    return declared.contains(apicId);
  }
}
