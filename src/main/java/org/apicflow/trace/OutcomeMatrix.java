package org.apicflow.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apicflow.machine.Outcome;
import org.apicflow.scenario.Scenario;

/** Scenarios x fixes, each cell the outcome computed by running it. */
public final class OutcomeMatrix {
  /** The usual column order; fixes not named here follow in the order first seen. */
  public static final List<String> PREFERRED_ORDER =
      List.of("none", "blocking", "timeout", "clear-pending", "eoi-only");

  private final List<Scenario> scenarios;
  private final List<String> fixes;
  private final Map<String, Map<String, Outcome>> cells = new LinkedHashMap<>();

  private OutcomeMatrix(List<Scenario> scenarios, List<String> fixes) {
    this.scenarios = List.copyOf(scenarios);
    this.fixes = List.copyOf(fixes);
  }

  /** The columns for a set of scenarios. */
  public static List<String> columns(List<Scenario> scenarios) {
    Set<String> all = new LinkedHashSet<>();
    for (Scenario s : scenarios) {
      all.addAll(s.fixNames());
    }
    List<String> out = new ArrayList<>();
    for (String f : PREFERRED_ORDER) {
      if (all.remove(f)) {
        out.add(f);
      }
    }
    out.addAll(all);
    return out;
  }

  /** Runs every (scenario, fix); {@code progress} hears after each cell (done, total). */
  public static OutcomeMatrix compute(List<Scenario> scenarios, Progress progress) {
    OutcomeMatrix m = new OutcomeMatrix(scenarios, columns(scenarios));
    int total = 0;
    for (Scenario s : scenarios) {
      total += s.fixNames().size();
    }
    int done = 0;
    for (Scenario s : scenarios) {
      Map<String, Outcome> row = new LinkedHashMap<>();
      for (String f : s.fixNames()) {
        if (progress.cancelled()) {
          return m;
        }
        row.put(f, Simulator.run(s.program(f)).outcome());
        progress.step(++done, total);
      }
      m.cells.put(s.id(), row);
    }
    return m;
  }

  public static OutcomeMatrix compute(List<Scenario> scenarios) {
    return compute(scenarios, Progress.NONE);
  }

  public List<Scenario> scenarios() {
    return scenarios;
  }

  public List<String> fixes() {
    return fixes;
  }

  /** The outcome of a cell; empty when the scenario has no such fix. */
  public Optional<Outcome> cell(String scenario, String fix) {
    Map<String, Outcome> row = cells.get(scenario);
    return row == null ? Optional.empty() : Optional.ofNullable(row.get(fix));
  }

  /** The table as text: a header row, then one row per scenario; "-" where a fix is missing. */
  public String table() {
    int first = "scenario".length();
    for (Scenario s : scenarios) {
      first = Math.max(first, s.id().length());
    }
    StringBuilder sb = new StringBuilder();
    sb.append(pad("scenario", first));
    for (String f : fixes) {
      sb.append("  ").append(pad(f, Math.max(f.length(), 4)));
    }
    sb.append('\n');
    for (Scenario s : scenarios) {
      sb.append(pad(s.id(), first));
      for (String f : fixes) {
        String v = cell(s.id(), f).map(o -> o.kind().word()).orElse("-");
        sb.append("  ").append(pad(v, Math.max(f.length(), 4)));
      }
      sb.append('\n');
    }
    return sb.toString().replaceAll(" +\n", "\n");
  }

  private static String pad(String s, int w) {
    return s + " ".repeat(Math.max(0, w - s.length()));
  }

  /** Progress of a long computation, and a way to cancel it. */
  public interface Progress {
    Progress NONE =
        new Progress() {
          @Override
          public void step(int done, int total) {}

          @Override
          public boolean cancelled() {
            return false;
          }
        };

    void step(int done, int total);

    boolean cancelled();
  }
}
