package org.apicflow.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apicflow.machine.Cpu;
import org.apicflow.machine.Kernel;
import org.apicflow.machine.Machine;
import org.apicflow.scenario.Expectation;
import org.apicflow.scenario.Scenario;

/** Runs the fixes a scenario's expectations name and checks each expectation. */
public final class ExpectationCheck {

  /** The verdict on one expectation. */
  public record Result(Scenario scenario, Expectation expectation, boolean passed, String detail) {
    /** "PASS pending-ipi [none] {outcome: oops}: oops: CPU 0 ..." */
    public String line() {
      return (passed ? "PASS " : "FAIL ")
          + scenario.id()
          + " ["
          + expectation.fix()
          + "] "
          + expectation.text()
          + ": "
          + detail;
    }
  }

  private ExpectationCheck() {}

  public static List<Result> check(Scenario s) {
    Map<String, Trace> traces = new LinkedHashMap<>();
    List<Result> out = new ArrayList<>();
    for (Expectation e : s.expectations()) {
      Trace t = traces.computeIfAbsent(e.fix(), f -> Simulator.run(s.program(f)));
      out.add(check(s, t, e));
    }
    return out;
  }

  public static Result check(Scenario s, Trace t, Expectation e) {
    Machine m;
    String when;
    if (e.at().isPresent()) {
      Optional<Mark> mark = t.firstMark(e.at().get());
      if (mark.isEmpty()) {
        return new Result(s, e, false, "the run never reached mark " + e.at().get());
      }
      m = t.stateAt(mark.get().event() + 1);
      when = " at " + e.at().get() + " (" + Times.format(mark.get().time()) + ")";
    } else {
      m = t.finalState();
      when = "";
    }
    Cpu cpu = m.cpu(e.cpu());
    return switch (e.kind()) {
      case OUTCOME -> {
        boolean ok = t.outcome().kind() == e.outcome().orElseThrow();
        yield new Result(s, e, ok, t.outcome().summary());
      }
      case REG_BIT -> {
        boolean bit =
            switch (e.reg()) {
              case "IRR" -> cpu.apic().irr().get(e.vector());
              case "ISR" -> cpu.apic().isr().get(e.vector());
              default -> cpu.apic().tmr().get(e.vector());
            };
        String was = bit ? "set" : "clear";
        yield new Result(
            s,
            e,
            bit == e.set(),
            String.format("CPU %d %s 0x%02X was %s%s", e.cpu(), e.reg(), e.vector(), was, when));
      }
      case REG_VALUE -> {
        long v = m.readRegister(e.cpu(), e.regOffset()) & 0xFFFF_FFFFL;
        yield new Result(
            s,
            e,
            v == e.equals(),
            String.format("CPU %d %s was 0x%X%s", e.cpu(), e.reg(), v, when));
      }
      case COUNT -> {
        long n = m.handlerCalls(e.vector());
        yield new Result(
            s,
            e,
            n == e.equals(),
            "handler for " + Trace.vectorText(e.vector()) + " ran " + n + " times" + when);
      }
      case VAR -> {
        Optional<Long> v = varValue(m, e);
        yield new Result(
            s,
            e,
            v.isPresent() && v.get() == e.equals(),
            v.map(x -> e.var() + " was " + x + when)
                .orElse(e.var() + " is not a variable of the kernel CPU " + e.cpu() + " runs"));
      }
      case RECORDS -> {
        List<Long> r = m.records();
        yield new Result(s, e, r.equals(e.records()), "records were " + r + when);
      }
    };
  }

  /** A variable of the kernel the expectation's CPU runs, else of any kernel that has it. */
  private static Optional<Long> varValue(Machine m, Expectation e) {
    int k = m.cpu(e.cpu()).kernel();
    Kernel kernel = m.program().kernel(k);
    int idx = kernel.varIndex(e.var());
    if (idx >= 0) {
      return Optional.of(m.var(k, idx));
    }
    for (int i = 0; i < m.program().kernels().size(); i++) {
      int j = m.program().kernel(i).varIndex(e.var());
      if (j >= 0) {
        return Optional.of(m.var(i, j));
      }
    }
    return Optional.empty();
  }
}
