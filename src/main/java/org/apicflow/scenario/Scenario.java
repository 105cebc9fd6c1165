package org.apicflow.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apicflow.apic.Quirks;
import org.apicflow.machine.MachineConfig;
import org.apicflow.machine.Program;

/**
 * A loaded scenario (format apicflow/1): its description, machine, and one compiled program per
 * fix, {@code none} first. Loading compiles every variant, so a scenario that loaded runs.
 */
public record Scenario(
    String id,
    String title,
    String summary,
    List<String> sources,
    MachineConfig machine,
    String success,
    List<Fix> fixes,
    Map<String, Program> programs,
    List<Expectation> expectations,
    String file) {

  public static final String NONE = "none";

  public Scenario {
    sources = List.copyOf(sources);
    fixes = List.copyOf(fixes);
    programs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(programs));
    expectations = List.copyOf(expectations);
  }

  /** The program with a fix applied ("none" for the unpatched one). */
  public Program program(String fix) {
    Program p = programs.get(fix);
    if (p == null) {
      throw new IllegalArgumentException(noSuchFix(fix));
    }
    return p;
  }

  /** "scenario 'x' has no fix 'y' (it has: none, ...)". */
  public String noSuchFix(String fix) {
    return "scenario '"
        + id
        + "' has no fix '"
        + fix
        + "' (it has: "
        + String.join(", ", fixNames())
        + ")";
  }

  /** "none" followed by the fixes in file order. */
  public List<String> fixNames() {
    return new ArrayList<>(programs.keySet());
  }

  public Optional<Fix> fix(String name) {
    return fixes.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  public boolean hasFix(String name) {
    return programs.containsKey(name);
  }

  /** The quirk settings of this scenario's machine. */
  public Quirks quirks() {
    return machine.quirks();
  }

  /** The same scenario on a machine with other quirk settings; every fix's program follows. */
  public Scenario withQuirks(Quirks q) {
    if (q.equals(machine.quirks())) {
      return this;
    }
    MachineConfig m = machine.withQuirks(q);
    Map<String, Program> p = new java.util.LinkedHashMap<>();
    programs.forEach(
        (name, prog) ->
            p.put(name, new Program(m, prog.kernels(), prog.fix(), prog.success(), prog.marks())));
    return new Scenario(id, title, summary, sources, m, success, fixes, p, expectations, file);
  }

  /**
   * The scenario with {@code NAME=VALUE} quirk assignments applied in order (the command line's
   * {@code --quirk}).
   *
   * @throws IllegalArgumentException one line naming the bad assignment
   */
  public Scenario withQuirks(List<String> assignments) {
    Quirks q = machine.quirks();
    for (String a : assignments) {
      q = q.with(a);
    }
    return withQuirks(q);
  }
}
