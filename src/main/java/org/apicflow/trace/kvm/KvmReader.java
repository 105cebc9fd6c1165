package org.apicflow.trace.kvm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Streams a KVM trace text file: bytes in blocks of 1 MiB, lines cut in place, a String made only
 * for lines that contain "kvm_" (and the first lines, to tell the format). Memory does not grow
 * with the file. The form (ftrace, trace_pipe, trace-cmd report, perf script) is told from the
 * content.
 */
public final class KvmReader {
  /** Receives each read event; the record is reused, so copy what you keep. */
  public interface Sink {
    void accept(KvmRecord r);
  }

  /** A line of a read event that does not have its format. */
  public record Malformed(long line, int column, String message) {}

  /** What a pass over the file found. */
  public record Result(
      KvmFormat format,
      boolean columns,
      Map<String, Long> events,
      long lines,
      long eventLines,
      long ignoredLines,
      List<Malformed> malformed,
      long malformedCount) {}

  /** Malformed lines listed by line number; the rest are counted. */
  public static final int LISTED_MALFORMED = 20;

  /** A longer line means the file is not trace text. */
  public static final int MAX_LINE = 1 << 20;

  private static final int BLOCK = 1 << 20;

  private KvmReader() {}

  /** Reads the file once, handing every parsed event to the sink. */
  public static Result read(Path file, Sink sink) throws KvmImportException {
    return read(file, sink, null);
  }

  /**
   * Reads the file once; only events in {@code textFor} (all when null) have their text parsed, the
   * others reach the sink with their columns only (a cheaper pass that needs no more).
   */
  public static Result read(Path file, Sink sink, java.util.Set<KvmEvent> textFor)
      throws KvmImportException {
    String name = file.toString();
    try (InputStream in = Files.newInputStream(file)) {
      Pass p = new Pass(name, sink);
      p.parser.textFor(textFor);
      return p.run(in);
    } catch (NoSuchFileException e) {
      throw new KvmImportException(name + ": no such file");
    } catch (IOException e) {
      throw new KvmImportException(name + ": cannot read: " + e.getMessage());
    }
  }

  /**
   * A light pass for what only some events say (which thread is which vCPU): only lines that name
   * one of {@code only} ("kvm_eoi:") are parsed and reach the sink; every other line is passed over
   * after a byte scan, unparsed and uncounted. No counts, and no verdict on the file: the full pass
   * that follows reports an empty or non-trace file.
   */
  public static void scan(Path file, Sink sink, java.util.Set<KvmEvent> only)
      throws KvmImportException {
    String name = file.toString();
    try (InputStream in = Files.newInputStream(file)) {
      Pass p = new Pass(name, sink);
      p.parser.textFor(only);
      p.only = new byte[only.size()][];
      int k = 0;
      for (KvmEvent e : only) {
        p.only[k++] = (e.tracepoint + ":").getBytes(StandardCharsets.ISO_8859_1);
      }
      p.run(in);
    } catch (NoSuchFileException e) {
      throw new KvmImportException(name + ": no such file");
    } catch (IOException e) {
      throw new KvmImportException(name + ": cannot read: " + e.getMessage());
    }
  }

  /** Tells from its first bytes whether a file looks like KVM trace text (for the window). */
  public static boolean looksLikeKvmTrace(Path file) {
    byte[] head = new byte[64 * 1024];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    } catch (IOException e) {
      return false;
    }
    String s = new String(head, 0, n, StandardCharsets.ISO_8859_1);
    if (s.startsWith("# tracer:") || s.startsWith("cpus=")) {
      return true;
    }
    KvmLineParser p = new KvmLineParser();
    KvmRecord r = new KvmRecord();
    for (String line : s.split("\n")) {
      KvmLineParser.Kind k = p.parse(line, r);
      if (k == KvmLineParser.Kind.EVENT
          || k == KvmLineParser.Kind.OTHER_KVM
          || k == KvmLineParser.Kind.MALFORMED) {
        return true;
      }
    }
    return false;
  }

  private static final class Pass {
    final String name;
    final Sink sink;
    final KvmLineParser parser = new KvmLineParser();
    final KvmRecord rec = new KvmRecord();
    final long[] readCounts = new long[KvmEvent.values().length];
    final Map<String, long[]> otherCounts = new HashMap<>();
    final List<Malformed> malformed = new ArrayList<>();
    long malformedCount;
    long lines;
    long eventLines;
    KvmFormat format;
    boolean header;
    boolean traceCmdHeader;
    boolean columns;
    boolean sawEvent;

    /** In a light pass ({@link KvmReader#scan}): "name:" of the events it reads, else null. */
    byte[][] only;

    Pass(String name, Sink sink) {
      this.name = name;
      this.sink = sink;
    }

    Result run(InputStream in) throws IOException, KvmImportException {
      byte[] buf = new byte[BLOCK];
      int len = 0;
      long offset = 0;
      boolean eof = false;
      while (!eof || len > 0) {
        if (!eof) {
          int got = in.read(buf, len, buf.length - len);
          if (got < 0) {
            eof = true;
          } else {
            len += got;
          }
        }
        if (lines == 0 && offset == 0 && len > 0) {
          checkBinary(buf, len);
        }
        int start = 0;
        while (only == null) {
          int nl = indexOf(buf, start, len, (byte) '\n');
          if (nl < 0) {
            if (eof && start < len) {
              line(buf, start, len, offset + start);
              start = len;
            }
            break;
          }
          line(buf, start, nl, offset + start);
          start = nl + 1;
        }
        if (only != null) {
          start = scanBlock(buf, len, eof, offset);
        }
        offset += start;
        System.arraycopy(buf, start, buf, 0, len - start);
        len -= start;
        if (eof) {
          break;
        }
        if (len == buf.length) {
          if (buf.length >= MAX_LINE + BLOCK) {
            throw new KvmImportException(
                name + ":" + (lines + 1) + ": a line longer than 1 MiB: not trace text");
          }
          buf = java.util.Arrays.copyOf(buf, buf.length * 2);
        }
      }
      if (only != null) {
        return null;
      }
      if (lines == 0) {
        throw new KvmImportException(name + ": empty file: no trace lines");
      }
      if (!sawEvent) {
        throw new KvmImportException(
            name
                + ": not a KVM trace: none of its "
                + lines
                + " lines is a kvm tracepoint (enable the kvm events, see 'Capture your own trace')");
      }
      Map<String, Long> events = new TreeMap<>();
      for (KvmEvent e : KvmEvent.values()) {
        if (readCounts[e.ordinal()] > 0) {
          events.put(e.tracepoint, readCounts[e.ordinal()]);
        }
      }
      otherCounts.forEach((k, v) -> events.put(k, v[0]));
      return new Result(
          format,
          columns,
          Collections.unmodifiableMap(events),
          lines,
          eventLines,
          lines - eventLines,
          List.copyOf(malformed),
          malformedCount);
    }

    private void checkBinary(byte[] buf, int len) throws KvmImportException {
      int n = Math.min(len, 4096);
      String head = new String(buf, 0, Math.min(n, 16), StandardCharsets.ISO_8859_1);
      if (head.startsWith("PERFILE")) {
        throw new KvmImportException(
            name + ": a perf.data file, not text: run 'perf script -i " + name + "' on it first");
      }
      if (head.startsWith("\u0017\u0008D") && head.contains("tracing")) {
        throw new KvmImportException(
            name
                + ": a trace-cmd .dat file, not text: run 'trace-cmd report -i "
                + name
                + "' first");
      }
      for (int i = 0; i < n; i++) {
        if (buf[i] == 0) {
          throw new KvmImportException(
              name + ": a binary file (byte " + i + " is NUL), not trace text");
        }
      }
    }

    private void line(byte[] buf, int from, int to, long offset) {
      lines++;
      if (to > from && buf[to - 1] == '\r') {
        to--;
      }
      if (format == null && lines <= 64 && !sawEvent) {
        String s = new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
        if (lines == 1 && (s.startsWith("cpus=") || s.startsWith("version ="))) {
          traceCmdHeader = true;
        }
        if (s.startsWith("# tracer:")) {
          header = true;
        }
      }
      if (only != null ? !namesOnly(buf, from, to) : !containsKvm(buf, from, to)) {
        return;
      }
      // Latin-1 is a plain copy (thread names with other bytes only look odd in messages)
      String s = new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
      KvmLineParser.Kind k = parser.parse(s, rec);
      switch (k) {
        case EVENT -> {
          detect(s);
          eventLines++;
          readCounts[rec.event.ordinal()]++;
          rec.line = lines;
          rec.offset = offset;
          sink.accept(rec);
        }
        case MALFORMED -> {
          detect(s);
          eventLines++;
          readCounts[rec.event.ordinal()]++;
          malformedCount++;
          if (malformed.size() < LISTED_MALFORMED) {
            malformed.add(new Malformed(lines, parser.errorColumn(), parser.error()));
          }
        }
        case OTHER_KVM -> {
          detect(s);
          otherCounts.computeIfAbsent(parser.otherName(), x -> new long[1])[0]++;
        }
        default -> {}
      }
    }

    private void detect(String s) {
      sawEvent = true;
      if (format != null) {
        return;
      }
      columns = parser.hasColumns();
      if (traceCmdHeader) {
        format = KvmFormat.TRACE_CMD;
      } else if (header) {
        format = KvmFormat.FTRACE;
      } else if (parser.perfPrefix()) {
        format = KvmFormat.PERF;
      } else if (s.contains(":  ") && paddedName(s)) {
        format = KvmFormat.TRACE_CMD;
      } else {
        format = KvmFormat.TRACE_PIPE;
      }
    }

    /** trace-cmd pads the event name: "kvm_eoi: apicid 0 vector -1". */
    private static boolean paddedName(String s) {
      int k = s.indexOf("kvm_");
      int colon = k < 0 ? -1 : s.indexOf(':', k);
      return colon > 0 && s.startsWith("  ", colon + 1);
    }

    /**
     * A light pass over the complete lines of a block: the lines are not cut one by one; only where
     * "kvm_" names one of its events is the line around it found and read. Returns where the
     * incomplete last line starts (the block's end at the end of the file).
     */
    private int scanBlock(byte[] buf, int len, boolean eof, long offset) {
      int end = len;
      if (!eof) {
        end = len - 1;
        while (end >= 0 && buf[end] != '\n') {
          end--;
        }
        if (end < 0) {
          return 0;
        }
      }
      int i = 0;
      int k;
      while ((k = findKvm(buf, i, end)) >= 0) {
        if (!namedAt(buf, k, end)) {
          i = k + 4;
          continue;
        }
        int from = k;
        while (from > 0 && buf[from - 1] != '\n') {
          from--;
        }
        int to = indexOf(buf, k, end, (byte) '\n');
        if (to < 0) {
          to = end;
        }
        line(buf, from, to, offset + from);
        i = to + 1;
      }
      return eof ? len : end + 1;
    }

    private boolean namedAt(byte[] b, int at, int to) {
      for (byte[] w : only) {
        if (startsWith(b, at, to, w)) {
          return true;
        }
      }
      return false;
    }

    /** Whether the line holds "kvm_...:" for one of the light pass's events. */
    private boolean namesOnly(byte[] b, int from, int to) {
      int i = from;
      while ((i = findKvm(b, i, to)) >= 0) {
        for (byte[] w : only) {
          if (startsWith(b, i, to, w)) {
            return true;
          }
        }
        i += 4;
      }
      return false;
    }

    private static boolean startsWith(byte[] b, int at, int to, byte[] w) {
      if (to - at < w.length) {
        return false;
      }
      for (int k = 4; k < w.length; k++) {
        if (b[at + k] != w[k]) {
          return false;
        }
      }
      return true;
    }

    private static boolean containsKvm(byte[] b, int from, int to) {
      return findKvm(b, from, to) >= 0;
    }

    /**
     * Where "kvm_" starts in b[from, to), or -1. Looks at the window's last byte first and moves up
     * to four bytes at a time when that byte cannot be part of a match (Horspool).
     */
    private static int findKvm(byte[] b, int from, int to) {
      int i = from;
      while (i + 3 < to) {
        byte t = b[i + 3];
        if (t == '_') {
          if (b[i + 2] == 'm' && b[i + 1] == 'v' && b[i] == 'k') {
            return i;
          }
          i += 4;
        } else if (t == 'm') {
          i += 1;
        } else if (t == 'v') {
          i += 2;
        } else if (t == 'k') {
          i += 3;
        } else {
          i += 4;
        }
      }
      return -1;
    }

    /** The first '\n' in b[from, to), or -1: eight bytes at a time. */
    private static int indexOf(byte[] b, int from, int to, byte x) {
      int i = from;
      long pattern = (x & 0xFFL) * 0x0101010101010101L;
      while (i + 8 <= to) {
        long v = (long) LONGS.get(b, i) ^ pattern;
        long found = (v - 0x0101010101010101L) & ~v & 0x8080808080808080L;
        if (found != 0) {
          return i + (Long.numberOfTrailingZeros(found) >>> 3);
        }
        i += 8;
      }
      for (; i < to; i++) {
        if (b[i] == x) {
          return i;
        }
      }
      return -1;
    }

    private static final java.lang.invoke.VarHandle LONGS =
        java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
  }
}
