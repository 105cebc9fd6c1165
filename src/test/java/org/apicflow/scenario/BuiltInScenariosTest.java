package org.apicflow.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apicflow.machine.Kernel;
import org.apicflow.machine.KernelFunction;
import org.apicflow.machine.Op;
import org.apicflow.machine.Program;
import org.apicflow.trace.ExpectationCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every built-in scenario loads, is documented, and meets its own expectations. */
class BuiltInScenariosTest {
  /** The kdump bug replays: every op of these carries pseudo-C and narration. */
  static final List<String> BUG_SCENARIOS =
      List.of("pending-ipi", "icr-busy-nmi", "stale-isr-timer");

  /** Marks a teacher jumps to, with stable names, placed by mark ops in every bug scenario. */
  static final List<String> TEACHER_MARKS =
      List.of("panic", "nmi-shootdown", "irq-enable", "vmcore-saved");

  /** Marks the simulator sets by itself; a mark op must not reuse them. */
  static final Set<String> SIMULATOR_MARKS = Set.of("ipi-sent", "kexec", "oops", "hang");

  static Stream<String> ids() {
    return Catalogue.ids().stream();
  }

  static Stream<String> bugIds() {
    return BUG_SCENARIOS.stream();
  }

  @Test
  void catalogueListsTheBugsAndTheLessonsWithTheDefaultFirst() {
    assertThat(Catalogue.ids())
        .containsExactly(
            "pending-ipi",
            "icr-busy-nmi",
            "stale-isr-timer",
            "lesson-fixed-ipi",
            "lesson-priority",
            "lesson-nmi",
            "lesson-logical",
            "lesson-x2apic",
            "lesson-ioapic-level",
            "lesson-extint");
    assertThat(Catalogue.ids().get(0)).isEqualTo(Catalogue.DEFAULT_ID);
  }

  @ParameterizedTest
  @MethodSource("ids")
  void everyExpectationOfABuiltInPasses(String id) throws Exception {
    Scenario s = Catalogue.load(id);
    assertThat(s.expectations()).as("%s has expectations", id).isNotEmpty();
    List<ExpectationCheck.Result> results = ExpectationCheck.check(s);
    List<String> failed =
        results.stream().filter(r -> !r.passed()).map(ExpectationCheck.Result::line).toList();
    assertThat(failed).as("failed expectations of %s", id).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("ids")
  void aBuiltInIsIdentifiedTitledSummarisedAndSourced(String id) throws Exception {
    Scenario s = Catalogue.load(id);
    assertThat(s.id()).isEqualTo(id);
    assertThat(s.title()).isNotBlank().isNotEqualTo(id);
    assertThat(s.summary()).isNotBlank();
    assertThat(s.sources()).isNotEmpty().allSatisfy(src -> assertThat(src).isNotBlank());
  }

  @ParameterizedTest
  @MethodSource("ids")
  void everyFunctionOfEveryVariantNamesItsSource(String id) throws Exception {
    Scenario s = Catalogue.load(id);
    for (String fix : s.fixNames()) {
      for (Kernel k : s.program(fix).kernels()) {
        for (KernelFunction f : ownFunctions(k)) {
          assertThat(f.src())
              .as("src of %s.%s in %s [%s]", k.name(), f.name(), id, fix)
              .isNotBlank();
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("bugIds")
  void everyOpOfABugScenarioHasCodeAndNote(String id) throws Exception {
    Scenario s = Catalogue.load(id);
    List<String> missing = new ArrayList<>();
    for (String fix : s.fixNames()) {
      for (Kernel k : s.program(fix).kernels()) {
        for (KernelFunction f : ownFunctions(k)) {
          for (Op op : f.ops()) {
            if (op instanceof Op.Jump) {
              continue; // the compiler's "} else {" of an if, not a scenario op
            }
            if (op.info().code().isBlank() || op.info().note().isBlank()) {
              missing.add(
                  fix
                      + " "
                      + k.name()
                      + "."
                      + f.name()
                      + " line "
                      + op.info().line()
                      + " "
                      + op.name());
            }
          }
        }
      }
    }
    assertThat(missing).as("ops of %s without code or note", id).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("bugIds")
  void aBugScenarioPlacesTheTeacherMarksAndPhases(String id) throws Exception {
    Scenario s = Catalogue.load(id);
    Program none = s.program(Scenario.NONE);
    assertThat(none.marks()).containsAll(TEACHER_MARKS);
    assertThat(s.success()).isEqualTo("vmcore-saved");
    List<String> phases = new ArrayList<>();
    for (Kernel k : none.kernels()) {
      for (KernelFunction f : k.functions()) {
        for (Op op : f.ops()) {
          if (op instanceof Op.Phase p) {
            phases.add(p.phase());
          }
        }
      }
    }
    assertThat(phases).contains("first kernel", "crash", "kexec", "capture kernel");
  }

  @ParameterizedTest
  @MethodSource("ids")
  void noMarkOpReusesAMarkTheSimulatorSets(String id) throws Exception {
    Scenario s = Catalogue.load(id);
    for (String fix : s.fixNames()) {
      for (Kernel k : s.program(fix).kernels()) {
        for (KernelFunction f : ownFunctions(k)) {
          for (Op op : f.ops()) {
            if (op instanceof Op.Mark m) {
              assertThat(SIMULATOR_MARKS)
                  .as("mark in %s.%s", k.name(), f.name())
                  .doesNotContain(m.mark());
            }
          }
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("bugIds")
  void everyFixIsDocumentedAndHasAnExpectedOutcome(String id) throws Exception {
    Scenario s = Catalogue.load(id);
    assertThat(s.fixes()).isNotEmpty();
    for (Fix f : s.fixes()) {
      assertThat(f.title()).as("title of %s", f.name()).isNotBlank().isNotEqualTo(f.name());
      assertThat(f.summary()).as("summary of %s", f.name()).isNotBlank();
      assertThat(f.source()).as("source of %s", f.name()).isNotBlank();
    }
    for (String fix : s.fixNames()) {
      assertThat(s.expectations())
          .as("an outcome expectation for %s [%s]", id, fix)
          .anyMatch(e -> e.kind() == Expectation.Kind.OUTCOME && e.fix().equals(fix));
    }
  }

  @Test
  void theBugScenariosOfferTheFixesOfTheMatrix() throws Exception {
    assertThat(Catalogue.load("pending-ipi").fixNames())
        .containsExactly("none", "blocking", "timeout", "clear-pending", "eoi-only");
    assertThat(Catalogue.load("icr-busy-nmi").fixNames())
        .containsExactly("none", "blocking", "timeout", "clear-pending");
    assertThat(Catalogue.load("stale-isr-timer").fixNames())
        .containsExactly("none", "blocking", "timeout", "clear-pending", "eoi-only");
  }

  /** The kernel's own functions, without the built-in default handlers. */
  private static List<KernelFunction> ownFunctions(Kernel k) {
    return k.functions().stream()
        .filter(
            f ->
                !f.name().equals(ProgramCompiler.DEFAULT_IRQ)
                    && !f.name().equals(ProgramCompiler.DEFAULT_NMI))
        .toList();
  }
}
