package org.apicflow.trace;

import java.nio.file.Path;
import org.apicflow.scenario.Scenario;
import org.apicflow.scenario.ScenarioLoader;

public class SmokeMain {
  public static void main(String[] args) throws Exception {
    Scenario s = ScenarioLoader.load(Path.of(args[0]));
    for (String fix : s.fixNames()) {
      Trace t = Simulator.run(s.program(fix));
      System.out.println("== " + fix + ": " + t.outcome().summary() + " events=" + t.size());
      if (args.length > 1) {
        for (int i = 0; i < t.size(); i++) {
          System.out.printf(
              "%10s cpu%d %-16s %-28s %s%n",
              Times.format(t.time(i)),
              t.cpu(i),
              t.kind(i),
              EventText.where(t, i),
              EventText.describe(t, i));
        }
      }
    }
  }
}
