package org.apicflow.scenario;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apicflow.apic.ApicMode;
import org.apicflow.apic.ApicRegister;
import org.apicflow.apic.IoApic;
import org.apicflow.apic.PicPair;
import org.apicflow.apic.Quirk;
import org.apicflow.apic.Quirks;
import org.apicflow.machine.MachineConfig;
import org.apicflow.machine.MachineConfig.SourceConfig;
import org.apicflow.machine.Outcome;
import org.apicflow.machine.Program;

/**
 * Loads a scenario file of format apicflow/1. Every key and value is checked; any problem is a
 * {@link ScenarioException} naming file, line, column and key. Every fix variant is compiled here,
 * so loading is all or nothing: a scenario that loads runs.
 */
public final class ScenarioLoader {
  public static final String FORMAT = "apicflow/1";

  /** Marks the simulator sets by itself (DESIGN.md "Trace and cursor"). */
  public static final List<String> BUILT_IN_MARKS =
      List.of("ipi-sent", "irr-set", "isr-set", "eoi", "nmi", "oops", "hang", "kexec");

  private ScenarioLoader() {}

  /**
   * Loads a file; the error names the file by its name as given. Only regular files are read (a
   * device or a FIFO is refused before it is opened), and never more than the size limit: the file
   * is read through a bounded stream, so a file that grows while read is cut off and refused too.
   */
  public static Scenario load(Path path) throws ScenarioException {
    String name = path.toString();
    InputLimits limits = InputLimits.current();
    if (!Files.exists(path)) {
      throw new ScenarioException(name, 1, 1, "", "no such file");
    }
    if (Files.isDirectory(path)) {
      throw new ScenarioException(name, 1, 1, "", "is a directory, not a scenario file");
    }
    if (!Files.isRegularFile(path)) {
      throw new ScenarioException(
          name, 1, 1, "", "is not a regular file (a device, FIFO or socket); only files are read");
    }
    byte[] bytes;
    try (java.io.InputStream in = Files.newInputStream(path)) {
      bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, limits.maxBytes() + 1));
    } catch (NoSuchFileException e) {
      throw new ScenarioException(name, 1, 1, "", "no such file");
    } catch (IOException e) {
      throw new ScenarioException(name, 1, 1, "", "cannot read: " + reason(e));
    }
    if (bytes.length > limits.maxBytes()) {
      throw tooLarge(name, limits);
    }
    return parse(name, decode(name, bytes));
  }

  private static ScenarioException tooLarge(String name, InputLimits limits) {
    return new ScenarioException(
        name,
        1,
        1,
        "",
        "the file is larger than "
            + InputLimits.size(limits.maxBytes())
            + ", the limit for a scenario file; "
            + InputLimits.BYTES_OPTION
            + " raises it");
  }

  /** The reason of an I/O error, without the path the caller names already. */
  static String reason(IOException e) {
    String r = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      r = f.getReason();
    } else if (e instanceof java.nio.file.AccessDeniedException) {
      r = "permission denied";
    }
    return ScenarioException.clip(r);
  }

  static String decode(String name, byte[] bytes) throws ScenarioException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ScenarioException(name, 1, 1, "", "the file is not UTF-8 text");
    }
  }

  /** Parses scenario text; {@code name} is used in error messages. */
  public static Scenario parse(String name, String text) throws ScenarioException {
    InputLimits limits = InputLimits.current();
    if (text.length() > limits.maxBytes()) {
      throw tooLarge(name, limits);
    }
    YamlReader y = new YamlReader(name, limits);
    YNode root = y.parse(text);
    return new ScenarioLoader.Reader(y).scenario(root);
  }

  private static final class Reader {
    final YamlReader y;

    Reader(YamlReader y) {
      this.y = y;
    }

    Scenario scenario(YNode root) throws ScenarioException {
      y.map(
          root,
          List.of(
              "format", "id", "title", "summary", "sources", "machine", "kernels", "fixes",
              "success", "expect"));
      YNode format = y.require(root, "format");
      if (!FORMAT.equals(y.string(format))) {
        throw y.error(format, "unsupported format '" + format.scalar + "'; expected " + FORMAT);
      }
      String id = y.word(y.require(root, "id"));
      String title = y.string(root, "title", id);
      String summary = y.string(root, "summary", "");
      List<String> sources = new ArrayList<>();
      Optional<YNode> src = y.optional(root, "sources");
      if (src.isPresent()) {
        for (YNode s : y.list(src.get())) {
          sources.add(y.string(s));
        }
      }
      MachineConfig machine = machine(y.require(root, "machine"));
      String success = "";
      YNode successNode = root.map.get("success");
      if (successNode != null) {
        success = y.word(successNode);
      }

      YNode kernels = y.mapAny(y.require(root, "kernels"));
      if (!kernels.map.containsKey("first")) {
        throw y.error(kernels, "there must be a kernel named 'first' (it runs from time 0)");
      }
      List<Fix> fixes = new ArrayList<>();
      Map<String, YNode> fixReplace = new LinkedHashMap<>();
      Optional<YNode> fixesNode = y.optional(root, "fixes");
      if (fixesNode.isPresent()) {
        for (var e : y.mapAny(fixesNode.get()).map.entrySet()) {
          YNode keyNode = fixesNode.get().keys.get(e.getKey());
          String fixName = y.word(keyNode);
          if (fixName.equals(Scenario.NONE)) {
            throw y.error(keyNode, "'none' is the run with no fix; name the fix otherwise");
          }
          YNode f = y.map(e.getValue(), List.of("title", "summary", "source", "replace"));
          YNode replace = y.mapAny(y.require(f, "replace"));
          fixes.add(
              new Fix(
                  fixName,
                  y.string(f, "title", fixName),
                  y.string(f, "summary", ""),
                  y.string(f, "source", ""),
                  List.copyOf(replace.map.keySet())));
          fixReplace.put(fixName, replace);
        }
      }

      ProgramCompiler compiler = new ProgramCompiler(y, machine, kernels, success);
      Map<String, Program> programs = new LinkedHashMap<>();
      programs.put(Scenario.NONE, compiler.compile(Scenario.NONE, null));
      for (var e : fixReplace.entrySet()) {
        programs.put(e.getKey(), compiler.compile(e.getKey(), e.getValue()));
      }
      Set<String> marks = new LinkedHashSet<>(BUILT_IN_MARKS);
      for (Program p : programs.values()) {
        marks.addAll(p.marks());
      }
      if (!success.isEmpty() && !marks.contains(success)) {
        throw y.error(successNode, "no mark op in any kernel or fix is named '" + success + "'");
      }
      List<Expectation> expect = new ArrayList<>();
      Optional<YNode> ex = y.optional(root, "expect");
      if (ex.isPresent()) {
        for (YNode e : y.list(ex.get())) {
          expect.add(expectation(e, programs, machine, marks));
        }
      }
      return new Scenario(
          id, title, summary, sources, machine, success, fixes, programs, expect, y.file);
    }

    MachineConfig machine(YNode m) throws ScenarioException {
      y.map(
          m,
          List.of(
              "cpus", "apic-ids", "apic", "quirks", "timing", "apic-init", "horizon", "sources"));
      int cpus = (int) y.number(y.require(m, "cpus"), 1, 255);
      ApicMode mode =
          m.map.containsKey("apic")
              ? y.choice(
                  m.map.get("apic"), Map.of("xapic", ApicMode.XAPIC, "x2apic", ApicMode.X2APIC))
              : ApicMode.XAPIC;
      List<Integer> ids = new ArrayList<>();
      Optional<YNode> idsNode = y.optional(m, "apic-ids");
      if (idsNode.isPresent()) {
        List<YNode> l = y.list(idsNode.get());
        if (l.size() != cpus) {
          throw y.error(idsNode.get(), "lists " + l.size() + " APIC IDs for " + cpus + " CPUs");
        }
        Set<Integer> seen = new LinkedHashSet<>();
        for (YNode n : l) {
          int id = (int) y.number(n, 0, mode == ApicMode.X2APIC ? 0xFFFF_FFFEL : 0xFE);
          if (!seen.add(id)) {
            throw y.error(n, "APIC ID " + id + " is used twice");
          }
          ids.add(id);
        }
      } else if (mode == ApicMode.XAPIC && cpus > 255) {
        throw y.error(m, "xAPIC has at most 255 APIC IDs");
      }
      Quirks quirks = Quirks.defaults();
      Optional<YNode> q = y.optional(m, "quirks");
      if (q.isPresent()) {
        List<String> keys = java.util.Arrays.stream(Quirk.values()).map(Quirk::key).toList();
        y.map(q.get(), keys);
        for (Quirk k : Quirk.values()) {
          YNode v = q.get().map.get(k.key());
          if (v == null) {
            continue;
          }
          String option =
              k == Quirk.ICR_BUSY_UNTIL_ACCEPTED ? Boolean.toString(y.bool(v)) : y.string(v);
          if (k.option(option).isEmpty()) {
            throw y.error(
                v,
                "quirk '" + k.key() + "' has no option '" + option + "' (" + k.optionList() + ")");
          }
          quirks = quirks.with(k, option);
        }
      }
      MachineConfig d = MachineConfig.defaults(cpus);
      long op = d.opNs();
      long mmio = d.mmioNs();
      long latency = d.ipiLatencyNs();
      long tick = d.timerTickNs();
      Optional<YNode> t = y.optional(m, "timing");
      if (t.isPresent()) {
        y.map(t.get(), List.of("op", "mmio", "ipi-latency", "timer-tick"));
        op = positive(t.get(), "op", op);
        mmio = positive(t.get(), "mmio", mmio);
        latency = positive(t.get(), "ipi-latency", latency);
        tick = positive(t.get(), "timer-tick", tick);
      }
      boolean enabled = true;
      if (m.map.containsKey("apic-init")) {
        enabled =
            y.choice(m.map.get("apic-init"), Map.of("enabled", Init.ENABLED, "reset", Init.RESET))
                == Init.ENABLED;
      }
      long horizon = d.horizonNs();
      if (m.map.containsKey("horizon")) {
        horizon = y.duration(m.map.get("horizon"));
        if (horizon <= 0) {
          throw y.error(m.map.get("horizon"), "the horizon must be longer than 0");
        }
      }
      List<SourceConfig> sources = new ArrayList<>();
      Optional<YNode> s = y.optional(m, "sources");
      if (s.isPresent()) {
        Set<String> names = new LinkedHashSet<>();
        for (YNode n : y.list(s.get())) {
          y.map(
              n,
              List.of(
                  "name",
                  "vector",
                  "mode",
                  "cpu",
                  "period",
                  "start",
                  "enabled",
                  "ioapic-pin",
                  "pic-irq",
                  "trigger"));
          YNode nameNode = y.require(n, "name");
          String name = y.identifier(nameNode);
          if (!names.add(name)) {
            throw y.error(nameNode, "source '" + name + "' is defined twice");
          }
          if (n.map.containsKey("ioapic-pin") || n.map.containsKey("pic-irq")) {
            sources.add(wiredSource(n, name));
            continue;
          }
          if (n.map.containsKey("trigger")) {
            throw y.error(
                n.map.get("trigger"),
                "trigger belongs to a source wired to an IO-APIC pin or 8259 IRQ (ioapic-pin or"
                    + " pic-irq); a source straight to a local APIC is edge-triggered");
          }
          boolean nmi = false;
          if (n.map.containsKey("mode")) {
            nmi =
                y.choice(n.map.get("mode"), Map.of("fixed", Init.ENABLED, "nmi", Init.RESET))
                    == Init.RESET;
          }
          int vector = 0;
          if (!nmi) {
            vector = y.vector(y.require(n, "vector"));
            if (vector < 16) {
              throw y.error(
                  n.map.get("vector"), "vectors 0x00-0x0F are illegal for fixed delivery");
            }
          } else if (n.map.containsKey("vector")) {
            throw y.error(n.map.get("vector"), "an NMI source has no vector");
          }
          int cpu = n.map.containsKey("cpu") ? (int) y.number(n.map.get("cpu"), 0, cpus - 1) : 0;
          long period = n.map.containsKey("period") ? y.duration(n.map.get("period")) : 0;
          long start = n.map.containsKey("start") ? y.duration(n.map.get("start")) : 0;
          boolean on = !n.map.containsKey("enabled") || y.bool(n.map.get("enabled"));
          sources.add(new SourceConfig(name, nmi, vector, cpu, period, start, on));
        }
      }
      return new MachineConfig(
          cpus, ids, mode, quirks, op, mmio, latency, tick, enabled, horizon, sources);
    }

    /** A source wired to an IO-APIC pin or an 8259 IRQ line (format section 8). */
    private SourceConfig wiredSource(YNode n, String name) throws ScenarioException {
      for (String k : List.of("vector", "mode", "cpu")) {
        if (n.map.containsKey(k)) {
          throw y.error(
              n.map.get(k),
              k
                  + " belongs to a source wired to a local APIC; the IO-APIC entry or the 8259"
                  + " decides it for a wired source");
        }
      }
      int pin = -1;
      int irq = -1;
      if (n.map.containsKey("ioapic-pin")) {
        YNode p = n.map.get("ioapic-pin");
        pin = (int) y.number(p, 0, IoApic.PINS - 1);
        if (pin == 0) {
          throw y.error(p, "IO-APIC pin 0 carries the 8259's INTR output (virtual wire mode)");
        }
      }
      if (n.map.containsKey("pic-irq")) {
        YNode p = n.map.get("pic-irq");
        irq = (int) y.number(p, 0, 15);
        if (irq == PicPair.CASCADE) {
          throw y.error(p, "8259 IRQ 2 is the cascade from the slave, not a device line");
        }
      }
      boolean level = false;
      if (n.map.containsKey("trigger")) {
        level =
            y.choice(n.map.get("trigger"), Map.of("edge", Init.ENABLED, "level", Init.RESET))
                == Init.RESET;
      }
      long period = n.map.containsKey("period") ? y.duration(n.map.get("period")) : 0;
      long start = n.map.containsKey("start") ? y.duration(n.map.get("start")) : 0;
      boolean on = !n.map.containsKey("enabled") || y.bool(n.map.get("enabled"));
      return new SourceConfig(name, false, 0, 0, period, start, on, pin, irq, level);
    }

    private enum Init {
      ENABLED,
      RESET
    }

    private long positive(YNode map, String key, long dflt) throws ScenarioException {
      YNode n = map.map.get(key);
      if (n == null) {
        return dflt;
      }
      long v = y.duration(n);
      if (v <= 0) {
        throw y.error(n, "must be longer than 0ns");
      }
      return v;
    }

    Expectation expectation(
        YNode e, Map<String, Program> programs, MachineConfig machine, Set<String> marks)
        throws ScenarioException {
      y.map(
          e,
          List.of(
              "fix", "outcome", "cpu", "reg", "vector", "set", "equals", "at", "count", "var",
              "records"));
      String fix = Scenario.NONE;
      if (e.map.containsKey("fix")) {
        YNode f = e.map.get("fix");
        fix = y.string(f);
        if (!programs.containsKey(fix)) {
          throw y.error(
              f,
              "no fix named '"
                  + fix
                  + "' (this scenario has: "
                  + String.join(", ", programs.keySet())
                  + ")"
                  + YamlReader.suggest(fix, programs.keySet()));
        }
      }
      Optional<String> at = Optional.empty();
      if (e.map.containsKey("at")) {
        YNode a = e.map.get("at");
        String mark = y.word(a);
        if (!marks.contains(mark)) {
          throw y.error(a, "no mark named '" + mark + "'" + YamlReader.suggest(mark, marks));
        }
        at = Optional.of(mark);
      }
      int cpu =
          e.map.containsKey("cpu") ? (int) y.number(e.map.get("cpu"), 0, machine.cpus() - 1) : 0;
      String text = describe(e);
      Expectation.Kind kind;
      Optional<Outcome.Kind> outcome = Optional.empty();
      String reg = "";
      int regOffset = -1;
      int vector = -1;
      boolean set = false;
      long equals = 0;
      String var = "";
      List<Long> records = new ArrayList<>();
      if (e.map.containsKey("outcome")) {
        kind = Expectation.Kind.OUTCOME;
        outcome =
            Optional.of(
                y.choice(
                    e.map.get("outcome"),
                    Map.of(
                        "ok",
                        Outcome.Kind.OK,
                        "oops",
                        Outcome.Kind.OOPS,
                        "hang",
                        Outcome.Kind.HANG)));
      } else if (e.map.containsKey("reg")) {
        YNode r = e.map.get("reg");
        reg = y.string(r).toUpperCase(java.util.Locale.ROOT);
        if (reg.equals("IRR") || reg.equals("ISR") || reg.equals("TMR")) {
          kind = Expectation.Kind.REG_BIT;
          vector = y.vector(y.require(e, "vector"));
          set = y.bool(y.require(e, "set"));
          regOffset =
              reg.equals("IRR")
                  ? ApicRegister.IRR0
                  : reg.equals("ISR") ? ApicRegister.ISR0 : ApicRegister.TMR0;
        } else {
          kind = Expectation.Kind.REG_VALUE;
          Optional<Integer> off = ApicRegister.byName(reg);
          if (off.isEmpty()) {
            throw y.error(r, "unknown register '" + y.string(r) + "'");
          }
          regOffset = off.get();
          equals = y.number(y.require(e, "equals"), 0, 0xFFFF_FFFFL);
        }
      } else if (e.map.containsKey("count")) {
        kind = Expectation.Kind.COUNT;
        YNode c = e.map.get("count");
        vector = "nmi".equals(c.scalar) ? 256 : y.vector(c);
        equals = y.number(y.require(e, "equals"), 0, Long.MAX_VALUE);
      } else if (e.map.containsKey("var")) {
        kind = Expectation.Kind.VAR;
        String name = y.identifier(e.map.get("var"));
        var = name;
        equals = y.number(y.require(e, "equals"), Long.MIN_VALUE, Long.MAX_VALUE);
        Program p = programs.get(fix);
        boolean declared = p.kernels().stream().anyMatch(k -> k.varNames().contains(name));
        if (!declared) {
          throw y.error(e.map.get("var"), "no kernel has a variable named '" + var + "'");
        }
      } else if (e.map.containsKey("records")) {
        kind = Expectation.Kind.RECORDS;
        for (YNode n : y.list(e.map.get("records"))) {
          records.add(y.number(n, Long.MIN_VALUE, Long.MAX_VALUE));
        }
      } else {
        throw y.error(e, "an expectation needs one of outcome, reg, count, var or records");
      }
      return new Expectation(
          fix, kind, at, outcome, cpu, reg, regOffset, vector, set, equals, var, records, text,
          e.line, e.column);
    }

    private static String describe(YNode e) {
      StringBuilder sb = new StringBuilder("{");
      for (var x : e.map.entrySet()) {
        if (sb.length() > 1) {
          sb.append(", ");
        }
        sb.append(x.getKey()).append(": ");
        YNode v = x.getValue();
        if (v.type == YNode.Type.LIST) {
          sb.append('[');
          for (int i = 0; i < v.list.size(); i++) {
            sb.append(i > 0 ? ", " : "").append(v.list.get(i).scalar);
          }
          sb.append(']');
        } else {
          sb.append(v.scalar);
        }
      }
      return sb.append('}').toString();
    }
  }
}
