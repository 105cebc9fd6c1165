package org.apicflow.ui.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apicflow.scenario.Catalogue;
import org.apicflow.scenario.Scenario;
import org.apicflow.trace.Mark;
import org.apicflow.trace.Simulator;
import org.apicflow.trace.Trace;
import org.junit.jupiter.api.Test;

/** The timeline's mark arrays say what the trace's marks say, for every built-in run. */
class MarkTrackTest {
  @Test
  void everyBuiltInRunsMarksAreTheTracksMarks() throws Exception {
    int runs = 0;
    for (String id : Catalogue.ids()) {
      Scenario s = Catalogue.load(id);
      for (String fix : s.fixNames()) {
        Trace t = Simulator.run(s.program(fix));
        MarkTrack mt = new TimelineModel(t).markTrack();
        List<Mark> marks = t.marks();
        assertThat(mt.size()).as(id + "/" + fix).isEqualTo(marks.size());
        int outcome = -1;
        int outcomes = 0;
        for (int i = 0; i < marks.size(); i++) {
          Mark m = marks.get(i);
          assertThat(mt.event[i]).isEqualTo(m.event());
          assertThat(mt.time[i]).isEqualTo(m.time());
          assertThat(mt.builtIn[i]).isEqualTo(m.builtIn());
          assertThat(mt.label(i)).isEqualTo(TimelineModel.shortLabel(m));
          assertThat(mt.mark(i)).isEqualTo(m);
          boolean isOutcome = m.builtIn() && (m.name().equals("oops") || m.name().equals("hang"));
          assertThat(mt.priority[i] == MarkTrack.OUTCOME).isEqualTo(isOutcome);
          if (isOutcome && outcome < 0) {
            outcome = i;
          }
          outcomes += isOutcome ? 1 : 0;
        }
        assertThat(mt.outcome).isEqualTo(outcome);
        // by priority, then in event order, the outcome left out
        int[] order = mt.byPriority;
        for (int k = 1; k < order.length; k++) {
          int a = order[k - 1];
          int b = order[k];
          assertThat(mt.priority[a] < mt.priority[b] || (mt.priority[a] == mt.priority[b] && a < b))
              .isTrue();
        }
        assertThat(order.length).isEqualTo(marks.size() - outcomes);
        runs++;
      }
    }
    assertThat(runs).isGreaterThan(5);
  }
}
