package org.apicflow.trace.kvm;

/**
 * Reads one line of KVM trace text in any of the forms users have: ftrace {@code trace} and {@code
 * trace_pipe} (with or without the task-pid, CPU and flags columns, tasks shown as {@code
 * <...>-PID}), {@code trace-cmd report} (padded event names, an optional buffer-name prefix) and
 * {@code perf script} ({@code kvm:} prefixed events, the thread id in its own column). No regular
 * expressions: a line is scanned once, left to right for the event name and right to left for the
 * columns before it.
 *
 * <p>The text after each event name follows the TP_printk formats of arch/x86/kvm/trace.h and
 * include/trace/events/kvm.h, older and newer kernels both (kvm_entry with or without rip, kvm_exit
 * with or without "vcpu N", kvm_inj_virq as "IRQ 0x%x" or "irq %u").
 */
public final class KvmLineParser {
  /** What a line was. */
  public enum Kind {
    /** Not a trace event line at all (a header, a blank line, other text). */
    OTHER,
    /** A kvm tracepoint the importer does not read; its name is in {@link #otherName()}. */
    OTHER_KVM,
    /** A trace event of another subsystem. */
    OTHER_EVENT,
    /** A read event, its fields in the record. */
    EVENT,
    /** A read event whose text does not have its format; {@link #error()} says what is wrong. */
    MALFORMED
  }

  private String otherName = "";
  private java.util.Set<KvmEvent> textFor;

  /** Parse the text of these events only (all when null); the others get their columns only. */
  public void textFor(java.util.Set<KvmEvent> events) {
    textFor = events;
  }

  private String error = "";
  private int errorColumn;
  private boolean perfPrefix;
  private boolean hasColumns;

  /** The task column of the last line that had one, and what it was read as. */
  private String lastTask = "";

  private String lastComm = "";
  private int lastPid = -1;

  /** The tracepoint name of the last OTHER_KVM line. */
  public String otherName() {
    return otherName;
  }

  /** What was wrong with the last MALFORMED line. */
  public String error() {
    return error;
  }

  /** The 1-based column in the line where the last MALFORMED line went wrong, or 0. */
  public int errorColumn() {
    return errorColumn;
  }

  /** Whether the last event line used perf's "kvm:" prefix. */
  public boolean perfPrefix() {
    return perfPrefix;
  }

  /** Whether the last event line had a task column before its time stamp. */
  public boolean hasColumns() {
    return hasColumns;
  }

  /** Parses {@code s} into {@code r} (cleared first) and says what the line was. */
  public Kind parse(String s, KvmRecord r) {
    r.clear();
    int n = s.length();
    int from = 0;
    while (true) {
      int k = s.indexOf("kvm_", from);
      if (k < 0) {
        return eventLike(s) ? Kind.OTHER_EVENT : Kind.OTHER;
      }
      from = k + 4;
      boolean perf = k >= 4 && s.startsWith("kvm:", k - 4);
      int nameStart = k;
      int j = k + 4;
      while (j < n && isNameChar(s.charAt(j))) {
        j++;
      }
      if (j >= n || s.charAt(j) != ':' || (j + 1 < n && s.charAt(j + 1) != ' ')) {
        continue;
      }
      int before = perf ? k - 4 : k;
      if (before > 0 && s.charAt(before - 1) != ' ') {
        continue;
      }
      if (!parseColumns(s, before, r)) {
        continue;
      }
      perfPrefix = perf;
      KvmEvent ev = KvmEvent.byName(s, nameStart, j);
      if (ev == null) {
        otherName = s.substring(nameStart, j);
        return Kind.OTHER_KVM;
      }
      String name = ev.tracepoint;
      r.event = ev;
      r.raw = s;
      r.textStart = Math.min(n, j + 1);
      if (textFor != null && !textFor.contains(ev)) {
        return Kind.EVENT;
      }
      try {
        parseText(ev, s, r.textStart, r);
      } catch (Bad b) {
        error = name + ": " + b.getMessage();
        int textAt = r.textStart;
        while (textAt < n && s.charAt(textAt) == ' ') {
          textAt++;
        }
        // value errors (a vector out of range, an unknown mode) point at the event's text
        errorColumn = b.column > 0 ? b.column : textAt + 1;
        return Kind.MALFORMED;
      }
      return Kind.EVENT;
    }
  }

  private static boolean isNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  }

  /** A line shaped like an event of another subsystem: "... 123.456789: name: ...". */
  private static boolean eventLike(String s) {
    int colon = s.indexOf(": ");
    if (colon <= 0) {
      return false;
    }
    int i = colon - 1;
    int digits = 0;
    while (i >= 0 && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
      i--;
      digits++;
    }
    return digits > 0 && s.indexOf(':', colon + 2) > 0;
  }

  /**
   * The columns before the event name, read right to left: the time stamp ("123.456789:"), the
   * flags ("d..1."), the CPU ("[001]"), the tgid ("( 1230)"), then the task: "comm-pid" (ftrace,
   * trace-cmd) or "comm pid" (perf). All may be missing (ftrace with context-info off); a trace-cmd
   * buffer name ("name:") before the task is skipped. False when the text before the name is not
   * columns (so "kvm_" was inside some other text).
   */
  private boolean parseColumns(String s, int end, KvmRecord r) {
    int i = end - 1;
    while (i >= 0 && s.charAt(i) == ' ') {
      i--;
    }
    if (i < 0) {
      hasColumns = false;
      return true;
    }
    if (s.charAt(i) != ':') {
      return false;
    }
    int tsEnd = i;
    i--;
    int tsStart = i;
    while (tsStart >= 0 && isTimeChar(s.charAt(tsStart))) {
      tsStart--;
    }
    tsStart++;
    if (tsStart >= tsEnd) {
      return false;
    }
    long t = parseTime(s, tsStart, tsEnd);
    if (t < 0) {
      return false;
    }
    r.time = t;
    i = tsStart - 1;
    i = skipSpaces(s, i);
    // flags: "d..1." or "...." (ftrace, trace-cmd -l); not "[001]", not a pid
    if (i >= 0 && s.charAt(i) != ']') {
      int fEnd = i;
      int fStart = i;
      while (fStart >= 0 && s.charAt(fStart) != ' ') {
        fStart--;
      }
      if (isFlags(s, fStart + 1, fEnd + 1)) {
        i = skipSpaces(s, fStart);
      }
    }
    if (i >= 0 && s.charAt(i) == ']') {
      int open = s.lastIndexOf('[', i);
      if (open < 0) {
        return false;
      }
      r.cpu = parseIntOr(s, open + 1, i, -1);
      i = skipSpaces(s, open - 1);
    }
    if (i >= 0 && s.charAt(i) == ')') {
      int open = s.lastIndexOf('(', i);
      if (open >= 0) {
        i = skipSpaces(s, open - 1);
      }
    }
    if (i < 0) {
      hasColumns = r.cpu >= 0;
      return true;
    }
    // the task: from the start of the line (or after a trace-cmd "buffer:" prefix) to i
    int start = 0;
    while (start <= i && s.charAt(start) == ' ') {
      start++;
    }
    int bufColon = s.indexOf(": ", start);
    if (bufColon >= 0 && bufColon < i && s.indexOf(' ', start) > bufColon) {
      start = skipForward(s, bufColon + 1, i);
    }
    int taskLen = i + 1 - start;
    if (lastTask.length() == taskLen && s.regionMatches(start, lastTask, 0, taskLen)) {
      // the same thread as the line before (most lines): its name and id are known
      r.comm = lastComm;
      r.pid = lastPid;
      hasColumns = true;
      return true;
    }
    String task = s.substring(start, i + 1);
    readTask(task, r);
    lastTask = task;
    lastComm = r.comm;
    lastPid = r.pid;
    hasColumns = true;
    return true;
  }

  /** "comm-pid" (ftrace, trace-cmd), "comm pid" or "comm pid/tid" (perf), a bare pid, or a name. */
  private static void readTask(String task, KvmRecord r) {
    int dash = task.lastIndexOf('-');
    int sp = task.lastIndexOf(' ');
    if (dash > 0 && dash > sp && allDigits(task, dash + 1, task.length())) {
      r.comm = task.substring(0, dash);
      r.pid = parseIntOr(task, dash + 1, task.length(), -1);
    } else if (sp > 0) {
      String last = task.substring(sp + 1);
      int slash = last.indexOf('/');
      String tid = slash >= 0 ? last.substring(slash + 1) : last;
      if (allDigits(tid, 0, tid.length()) && !tid.isEmpty()) {
        r.pid = parseIntOr(tid, 0, tid.length(), -1);
        r.comm = task.substring(0, sp).trim();
      } else {
        r.comm = task.trim();
      }
    } else if (allDigits(task, 0, task.length())) {
      r.pid = parseIntOr(task, 0, task.length(), -1);
    } else {
      r.comm = task.trim();
    }
  }

  private static boolean isTimeChar(char c) {
    return (c >= '0' && c <= '9') || c == '.';
  }

  private static int skipSpaces(String s, int i) {
    while (i >= 0 && s.charAt(i) == ' ') {
      i--;
    }
    return i;
  }

  private static int skipForward(String s, int i, int limit) {
    while (i < limit && s.charAt(i) == ' ') {
      i++;
    }
    return i;
  }

  private static boolean isFlags(String s, int from, int to) {
    int len = to - from;
    if (len < 3 || len > 6) {
      return false;
    }
    boolean marker = false;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '.' || c == 'd' || c == 'D' || c == 'n' || c == 'N' || c == 'h' || c == 'H'
          || c == 's' || c == 'S' || c == 'b' || c == 'B' || c == 'z' || c == 'Z' || c == 'X'
          || c == 'p' || c == 'P' || c == 'L' || c == 'l') {
        marker = true;
      } else if (c < '0' || c > '9') {
        return false;
      }
    }
    return marker;
  }

  private static boolean allDigits(String s, int from, int to) {
    if (from >= to) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static int parseIntOr(String s, int from, int to, int or) {
    while (from < to && s.charAt(from) == ' ') {
      from++;
    }
    if (!allDigits(s, from, to) || to - from > 9) {
      return or;
    }
    int v = 0;
    for (int i = from; i < to; i++) {
      v = v * 10 + (s.charAt(i) - '0');
    }
    return v;
  }

  /** "123.456789" (seconds) or "123456789" (counter clocks) as nanoseconds; -1 if not a time. */
  static long parseTime(String s, int from, int to) {
    long secs = 0;
    int i = from;
    int digits = 0;
    while (i < to && s.charAt(i) != '.') {
      char c = s.charAt(i++);
      if (c < '0' || c > '9' || ++digits > 12) {
        return -1;
      }
      secs = secs * 10 + (c - '0');
    }
    if (i == to) {
      return digits == 0 ? -1 : secs;
    }
    i++;
    long frac = 0;
    int fd = 0;
    while (i < to) {
      char c = s.charAt(i++);
      if (c < '0' || c > '9') {
        return -1;
      }
      if (fd < 9) {
        frac = frac * 10 + (c - '0');
        fd++;
      }
    }
    if (digits == 0 || fd == 0) {
      return -1;
    }
    while (fd < 9) {
      frac *= 10;
      fd++;
    }
    return secs * 1_000_000_000L + frac;
  }

  // ------------------------------------------------------------------ event text

  /** A line of a read event that does not have its format. No stack trace: it is not a bug. */
  static final class Bad extends Exception {
    final int column;

    Bad(int column, String message) {
      super(message, null, false, false);
      this.column = column;
    }

    Bad(String message) {
      this(0, message);
    }
  }

  /** Scans one event's text, in place in its line, left to right. */
  private static final class Cursor {
    final String s;
    int i;

    Cursor(String s, int start) {
      this.s = s;
      this.i = start;
    }

    Bad bad(int at, String what) {
      String got =
          at >= s.length()
              ? "the end of the line"
              : "'" + s.substring(at, Math.min(s.length(), at + 12)).trim() + "'";
      return new Bad(at + 1, "expected " + what + ", found " + got);
    }

    void word(String w) throws Bad {
      skip();
      if (!s.startsWith(w, i)) {
        throw bad(i, "'" + w + "'");
      }
      i += w.length();
    }

    boolean maybe(String w) {
      skip();
      if (s.startsWith(w, i)) {
        i += w.length();
        return true;
      }
      return false;
    }

    void skip() {
      while (i < s.length() && s.charAt(i) == ' ') {
        i++;
      }
    }

    String token(String stops) {
      skip();
      int st = i;
      while (i < s.length() && stops.indexOf(s.charAt(i)) < 0) {
        i++;
      }
      return s.substring(st, i);
    }

    long hex(String what) throws Bad {
      skip();
      int st0 = i;
      if (s.startsWith("0x", i) || s.startsWith("0X", i)) {
        i += 2;
      }
      int st = i;
      long v = 0;
      while (i < s.length()) {
        char ch = s.charAt(i);
        int d =
            ch >= '0' && ch <= '9'
                ? ch - '0'
                : ch >= 'a' && ch <= 'f'
                    ? ch - 'a' + 10
                    : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
        if (d < 0) {
          break;
        }
        v = (v << 4) | d;
        i++;
      }
      if (i == st || i - st > 16) {
        throw bad(st0, "a hex " + what);
      }
      return v;
    }

    long dec(String what) throws Bad {
      skip();
      int st = i;
      boolean neg = i < s.length() && s.charAt(i) == '-';
      if (neg) {
        i++;
      }
      long v = 0;
      int ds = i;
      while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        v = v * 10 + (s.charAt(i) - '0');
        i++;
      }
      if (i == ds || i - ds > 18) {
        throw bad(st, "a number (" + what + ")");
      }
      return neg ? -v : v;
    }

    /** Where the parts of the last {@link #group} start and end in the line. */
    final int[] partFrom = new int[6];

    final int[] partTo = new int[6];

    /** "(a|b|c)": the parts' places, kept (the first six); returns how many. */
    int group(int count) throws Bad {
      word("(");
      int close = s.indexOf(')', i);
      if (close < 0) {
        throw bad(s.length(), "')'");
      }
      int n = 0;
      int from = i;
      for (int k = i; k <= close; k++) {
        if (k == close || s.charAt(k) == '|') {
          if (n < partFrom.length) {
            partFrom[n] = from;
            partTo[n] = k;
          }
          n++;
          from = k + 1;
        }
      }
      int at = i;
      i = close + 1;
      if (n < count) {
        throw bad(at, count + " flags in (...)");
      }
      return n;
    }

    /** Whether part k of the last group is exactly w. */
    boolean is(int k, String w) {
      return partTo[k] - partFrom[k] == w.length() && s.startsWith(w, partFrom[k]);
    }

    String part(int k) {
      return s.substring(partFrom[k], partTo[k]);
    }

    int mode(int k) throws Bad {
      for (int m = 0; m < MODES.length; m++) {
        if (is(k, MODES[m])) {
          return m;
        }
      }
      throw new Bad("unknown delivery mode '" + part(k) + "'");
    }

    int flag(int k, String one, String zero) throws Bad {
      if (is(k, one)) {
        return 1;
      }
      if (is(k, zero)) {
        return 0;
      }
      throw new Bad("expected '" + one + "' or '" + zero + "', got '" + part(k) + "'");
    }
  }

  private static final String[] MODES = {
    "Fixed", "LowPrio", "SMI", "Res3", "NMI", "INIT", "SIPI", "ExtINT"
  };

  static int mode(String name) throws Bad {
    for (int m = 0; m < MODES.length; m++) {
      if (MODES[m].equals(name)) {
        return m;
      }
    }
    throw new Bad("unknown delivery mode '" + name + "'");
  }

  public static String modeName(int mode) {
    return mode >= 0 && mode < MODES.length ? MODES[mode] : "mode " + mode;
  }

  private static final String[] SHORTHANDS = {"dst", "self", "all", "all-but-self"};

  private static void parseText(KvmEvent ev, String text, int start, KvmRecord r) throws Bad {
    Cursor c = new Cursor(text, start);
    switch (ev) {
      case APIC_IPI -> {
        c.word("dst");
        r.a = (int) c.hex("destination");
        c.word("vec");
        r.b = (int) c.dec("vector");
        c.group(5);
        int mode = c.mode(0);
        int logical = c.flag(1, "logical", "physical");
        int assert_ = c.flag(2, "assert", "de-assert");
        int level = c.flag(3, "level", "edge");
        int sh = -1;
        for (int k = 0; k < SHORTHANDS.length; k++) {
          if (c.is(4, SHORTHANDS[k])) {
            sh = k;
          }
        }
        if (sh < 0) {
          throw new Bad("unknown shorthand '" + c.part(4) + "'");
        }
        checkVector(r.b);
        r.c = mode | logical << 3 | assert_ << 6 | level << 7 | sh << 10;
      }
      case APIC_ACCEPT_IRQ, APICV_ACCEPT_IRQ -> {
        c.word("apicid");
        r.a = (int) c.hex("APIC ID");
        c.word("vec");
        r.b = (int) c.dec("vector");
        c.group(2);
        r.c = c.mode(0);
        r.d = c.flag(1, "level", "edge");
        checkVector(r.b);
      }
      case INJ_VIRQ -> {
        if (c.maybe("irq")) {
          r.b = (int) c.dec("vector");
        } else {
          String kind = c.token(" ");
          if (kind.equals("Soft/INTn")) {
            r.c = 1;
          } else if (!kind.equals("IRQ")) {
            throw c.bad(c.i - kind.length(), "'IRQ' or 'Soft/INTn'");
          }
          r.b = (int) c.hex("vector");
        }
        r.d = c.maybe("[reinjected]") ? 1 : 0;
        checkVector(r.b);
      }
      case EOI, PV_EOI -> {
        c.word("apicid");
        r.a = (int) c.hex("APIC ID");
        c.word("vector");
        r.b = (int) c.dec("vector");
        if (r.b < -1 || r.b > 255) {
          throw new Bad("vector " + r.b + " is not -1..255");
        }
      }
      case APIC -> {
        if (c.maybe("apic_write")) {
          r.c = 1;
        } else {
          c.word("apic_read");
        }
        String reg = c.token(" ");
        r.a = apicRegister(reg);
        c.word("=");
        r.value = c.hex("value");
      }
      case MSR -> {
        if (c.maybe("msr_write")) {
          r.c = 1;
        } else {
          c.word("msr_read");
        }
        r.a = (int) c.hex("MSR index");
        c.word("=");
        r.value = c.hex("value");
        r.d = c.maybe("(#GP)") ? 1 : 0;
      }
      case PIC_SET_IRQ -> {
        c.word("chip");
        r.a = (int) c.dec("chip");
        c.word("pin");
        r.b = (int) c.dec("pin");
        int nf = c.group(1);
        r.d = c.flag(0, "level", "edge");
        r.c = nf > 1 && c.is(1, "masked") ? 1 : 0;
      }
      case IOAPIC_SET_IRQ -> {
        c.word("pin");
        r.d = (int) c.dec("pin");
        c.word("dst");
        r.a = (int) c.hex("destination");
        c.word("vec");
        r.b = (int) c.dec("vector");
        int nf = c.group(3);
        r.c = c.mode(0);
        int logical = c.flag(1, "logical", "physical");
        int level = c.flag(2, "level", "edge");
        int masked = nf > 3 && c.is(3, "masked") ? 1 : 0;
        r.e = logical | level << 1 | masked << 2;
        checkVector(r.b);
      }
      case SET_IRQ -> {
        c.word("gsi");
        r.a = (int) c.dec("gsi");
        if (c.maybe("level")) {
          r.b = (int) c.dec("level");
          c.word("source");
          r.c = (int) c.dec("source");
        }
      }
      case ENTRY -> {
        c.word("vcpu");
        r.a = (int) c.dec("vCPU");
      }
      case EXIT -> {
        r.a = -1;
        if (c.maybe("vcpu")) {
          r.a = (int) c.dec("vCPU");
        }
        c.word("reason");
        c.skip();
        int end = text.indexOf(" rip ", c.i);
        String reason = (end < 0 ? text.substring(c.i) : text.substring(c.i, end)).trim();
        if (reason.isEmpty()) {
          throw c.bad(c.i, "an exit reason");
        }
        r.reason = reason;
      }
    }
  }

  private static void checkVector(int v) throws Bad {
    if (v < 0 || v > 255) {
      throw new Bad("vector " + v + " is not 0..255");
    }
  }

  private static final String[][] REGISTERS = {
    {"ID", "20"},
    {"LVR", "30"},
    {"TASKPRI", "80"},
    {"ARBPRI", "90"},
    {"PROCPRI", "A0"},
    {"EOI", "B0"},
    {"RRR", "C0"},
    {"LDR", "D0"},
    {"DFR", "E0"},
    {"SPIV", "F0"},
    {"ISR", "100"},
    {"TMR", "180"},
    {"IRR", "200"},
    {"ESR", "280"},
    {"ICR", "300"},
    {"ICR2", "310"},
    {"LVTT", "320"},
    {"LVTTHMR", "330"},
    {"LVTPC", "340"},
    {"LVT0", "350"},
    {"LVT1", "360"},
    {"LVTERR", "370"},
    {"TMICT", "380"},
    {"TMCCT", "390"},
    {"TDCR", "3E0"},
    {"SELF_IPI", "3F0"},
    {"EFEAT", "400"},
    {"ECTRL", "410"}
  };

  /** "APIC_ICR" or, for offsets the kernel has no name for, "0x110", as the offset. */
  static int apicRegister(String name) throws Bad {
    if (name.startsWith("APIC_")) {
      String n = name.substring(5);
      for (String[] reg : REGISTERS) {
        if (reg[0].equals(n)) {
          return Integer.parseInt(reg[1], 16);
        }
      }
      throw new Bad("unknown APIC register '" + name + "'");
    }
    if (name.startsWith("0x")) {
      try {
        return Integer.parseInt(name.substring(2), 16);
      } catch (NumberFormatException e) {
        throw new Bad("bad APIC register '" + name + "'");
      }
    }
    throw new Bad("expected an APIC register, got '" + name + "'");
  }

  /** The kernel's name of an xAPIC register offset ("APIC_ICR"), or its hex offset. */
  public static String registerName(int offset) {
    String hex = Integer.toHexString(offset).toUpperCase(java.util.Locale.ROOT);
    for (String[] reg : REGISTERS) {
      if (reg[1].equals(hex)) {
        return "APIC_" + reg[0];
      }
    }
    return "0x" + Integer.toHexString(offset);
  }
}
