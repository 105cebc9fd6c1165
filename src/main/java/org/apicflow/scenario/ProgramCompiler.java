package org.apicflow.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apicflow.apic.ApicMode;
import org.apicflow.apic.ApicRegister;
import org.apicflow.apic.DeliveryMode;
import org.apicflow.apic.IoApic;
import org.apicflow.apic.PicPair;
import org.apicflow.apic.Shorthand;
import org.apicflow.machine.Kernel;
import org.apicflow.machine.KernelFunction;
import org.apicflow.machine.MachineConfig;
import org.apicflow.machine.Op;
import org.apicflow.machine.Op.OpInfo;
import org.apicflow.machine.Op.Value;
import org.apicflow.machine.Program;

/**
 * Compiles the kernels of a scenario, with one fix applied, into a {@link Program}: names become
 * indices, {@code if} becomes a conditional jump, and every reference is checked.
 */
final class ProgramCompiler {
  static final String DEFAULT_IRQ = "default_irq_handler";
  static final String DEFAULT_NMI = "default_nmi_handler";

  /** The value that stands for the running CPU's number (smp_processor_id()). */
  static final String CPU_VALUE = "$cpu";

  /** Limits of the trace's packed event location (8, 12 and 12 bits). */
  static final int MAX_KERNELS = 255;

  static final int MAX_FUNCTIONS = 4000;
  static final int MAX_OPS = 4000;

  static final Map<String, List<String>> OP_KEYS = new LinkedHashMap<>();

  static {
    for (String bare :
        List.of("nop", "cli", "sti", "eoi", "iret", "return", "hlt", "halt-forever")) {
      OP_KEYS.put(bare, List.of());
    }
    OP_KEYS.put("apic-write", List.of("reg", "value"));
    OP_KEYS.put("apic-read", List.of("reg", "into"));
    OP_KEYS.put(
        "send-ipi",
        List.of("vector", "mode", "dest", "dest-mode", "shorthand", "level", "trigger"));
    OP_KEYS.put("poll", List.of("reg", "mask", "until", "max-polls", "delay", "into"));
    OP_KEYS.put("wait-var", List.of("var", "until", "max-polls", "delay", "into"));
    OP_KEYS.put("delay", List.of("time"));
    OP_KEYS.put("set", List.of("var", "value"));
    OP_KEYS.put("add", List.of("var", "value"));
    OP_KEYS.put(
        "if", List.of("var", "is", "is-not", "reg", "vector", "set", "cpu", "then", "else"));
    OP_KEYS.put("set-handler", List.of("vector", "fn"));
    OP_KEYS.put("call", List.of("fn"));
    OP_KEYS.put("deref", List.of("var"));
    OP_KEYS.put("oops", List.of("message"));
    OP_KEYS.put("source", List.of("name", "enabled"));
    OP_KEYS.put("mark", List.of("name", "label"));
    OP_KEYS.put("phase", List.of("name"));
    OP_KEYS.put("record", List.of("value"));
    OP_KEYS.put("kexec", List.of("to"));
    OP_KEYS.put("outb", List.of("port", "value"));
    OP_KEYS.put("inb", List.of("port", "into"));
    OP_KEYS.put("ioapic-write", List.of("index", "value"));
    OP_KEYS.put("ioapic-read", List.of("index", "into"));
    OP_KEYS.put("irq-line", List.of("source", "level"));
  }

  private final YamlReader y;
  private final MachineConfig machine;
  private final YNode kernelsNode;
  private final List<String> kernelNames = new ArrayList<>();
  private final String success;

  /** Whether the kernel being compiled names an ap-entry (a start-up IPI needs one). */
  private boolean hasApEntry;

  ProgramCompiler(YamlReader y, MachineConfig machine, YNode kernels, String success) {
    this.y = y;
    this.success = success;
    this.machine = machine;
    this.kernelsNode = kernels;
    kernelNames.add("first");
    for (String k : kernels.map.keySet()) {
      if (!k.equals("first")) {
        kernelNames.add(k);
      }
    }
  }

  /** A function's definition before compiling: its node and the fix that put it there. */
  private record FnDef(YNode node, String patchedBy) {}

  Program compile(String fix, YNode replace) throws ScenarioException {
    // Collect function definitions per kernel, then apply the fix's replacements.
    List<Map<String, FnDef>> defs = new ArrayList<>();
    for (String k : kernelNames) {
      YNode kn =
          y.map(
              kernelsNode.map.get(k),
              List.of("vars", "handlers", "start", "ap-entry", "functions"));
      y.identifier(kernelsNode.keys.get(k));
      Map<String, FnDef> fns = new LinkedHashMap<>();
      YNode functions = y.mapAny(y.require(kn, "functions"));
      for (var e : functions.map.entrySet()) {
        y.identifier(functions.keys.get(e.getKey()));
        fns.put(e.getKey(), new FnDef(e.getValue(), ""));
      }
      defs.add(fns);
    }
    if (replace != null) {
      for (var e : replace.map.entrySet()) {
        YNode key = replace.keys.get(e.getKey());
        String[] parts = e.getKey().split("\\.", 2);
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
          throw y.error(key, "a replaced function is named kernel.function, e.g. first.panic");
        }
        int k = kernelNames.indexOf(parts[0]);
        if (k < 0) {
          throw y.error(
              key,
              "no kernel named '" + parts[0] + "'" + YamlReader.suggest(parts[0], kernelNames));
        }
        defs.get(k).put(parts[1], new FnDef(e.getValue(), fix));
      }
    }
    if (kernelNames.size() > MAX_KERNELS) {
      throw y.error(kernelsNode, "at most " + MAX_KERNELS + " kernels are supported");
    }
    List<Kernel> kernels = new ArrayList<>();
    Set<String> marks = new LinkedHashSet<>();
    for (int k = 0; k < kernelNames.size(); k++) {
      kernels.add(kernel(k, defs.get(k), marks));
    }
    return new Program(machine, kernels, fix, success, List.copyOf(marks));
  }

  private Kernel kernel(int index, Map<String, FnDef> fns, Set<String> marks)
      throws ScenarioException {
    String name = kernelNames.get(index);
    YNode kn = kernelsNode.map.get(name);
    // Variables: declared ones, then every 'into' target of this variant's functions.
    LinkedHashMap<String, Long> vars = new LinkedHashMap<>();
    Optional<YNode> varsNode = y.optional(kn, "vars");
    if (varsNode.isPresent()) {
      for (var e : y.mapAny(varsNode.get()).map.entrySet()) {
        y.identifier(varsNode.get().keys.get(e.getKey()));
        vars.put(e.getKey(), y.number(e.getValue(), Long.MIN_VALUE, Long.MAX_VALUE));
      }
    }
    for (FnDef d : fns.values()) {
      collectInto(d.node, vars);
    }
    if (fns.size() > MAX_FUNCTIONS) {
      throw y.error(kn, "a kernel may have at most " + MAX_FUNCTIONS + " functions");
    }
    List<String> fnNames = new ArrayList<>(fns.keySet());
    fnNames.add(DEFAULT_IRQ);
    fnNames.add(DEFAULT_NMI);
    Scope scope = new Scope(name, new ArrayList<>(vars.keySet()), fnNames);
    hasApEntry = kn.map.containsKey("ap-entry");

    List<KernelFunction> functions = new ArrayList<>();
    for (var e : fns.entrySet()) {
      YNode fn = y.map(e.getValue().node, List.of("src", "ops"));
      String src = y.string(fn, "src", "");
      List<Op> ops = new ArrayList<>();
      YNode opsNode = y.require(fn, "ops");
      compileOps(y.list(opsNode), 0, ops, scope, marks);
      if (ops.size() > MAX_OPS) {
        throw y.error(
            opsNode, "a function may have at most " + MAX_OPS + " ops (counting branches)");
      }
      functions.add(new KernelFunction(e.getKey(), src, ops, e.getValue().patchedBy));
    }
    functions.add(
        new KernelFunction(
            DEFAULT_IRQ,
            "(built in) default handler for a vector with none",
            List.of(
                new Op.Mark(
                    new OpInfo(
                        "ack_bad_irq(vector);", "No handler is installed for this vector.", 0, 0),
                    "unexpected-irq",
                    "unexpected IRQ trap at vector {vector}"),
                new Op.Eoi(new OpInfo("ack_APIC_irq();", "", 0, 0)),
                new Op.Iret(new OpInfo("iret", "", 0, 0))),
            ""));
    functions.add(
        new KernelFunction(
            DEFAULT_NMI,
            "(built in) default NMI handler",
            List.of(
                new Op.Mark(
                    new OpInfo("unknown_nmi_error();", "No NMI handler is installed.", 0, 0),
                    "unexpected-irq",
                    "unexpected NMI"),
                new Op.Iret(new OpInfo("iret", "NMIs are never EOI'd.", 0, 0))),
            ""));
    marks.add("unexpected-irq");

    Map<Integer, Integer> handlers = new LinkedHashMap<>();
    Optional<YNode> h = y.optional(kn, "handlers");
    if (h.isPresent()) {
      for (var e : y.mapAny(h.get()).map.entrySet()) {
        YNode key = h.get().keys.get(e.getKey());
        int vector = "nmi".equals(e.getKey()) ? Kernel.NMI_SLOT : y.vector(key);
        handlers.put(vector, scope.fn(e.getValue()));
      }
    }
    Map<Integer, Integer> start = new LinkedHashMap<>();
    Optional<YNode> st = y.optional(kn, "start");
    if (st.isPresent()) {
      for (var e : y.mapAny(st.get()).map.entrySet()) {
        YNode key = st.get().keys.get(e.getKey());
        String c = e.getKey().startsWith("cpu") ? e.getKey().substring(3) : e.getKey();
        int cpu;
        try {
          cpu = Integer.parseInt(c);
        } catch (NumberFormatException ex) {
          throw y.error(key, "start keys name CPUs: cpu0, cpu1, ...");
        }
        if (cpu < 0 || cpu >= machine.cpus()) {
          throw y.error(
              key, "CPU " + cpu + " does not exist (the machine has " + machine.cpus() + ")");
        }
        start.put(cpu, scope.fn(e.getValue()));
      }
    }
    if (index == 0 && start.isEmpty()) {
      throw y.error(kn, "kernel 'first' must start at least one CPU (start: { cpu0: ... })");
    }
    int apEntry = -1;
    if (kn.map.containsKey("ap-entry")) {
      apEntry = scope.fn(kn.map.get("ap-entry"));
    }
    long[] init = new long[scope.vars.size()];
    for (int i = 0; i < init.length; i++) {
      init[i] = vars.getOrDefault(scope.vars.get(i), 0L);
    }
    return new Kernel(
        name,
        scope.vars,
        init,
        handlers,
        start,
        apEntry,
        functions,
        fnNames.indexOf(DEFAULT_IRQ),
        fnNames.indexOf(DEFAULT_NMI));
  }

  private void collectInto(YNode fn, Map<String, Long> vars) throws ScenarioException {
    if (fn.type != YNode.Type.MAP || !fn.map.containsKey("ops")) {
      return;
    }
    collectIntoOps(fn.map.get("ops"), vars);
  }

  private void collectIntoOps(YNode ops, Map<String, Long> vars) throws ScenarioException {
    if (ops.type != YNode.Type.LIST) {
      return;
    }
    for (YNode op : ops.list) {
      if (op.type != YNode.Type.MAP) {
        continue;
      }
      YNode into = op.map.get("into");
      if (into != null) {
        vars.putIfAbsent(y.identifier(into), 0L);
      }
      for (String branch : List.of("then", "else")) {
        if (op.map.containsKey(branch)) {
          collectIntoOps(op.map.get(branch), vars);
        }
      }
    }
  }

  /** Names visible to the functions of one kernel. */
  private final class Scope {
    final String kernel;
    final List<String> vars;
    final List<String> fns;

    Scope(String kernel, List<String> vars, List<String> fns) {
      this.kernel = kernel;
      this.vars = vars;
      this.fns = fns;
    }

    int var(YNode n) throws ScenarioException {
      String v = y.identifier(n);
      int i = vars.indexOf(v);
      if (i < 0) {
        throw y.error(
            n,
            "variable '"
                + v
                + "' is not declared in vars of kernel '"
                + kernel
                + "'"
                + YamlReader.suggest(v, vars));
      }
      return i;
    }

    int fn(YNode n) throws ScenarioException {
      String f = y.identifier(n);
      int i = fns.indexOf(f);
      if (i < 0) {
        throw y.error(
            n, "kernel '" + kernel + "' has no function '" + f + "'" + YamlReader.suggest(f, fns));
      }
      return i;
    }

    Value value(YNode n) throws ScenarioException {
      Optional<Long> num = y.tryNumber(n);
      if (num.isPresent()) {
        return Value.of(num.get());
      }
      if (n.type != YNode.Type.SCALAR) {
        throw y.error(n, "expected a number, a variable name or $cpu, found " + n.describe());
      }
      if (n.scalar.equals(CPU_VALUE)) {
        return Value.ofCpu();
      }
      return Value.ofVar(var(n));
    }
  }

  private void compileOps(
      List<YNode> nodes, int depth, List<Op> out, Scope scope, Set<String> marks)
      throws ScenarioException {
    for (YNode n : nodes) {
      compileOp(n, depth, out, scope, marks);
    }
  }

  private void compileOp(YNode n, int depth, List<Op> out, Scope s, Set<String> marks)
      throws ScenarioException {
    y.mapAny(n);
    YNode opNode = y.require(n, "op");
    String name = y.string(opNode);
    List<String> keys = OP_KEYS.get(name);
    if (keys == null) {
      throw y.error(
          opNode, "unknown op '" + name + "'" + YamlReader.suggest(name, OP_KEYS.keySet()));
    }
    List<String> allowed = new ArrayList<>(keys);
    allowed.add("op");
    allowed.add("code");
    allowed.add("note");
    y.map(n, allowed);
    OpInfo info = new OpInfo(y.string(n, "code", ""), y.string(n, "note", ""), n.line, depth);
    switch (name) {
      case "nop" -> out.add(new Op.Nop(info));
      case "cli" -> out.add(new Op.Cli(info));
      case "sti" -> out.add(new Op.Sti(info));
      case "eoi" -> out.add(new Op.Eoi(info));
      case "iret" -> out.add(new Op.Iret(info));
      case "return" -> out.add(new Op.Return(info));
      case "hlt" -> out.add(new Op.Hlt(info));
      case "halt-forever" -> out.add(new Op.HaltForever(info));
      case "apic-write" -> {
        YNode r = y.require(n, "reg");
        int reg = register(r);
        if (!ApicRegister.isWritable(reg)) {
          throw y.error(r, "register " + ApicRegister.name(reg) + " is read-only");
        }
        YNode valueNode = y.require(n, "value");
        Optional<Long> constant = y.tryNumber(valueNode);
        if (reg == ApicRegister.ICR && constant.isPresent() && !valueNode.isNull()) {
          // A raw ICR write with a constant is checked like a send-ipi op.
          checkIcrWrite(valueNode, constant.get().intValue());
        }
        out.add(new Op.ApicWrite(info, reg, s.value(valueNode)));
      }
      case "apic-read" -> {
        int reg = register(y.require(n, "reg"));
        out.add(new Op.ApicRead(info, reg, s.var(y.require(n, "into"))));
      }
      case "send-ipi" -> out.add(sendIpi(n, info, s));
      case "poll" -> {
        int reg = register(y.require(n, "reg"));
        int mask = (int) y.number(y.require(n, "mask"), 0, 0xFFFF_FFFFL);
        int until = (int) y.number(y.require(n, "until"), 0, 0xFFFF_FFFFL);
        SpinLimits l = spinLimits(n, s);
        out.add(new Op.Poll(info, reg, mask, until, l.max, l.delay, l.into));
      }
      case "wait-var" -> {
        int var = s.var(y.require(n, "var"));
        YNode u = y.require(n, "until");
        Value until;
        boolean atLeast = false;
        if (u.type == YNode.Type.MAP) {
          y.map(u, List.of("at-least"));
          until = s.value(y.require(u, "at-least"));
          atLeast = true;
        } else {
          until = s.value(u);
        }
        SpinLimits l = spinLimits(n, s);
        out.add(new Op.WaitVar(info, var, until, atLeast, l.max, l.delay, l.into));
      }
      case "delay" -> out.add(new Op.Delay(info, y.duration(y.require(n, "time"))));
      case "set" ->
          out.add(new Op.Set(info, s.var(y.require(n, "var")), s.value(y.require(n, "value"))));
      case "add" ->
          out.add(new Op.Add(info, s.var(y.require(n, "var")), s.value(y.require(n, "value"))));
      case "if" -> compileIf(n, info, depth, out, s, marks);
      case "set-handler" -> {
        YNode v = y.require(n, "vector");
        int vector;
        if ("nmi".equals(v.scalar)) {
          vector = Op.SetHandler.NMI;
        } else if ("all".equals(v.scalar)) {
          vector = Op.SetHandler.ALL;
        } else {
          vector = y.vector(v);
        }
        out.add(new Op.SetHandler(info, vector, s.fn(y.require(n, "fn"))));
      }
      case "call" -> out.add(new Op.Call(info, s.fn(y.require(n, "fn"))));
      case "deref" -> out.add(new Op.Deref(info, s.var(y.require(n, "var"))));
      case "oops" -> out.add(new Op.Oops(info, y.string(y.require(n, "message"))));
      case "source" -> {
        YNode sn = y.require(n, "name");
        String src = y.string(sn);
        int index = -1;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < machine.sources().size(); i++) {
          names.add(machine.sources().get(i).name());
          if (machine.sources().get(i).name().equals(src)) {
            index = i;
          }
        }
        if (index < 0) {
          throw y.error(
              sn,
              "no source named '" + src + "' in machine.sources" + YamlReader.suggest(src, names));
        }
        boolean on = !n.map.containsKey("enabled") || y.bool(n.map.get("enabled"));
        out.add(new Op.Source(info, index, on));
      }
      case "mark" -> {
        String mark = y.word(y.require(n, "name"));
        marks.add(mark);
        out.add(new Op.Mark(info, mark, y.string(n, "label", mark)));
      }
      case "phase" -> out.add(new Op.Phase(info, y.string(y.require(n, "name"))));
      case "record" -> out.add(new Op.Record(info, s.value(y.require(n, "value"))));
      case "kexec" -> {
        YNode to = y.require(n, "to");
        String k = y.string(to);
        int index = kernelNames.indexOf(k);
        if (index < 0) {
          throw y.error(to, "no kernel named '" + k + "'" + YamlReader.suggest(k, kernelNames));
        }
        out.add(new Op.Kexec(info, index));
      }
      case "outb" ->
          out.add(new Op.Outb(info, port(y.require(n, "port")), s.value(y.require(n, "value"))));
      case "inb" -> {
        int port = port(y.require(n, "port"));
        out.add(new Op.Inb(info, port, n.map.containsKey("into") ? s.var(n.map.get("into")) : -1));
      }
      case "ioapic-write" -> {
        YNode ix = y.require(n, "index");
        int index = ioapicIndex(ix);
        if (index == IoApic.REG_VERSION || index == IoApic.REG_ARBITRATION) {
          throw y.error(
              ix,
              String.format("IO-APIC register 0x%02X is read-only (ID 0x00 is writable)", index));
        }
        out.add(new Op.IoApicWrite(info, index, s.value(y.require(n, "value"))));
      }
      case "ioapic-read" -> {
        int index = ioapicIndex(y.require(n, "index"));
        out.add(
            new Op.IoApicRead(
                info, index, n.map.containsKey("into") ? s.var(n.map.get("into")) : -1));
      }
      case "irq-line" -> {
        YNode sn = y.require(n, "source");
        String src = y.string(sn);
        int index = -1;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < machine.sources().size(); i++) {
          MachineConfig.SourceConfig c = machine.sources().get(i);
          if (c.wired()) {
            names.add(c.name());
            if (c.name().equals(src)) {
              index = i;
            }
          }
        }
        if (index < 0) {
          throw y.error(
              sn,
              "no source named '"
                  + src
                  + "' wired to an IO-APIC pin or 8259 IRQ in machine.sources"
                  + YamlReader.suggest(src, names));
        }
        boolean high = y.number(y.require(n, "level"), 0, 1) == 1;
        out.add(new Op.IrqLine(info, index, high));
      }
      default -> throw new IllegalStateException("op table and compiler disagree on " + name);
    }
  }

  /** The fields poll and wait-var share: max-polls (0 = never gives up), delay, into (-1). */
  private record SpinLimits(long max, long delay, int into) {}

  private SpinLimits spinLimits(YNode n, Scope s) throws ScenarioException {
    long max =
        n.map.containsKey("max-polls") ? y.number(n.map.get("max-polls"), 1, Long.MAX_VALUE) : 0;
    long delay = n.map.containsKey("delay") ? y.duration(n.map.get("delay")) : 0;
    int into = n.map.containsKey("into") ? s.var(n.map.get("into")) : -1;
    return new SpinLimits(max, delay, into);
  }

  private void compileIf(YNode n, OpInfo info, int depth, List<Op> out, Scope s, Set<String> marks)
      throws ScenarioException {
    int forms =
        (n.map.containsKey("var") ? 1 : 0)
            + (n.map.containsKey("reg") ? 1 : 0)
            + (n.map.containsKey("cpu") ? 1 : 0);
    if (forms != 1) {
      throw y.error(
          n,
          "an if tests exactly one of var (with is or is-not), reg (with vector and set) or cpu");
    }
    Op.Cond cond;
    if (n.map.containsKey("var")) {
      int var = s.var(n.map.get("var"));
      boolean is = n.map.containsKey("is");
      boolean isNot = n.map.containsKey("is-not");
      if (is == isNot) {
        throw y.error(n.map.get("var"), "an if on a var needs exactly one of is or is-not");
      }
      long v = y.number(n.map.get(is ? "is" : "is-not"), Long.MIN_VALUE, Long.MAX_VALUE);
      cond = new Op.Cond.VarIs(var, v, isNot);
    } else if (n.map.containsKey("reg")) {
      YNode r = n.map.get("reg");
      String reg = y.string(r).toUpperCase(java.util.Locale.ROOT);
      int base =
          switch (reg) {
            case "IRR" -> ApicRegister.IRR0;
            case "ISR" -> ApicRegister.ISR0;
            case "TMR" -> ApicRegister.TMR0;
            default -> throw y.error(r, "an if on a register tests IRR, ISR or TMR");
          };
      cond =
          new Op.Cond.RegBit(base, y.vector(y.require(n, "vector")), y.bool(y.require(n, "set")));
    } else {
      cond = new Op.Cond.CpuIs((int) y.number(n.map.get("cpu"), 0, machine.cpus() - 1));
    }
    int at = out.size();
    out.add(null);
    compileOps(y.list(y.require(n, "then")), depth + 1, out, s, marks);
    if (n.map.containsKey("else")) {
      int jump = out.size();
      out.add(null);
      int elseStart = out.size();
      compileOps(y.list(n.map.get("else")), depth + 1, out, s, marks);
      out.set(jump, new Op.Jump(new OpInfo("} else {", "", 0, depth), out.size()));
      out.set(at, new Op.IfNot(info, cond, elseStart));
    } else {
      out.set(at, new Op.IfNot(info, cond, out.size()));
    }
  }

  private Op sendIpi(YNode n, OpInfo info, Scope s) throws ScenarioException {
    DeliveryMode mode = DeliveryMode.FIXED;
    if (n.map.containsKey("mode")) {
      Map<String, DeliveryMode> modes = new LinkedHashMap<>();
      for (DeliveryMode m : DeliveryMode.values()) {
        modes.put(m.yamlName, m);
      }
      mode = y.choice(n.map.get("mode"), modes);
    }
    int vector = 0;
    if (n.map.containsKey("vector")) {
      vector = y.vector(n.map.get("vector"));
    } else if (mode == DeliveryMode.FIXED
        || mode == DeliveryMode.LOWEST
        || mode == DeliveryMode.STARTUP) {
      throw y.error(n, "missing required key 'vector' (a " + mode.yamlName + " IPI carries one)");
    }
    Value dest = Value.of(0);
    if (n.map.containsKey("dest")) {
      YNode d = n.map.get("dest");
      Optional<Long> num = y.tryNumber(d);
      if (num.isPresent()) {
        long max = machine.apic() == ApicMode.X2APIC ? 0xFFFF_FFFFL : 0xFF;
        dest = Value.of(y.number(d, 0, max));
      } else {
        dest = s.value(d);
      }
    }
    boolean logical = false;
    if (n.map.containsKey("dest-mode")) {
      logical =
          y.choice(
                  n.map.get("dest-mode"),
                  Map.of("physical", Shorthand.NONE, "logical", Shorthand.SELF))
              == Shorthand.SELF;
    }
    Shorthand shorthand = Shorthand.NONE;
    if (n.map.containsKey("shorthand")) {
      Map<String, Shorthand> sh = new LinkedHashMap<>();
      for (Shorthand x : Shorthand.values()) {
        sh.put(x.yamlName, x);
      }
      shorthand = y.choice(n.map.get("shorthand"), sh);
    }
    boolean level = !n.map.containsKey("level") || y.number(n.map.get("level"), 0, 1) == 1;
    boolean trigger = false;
    if (n.map.containsKey("trigger")) {
      trigger =
          y.choice(n.map.get("trigger"), Map.of("edge", Shorthand.NONE, "level", Shorthand.SELF))
              == Shorthand.SELF;
    }
    String invalid = invalidCombination(mode, shorthand);
    if (invalid != null) {
      throw y.error(n, invalid);
    }
    if (mode == DeliveryMode.STARTUP && !hasApEntry) {
      throw y.error(
          n,
          "a start-up IPI starts the target at the ap-entry of the sending kernel, and this kernel"
              + " names none (add ap-entry: FUNCTION)");
    }
    return new Op.SendIpi(info, vector, mode, dest, logical, shorthand, level, trigger);
  }

  private void checkIcrWrite(YNode at, int low) throws ScenarioException {
    org.apicflow.apic.IcrCommand c = org.apicflow.apic.IcrCommand.decode(low, 0, machine.apic());
    DeliveryMode mode = c.mode().orElse(null);
    if (mode == null) {
      return;
    }
    String invalid = invalidCombination(mode, c.shorthand());
    if (invalid != null) {
      throw y.error(at, invalid);
    }
    if (mode == DeliveryMode.STARTUP && !hasApEntry) {
      throw y.error(
          at,
          "this ICR value sends a start-up IPI, which starts the target at the ap-entry of the"
              + " sending kernel, and this kernel names none (add ap-entry: FUNCTION)");
    }
  }

  /**
   * The ICR combinations SDM Table 10-3 ("Valid Combinations for the Pentium 4 and Intel Xeon
   * Processors' Local xAPIC Interrupt Command Register") marks invalid, or null. The self shorthand
   * takes only fixed delivery; all-including-self does not take lowest priority.
   */
  static String invalidCombination(DeliveryMode mode, Shorthand shorthand) {
    if (shorthand == Shorthand.SELF && mode != DeliveryMode.FIXED) {
      return "shorthand self with mode "
          + mode.yamlName
          + " is invalid (SDM Table 10-3: the self shorthand takes only fixed delivery)";
    }
    if (shorthand == Shorthand.ALL && mode == DeliveryMode.LOWEST) {
      return "shorthand all (including self) with mode lowest is invalid (SDM Table 10-3:"
          + " lowest priority is not valid with the all-including-self shorthand)";
    }
    return null;
  }

  /** An 8259 or ELCR port: 0x20, 0x21, 0xA0, 0xA1, 0x4D0, 0x4D1. */
  private int port(YNode p) throws ScenarioException {
    int port = (int) y.number(p, 0, 0xFFFF);
    if (!PicPair.isPort(port)) {
      throw y.error(
          p,
          String.format(
              "no device answers at port 0x%X (the 8259s: 0x20, 0x21, 0xA0, 0xA1; ELCR: 0x4D0,"
                  + " 0x4D1)",
              port));
    }
    return port;
  }

  /** An IO-APIC register index: 0x00-0x02, or 0x10-0x3F for the 24 redirection entries. */
  private int ioapicIndex(YNode ix) throws ScenarioException {
    int index = (int) y.number(ix, 0, 0xFF);
    boolean entry = index >= IoApic.REG_REDTBL && index < IoApic.REG_REDTBL + 2 * IoApic.PINS;
    if (index > IoApic.REG_ARBITRATION && !entry) {
      throw y.error(
          ix,
          String.format(
              "the IO-APIC has no register 0x%02X (ID 0x00, version 0x01, arbitration 0x02,"
                  + " redirection entries 0x10-0x3F: 0x10 + 2 x pin, +1 for the high half)",
              index));
    }
    return index;
  }

  private int register(YNode r) throws ScenarioException {
    int off = registerOffset(r);
    boolean x2 = machine.apic() == ApicMode.X2APIC;
    if (off == ApicRegister.SELF_IPI && !x2) {
      throw y.error(r, "SELF-IPI (0x3F0) exists only in x2APIC mode (machine apic: x2apic)");
    }
    return off;
  }

  private int registerOffset(YNode r) throws ScenarioException {
    Optional<Long> num = y.tryNumber(r);
    int off;
    if (num.isPresent() && !r.isNull()) {
      long v = num.get();
      if (v >= ApicRegister.X2APIC_MSR_BASE) {
        // An x2APIC MSR number (0x800-0x83F): the register at offset (MSR - 0x800) << 4.
        off = ApicRegister.offsetOfMsr(v);
        if (machine.apic() != ApicMode.X2APIC || off < 0 || !ApicRegister.isValid(off)) {
          throw y.error(
              r,
              String.format(
                  "0x%X is not an x2APIC register MSR%s",
                  v, machine.apic() == ApicMode.X2APIC ? "" : " (and the machine is xAPIC)"));
        }
        return off;
      }
      off = (int) v;
      if (!ApicRegister.isValid(off)) {
        throw y.error(r, String.format("0x%X is not an APIC register offset", num.get()));
      }
      return off;
    }
    String name = y.string(r);
    Optional<Integer> o = ApicRegister.byName(name);
    if (o.isEmpty()) {
      List<String> names =
          List.of(
              "ID",
              "TPR",
              "PPR",
              "EOI",
              "LDR",
              "DFR",
              "SVR",
              "ESR",
              "ICR",
              "ICR2",
              "VERSION",
              "LVT-TIMER",
              "LVT-LINT0",
              "LVT-LINT1",
              "LVT-ERROR",
              "TIMER-INIT",
              "TIMER-DIV",
              "SELF-IPI",
              "IRR0",
              "ISR0",
              "TMR0");
      throw y.error(r, "unknown register '" + name + "'" + YamlReader.suggest(name, names));
    }
    return o.get();
  }
}
