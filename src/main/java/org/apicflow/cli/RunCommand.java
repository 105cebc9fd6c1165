package org.apicflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apicflow.apic.LocalApic;
import org.apicflow.apic.VectorSet;
import org.apicflow.machine.Cpu;
import org.apicflow.machine.Machine;
import org.apicflow.scenario.Catalogue;
import org.apicflow.scenario.Scenario;
import org.apicflow.scenario.ScenarioException;
import org.apicflow.trace.Mark;
import org.apicflow.trace.Simulator;
import org.apicflow.trace.Times;
import org.apicflow.trace.Trace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code apicflow run SCENARIO [--fix NAME] [--json]}. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run one scenario; print the outcome, the marks and the final registers.")
final class RunCommand implements Callable<Integer> {
  @Parameters(paramLabel = "SCENARIO", description = "a scenario file or a built-in id")
  String scenario;

  @Option(
      names = "--fix",
      paramLabel = "NAME",
      defaultValue = "none",
      description = "the fix to apply (default: none)")
  String fix;

  @Option(
      names = "--quirk",
      paramLabel = "NAME=VALUE",
      description =
          "set a modelling choice the SDM leaves open (repeatable; see 'What the SDM leaves open'"
              + " in the format reference)")
  List<String> quirks = new ArrayList<>();

  @Option(names = "--json", description = "print one JSON object")
  boolean json;

  @Option(
      names = "--all-marks",
      description = "list every mark, also the ones the simulator sets (irr-set, eoi, ...)")
  boolean allMarks;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Scenario s;
    try {
      s = Catalogue.resolve(scenario);
    } catch (ScenarioException e) {
      err.println("apicflow: " + e.getMessage());
      return ApicflowCommand.INVALID;
    }
    try {
      s = s.withQuirks(quirks);
    } catch (IllegalArgumentException e) {
      err.println("apicflow: --quirk: " + e.getMessage());
      return ApicflowCommand.INVALID;
    }
    if (!s.hasFix(fix)) {
      err.println("apicflow: --fix: " + s.noSuchFix(fix));
      return ApicflowCommand.INVALID;
    }
    Trace t = Simulator.run(s.program(fix));
    if (json) {
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      out.println(mapper.writeValueAsString(toJson(s, t)));
    } else {
      printText(out, s, t);
    }
    return 0;
  }

  private void printText(PrintWriter out, Scenario s, Trace t) {
    out.println(s.id() + " [" + fix + "]: " + t.outcome().summary());
    out.println("  " + t.size() + " events, " + Times.format(t.endTime()) + " simulated");
    out.println("  quirks: " + s.quirks());
    out.println();
    List<Mark> marks = allMarks ? t.marks() : notable(t);
    out.println("marks:");
    for (Mark m : marks) {
      out.printf(
          "  %10s  CPU %-3d %-16s %s%n", Times.format(m.time()), m.cpu(), m.name(), m.label());
    }
    out.println();
    out.println("registers at the end:");
    Machine m = t.finalState();
    for (int i = 0; i < m.cpuCount(); i++) {
      Cpu c = m.cpu(i);
      LocalApic a = c.apic();
      out.printf(
          "  CPU %d  %-15s IF=%d  TPR=0x%02X PPR=0x%02X SVR=0x%03X ICR=0x%08X%s  IRR %s  ISR %s%n",
          i,
          c.state().label,
          c.interruptsEnabled() ? 1 : 0,
          a.tpr(),
          a.ppr(),
          a.svr(),
          a.icrRead(),
          a.deliveryStatusBusy() ? " (busy)" : "",
          a.irr(),
          a.isr());
    }
  }

  /** Named marks plus the one-off simulator marks (oops, hang, kexec, first IPI sent). */
  static List<Mark> notable(Trace t) {
    List<Mark> out = new ArrayList<>();
    boolean ipi = false;
    for (Mark m : t.marks()) {
      boolean keep =
          !m.builtIn()
              || m.name().equals("oops")
              || m.name().equals("hang")
              || m.name().equals("kexec")
              || (m.name().equals("ipi-sent") && !ipi);
      if (m.name().equals("ipi-sent")) {
        ipi = true;
      }
      if (keep) {
        out.add(m);
      }
    }
    return out;
  }

  private Map<String, Object> toJson(Scenario s, Trace t) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("scenario", s.id());
    o.put("title", s.title());
    o.put("fix", fix);
    o.put("quirks", s.quirks().asMap());
    o.put("outcome", t.outcome().kind().word());
    o.put("reason", t.outcome().reason());
    o.put("where", Map.of("cpu", t.outcome().cpu(), "op", t.outcome().where()));
    o.put("time_ns", t.outcome().time());
    o.put("events", t.size());
    List<Map<String, Object>> marks = new ArrayList<>();
    for (Mark m : t.marks()) {
      Map<String, Object> mm = new LinkedHashMap<>();
      mm.put("name", m.name());
      mm.put("label", m.label());
      mm.put("time", m.time());
      mm.put("cpu", m.cpu());
      mm.put("event", m.event());
      mm.put("builtin", m.builtIn());
      marks.add(mm);
    }
    o.put("marks", marks);
    List<Map<String, Object>> cpus = new ArrayList<>();
    Machine m = t.finalState();
    for (int i = 0; i < m.cpuCount(); i++) {
      Cpu c = m.cpu(i);
      LocalApic a = c.apic();
      Map<String, Object> cm = new LinkedHashMap<>();
      cm.put("cpu", i);
      cm.put("apic_id", a.id());
      cm.put("kernel", m.program().kernel(c.kernel()).name());
      cm.put("state", c.state().name().toLowerCase(java.util.Locale.ROOT));
      cm.put("if", c.interruptsEnabled());
      cm.put("nmi_blocked", c.nmiBlocked());
      cm.put("nmi_latched", c.nmiLatched());
      cm.put("handlers", c.handlerStack());
      cm.put("tpr", a.tpr());
      cm.put("ppr", a.ppr());
      cm.put("svr", a.svr());
      cm.put("ldr", a.ldr() & 0xFFFF_FFFFL);
      cm.put("dfr", a.dfr() & 0xFFFF_FFFFL);
      cm.put("esr", a.esr());
      cm.put("icr", a.icrRead() & 0xFFFF_FFFFL);
      cm.put("icr2", a.icrHigh() & 0xFFFF_FFFFL);
      cm.put("icr_busy", a.deliveryStatusBusy());
      cm.put("irr", vectors(a.irr()));
      cm.put("isr", vectors(a.isr()));
      cm.put("tmr", vectors(a.tmr()));
      cpus.add(cm);
    }
    o.put("cpus", cpus);
    o.put("records", m.records());
    return o;
  }

  private static List<Integer> vectors(VectorSet v) {
    List<Integer> out = new ArrayList<>();
    v.forEach(out::add);
    return out;
  }
}
