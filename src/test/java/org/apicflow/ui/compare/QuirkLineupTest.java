package org.apicflow.ui.compare;

import static org.apicflow.ui.compare.FxSupport.await;
import static org.apicflow.ui.compare.FxSupport.fx;
import static org.apicflow.ui.compare.FxSupport.fxGet;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import javafx.stage.Stage;
import org.apicflow.apic.Quirk;
import org.apicflow.machine.Outcome;
import org.apicflow.scenario.Catalogue;
import org.apicflow.scenario.Scenario;
import org.apicflow.trace.Divergence;
import org.apicflow.trace.Simulator;
import org.apicflow.trace.Trace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The compare view model lining up quirk settings: one panel per setting, each run simulated under
 * that setting, aligned where the runs part. Every outcome is checked against a run of the
 * simulator made here, never against a written-down result.
 */
@ExtendWith(ApplicationExtension.class)
class QuirkLineupTest {
  private CompareViewModel vm;

  @Start
  void start(Stage stage) {
    vm = new CompareViewModel();
  }

  private void show(Scenario s) {
    fx(() -> vm.setScenario(s));
    await(() -> !vm.isBusy() && vm.getScenario() == s && !vm.panels().isEmpty());
  }

  private void settle() {
    await(() -> !vm.isBusy());
  }

  /** The fixes compared: exactly these. */
  private void onlyFixes(String... fixes) {
    List<String> want = List.of(fixes);
    fx(
        () -> {
          for (FixChoice c : vm.choices()) {
            if (want.contains(c.name())) {
              vm.setSelected(c.name(), true);
            }
          }
          for (FixChoice c : vm.choices()) {
            if (!want.contains(c.name())) {
              vm.setSelected(c.name(), false);
            }
          }
        });
    settle();
  }

  private static Trace simulate(Scenario s, String fix, Quirk q, String option) {
    return Simulator.run(s.withQuirks(s.quirks().with(q, option)).program(fix));
  }

  @Test
  void pendingIpiUnderEverySoftDisableSettingHasAPanelWithTheSimulatorsOutcome() throws Exception {
    Scenario s = Catalogue.load("pending-ipi");
    show(s);
    onlyFixes(Scenario.NONE);
    fx(() -> vm.setLineup(Quirk.SOFT_DISABLED_FIXED));
    settle();

    List<ComparePanelModel> panels = fxGet(() -> List.copyOf(vm.panels()));
    Quirk q = Quirk.SOFT_DISABLED_FIXED;
    assertThat(panels)
        .extracting(ComparePanelModel::key)
        .containsExactlyElementsOf(
            q.options().stream().map(o -> Scenario.NONE + "-" + o.name()).toList());
    for (ComparePanelModel p : panels) {
      Quirk.Option o =
          q.options().stream().filter(x -> p.name().equals(x.name())).findFirst().get();
      Trace own = simulate(s, Scenario.NONE, q, o.name());
      Outcome want = own.outcome();
      assertThat(p.outcome().kind()).as(p.key()).isEqualTo(want.kind());
      assertThat(p.outcome().reason()).as(p.key()).isEqualTo(want.reason());
      assertThat(p.outcome().time()).as(p.key()).isEqualTo(want.time());
      assertThat(p.trace().size()).as(p.key()).isEqualTo(own.size());
      // titled with the setting and who behaves that way, from the quirk's own record
      assertThat(p.title()).contains(q.key() + " = " + o.name()).contains(o.label());
      assertThat(p.summary()).contains(o.implementations());
      assertThat(p.quirks().get(q)).isEqualTo(o.name());
      assertThat(p.fix()).isEqualTo(Scenario.NONE);
    }

    // the settings do part pending-ipi: the anchor is where, read by Divergence from the runs
    List<Trace> runs = panels.stream().map(ComparePanelModel::trace).toList();
    assertThat(Divergence.firstDifferentEvent(runs)).isGreaterThanOrEqualTo(0);
    String anchor = Divergence.anchor(runs).orElseThrow();
    assertThat(vm.getAnchor()).isEqualTo(anchor);
    Alignment a = fxGet(() -> vm.alignmentProperty().get());
    assertThat(vm.getCursor()).isEqualTo(a.firstDifferenceIndex(2_000));
    assertThat(vm.statusProperty().get()).startsWith(q.key() + ": 3 settings");

    // every panel sits on one ruler, showing the same stretch of it: each run's anchor mark at
    // the same place on the axis
    double[] first = null;
    for (ComparePanelModel p : panels) {
      long at = p.trace().firstMark(anchor).orElseThrow().time();
      double[] seen =
          fxGet(
              () ->
                  new double[] {
                    p.timeline().timeToAxis(at),
                    p.timeline().viewStartProperty().get(),
                    p.timeline().viewEndProperty().get()
                  });
      assertThat(fxGet(() -> p.timeline().hasRuler())).isTrue();
      if (first == null) {
        first = seen;
      } else {
        assertThat(seen).as(p.key()).containsExactly(first);
      }
    }
  }

  @Test
  void settingsAndFixesMultiplyAndThePicksSurviveAChangeOfScenario() throws Exception {
    show(Catalogue.load("pending-ipi"));
    onlyFixes(Scenario.NONE, "blocking", "timeout");
    // lining up a quirk compares its settings instead of the fixes: the first fix compared only
    fx(() -> vm.setLineup(Quirk.SOFT_DISABLED_FIXED));
    settle();
    assertThat(vm.panels())
        .extracting(ComparePanelModel::key)
        .containsExactly("none-hold", "none-drop", "none-deliver");
    // ticking a fix lines up the settings of that fix as well
    fx(
        () -> {
          vm.setSelected("blocking", true);
          vm.setOptionSelected("drop", false);
        });
    settle();
    assertThat(vm.panels())
        .extracting(ComparePanelModel::key)
        .containsExactly("none-hold", "none-deliver", "blocking-hold", "blocking-deliver");
    // the last setting cannot be unticked: something stays compared
    fx(
        () -> {
          vm.setOptionSelected("hold", false);
          vm.setOptionSelected("deliver", false);
        });
    settle();
    assertThat(vm.options())
        .filteredOn(FixChoice::isSelected)
        .extracting(FixChoice::name)
        .containsExactly("deliver");
    fx(
        () -> {
          vm.setOptionSelected("hold", true);
          vm.setOptionSelected("deliver", false);
        });
    settle();

    Scenario stale = Catalogue.load("stale-isr-timer");
    show(stale);
    settle();
    assertThat(vm.getLineup()).isEqualTo(Quirk.SOFT_DISABLED_FIXED);
    assertThat(vm.options())
        .filteredOn(FixChoice::isSelected)
        .extracting(FixChoice::name)
        .containsExactly("hold");
    assertThat(vm.panels())
        .extracting(ComparePanelModel::key)
        .containsExactly("none-hold", "blocking-hold");
    for (ComparePanelModel p : vm.panels()) {
      Outcome want = simulate(stale, p.fix(), Quirk.SOFT_DISABLED_FIXED, "hold").outcome();
      assertThat(p.outcome().reason()).as(p.key()).isEqualTo(want.reason());
    }

    // back to the fixes alone: the fixes ticked before the line-up (stale-isr-timer has no
    // timeout), each run of the scenario as written
    fx(() -> vm.setLineup(null));
    settle();
    assertThat(vm.options()).isEmpty();
    assertThat(vm.panels())
        .extracting(ComparePanelModel::key)
        .containsExactlyElementsOf(
            stale.fixNames().stream()
                .filter(f -> List.of(Scenario.NONE, "blocking", "timeout").contains(f))
                .toList());
    for (ComparePanelModel p : vm.panels()) {
      assertThat(p.quirks()).isNull();
      Outcome want = Simulator.run(stale.program(p.fix())).outcome();
      assertThat(p.outcome().reason()).isEqualTo(want.reason());
    }
  }

  @Test
  void aQuirkAScenarioNeverMeetsGivesAlikeRunsAndSaysSo() throws Exception {
    Scenario s = Catalogue.load("pending-ipi");
    show(s);
    onlyFixes(Scenario.NONE);
    fx(() -> vm.setLineup(Quirk.LOWEST_PRIORITY_TIE));
    settle();
    List<Trace> runs = vm.panels().stream().map(ComparePanelModel::trace).toList();
    assertThat(runs).hasSize(Quirk.LOWEST_PRIORITY_TIE.options().size());
    if (Divergence.firstDifferentEvent(runs) < 0) {
      assertThat(vm.statusProperty().get()).contains("the runs are alike");
    } else {
      assertThat(vm.statusProperty().get()).doesNotContain("alike");
    }
  }
}
