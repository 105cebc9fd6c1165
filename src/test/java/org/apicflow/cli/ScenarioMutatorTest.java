package org.apicflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.apicflow.scenario.Catalogue;
import org.apicflow.scenario.Scenario;
import org.apicflow.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

/** The fuzzer's generators do what they say: the same seed, the same variant; loops that load. */
class ScenarioMutatorTest {
  @Test
  void theSameSeedGivesTheSameVariant() throws Exception {
    String text = Catalogue.text("pending-ipi");
    for (long seed = 0; seed < 50; seed++) {
      var a = ScenarioMutator.mutate(text, new SplittableRandom(seed));
      var b = ScenarioMutator.mutate(text, new SplittableRandom(seed));
      assertThat(a.bytes()).isEqualTo(b.bytes());
      assertThat(a.what()).isEqualTo(b.what());
    }
  }

  @Test
  void theNeverEndingLoopsLoadSoTheirRunsReachTheLimits() throws Exception {
    String text = Catalogue.text("lesson-fixed-ipi");
    int found = 0;
    for (long seed = 0; seed < 5_000 && found < 2; seed++) {
      var v = ScenarioMutator.mutate(text, new SplittableRandom(seed));
      if (v.what().equals("a call cycle that never waits") || v.what().equals("a recording loop")) {
        Scenario s =
            ScenarioLoader.parse("loop.yaml", new String(v.bytes(), StandardCharsets.UTF_8));
        assertThat(s.fixNames()).contains("none");
        found++;
      }
    }
    assertThat(found).isEqualTo(2);
  }
}
