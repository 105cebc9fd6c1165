package org.apicflow.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.apicflow.scenario.Scenario;
import org.apicflow.scenario.ScenarioLoader;
import org.apicflow.trace.Mark;
import org.apicflow.trace.Simulator;
import org.apicflow.trace.Trace;
import org.apicflow.ui.code.CodeLine;
import org.apicflow.ui.code.CodeState;
import org.apicflow.ui.code.CodeViewModel;
import org.apicflow.ui.machine.Badge;
import org.apicflow.ui.machine.CpuCardState;
import org.apicflow.ui.machine.MachineViewModel;
import org.apicflow.ui.playback.Frame;
import org.apicflow.ui.playback.PlaybackModel;
import org.apicflow.ui.timeline.LaneKind;
import org.apicflow.ui.timeline.TimelineModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** View models tested without an FX thread: they are functions of (trace, cursor). */
class ViewModelTest {
  private static Scenario scenario;
  private static Trace none;
  private static Trace blocking;

  @BeforeAll
  static void load() throws Exception {
    scenario = UiTestSupport.pendingIpi();
    none = Simulator.run(scenario.program("none"));
    blocking = Simulator.run(scenario.program("blocking"));
  }

  private static int at(Trace t, String mark) {
    return t.firstMark(mark).map(Mark::event).orElseThrow() + 1;
  }

  @Test
  void steppingForwardAndBackReturnsTheSameFrame() {
    PlaybackModel p = new PlaybackModel();
    p.load(none, 0);
    p.seek(10);
    CpuCardState before = CpuCardState.of(p.getFrame(), 0, java.util.List.of(), -1);
    p.stepForward();
    p.stepBack();
    assertThat(CpuCardState.of(p.getFrame(), 0, java.util.List.of(), -1)).isEqualTo(before);
  }

  @Test
  void playingAdvancesByWholeStepsToTheSamePositionsSeekingGives() {
    PlaybackModel p = new PlaybackModel();
    p.load(none, 0);
    p.speedProperty().set(10);
    p.advance(0.35); // 3.5 steps: 3 now, the half carried
    assertThat(p.getPosition()).isEqualTo(3);
    p.advance(0.05);
    assertThat(p.getPosition()).isEqualTo(4);
    assertThat(p.getFrame().state().sameState(none.stateAt(4))).isTrue();
  }

  @Test
  void markJumpsLandJustAfterTheMarkAndWalkBackInOrder() {
    PlaybackModel p = new PlaybackModel();
    p.load(none, 0);
    p.nextMark();
    assertThat(p.getPosition()).isEqualTo(none.marks().get(0).event() + 1);
    p.nextMark();
    assertThat(p.getPosition()).isEqualTo(none.marks().get(1).event() + 1);
    p.previousMark();
    assertThat(p.getPosition()).isEqualTo(none.marks().get(0).event() + 1);
    p.previousMark();
    assertThat(p.getPosition()).isZero();
  }

  @Test
  void theCardShowsTheIpiPendingBeforeIrqEnableAndTheOopsAfter() {
    Frame f = Frame.at(none, at(none, "irq-enable"));
    CpuCardState c = CpuCardState.of(f, 0, java.util.List.of(), -1);
    assertThat(c.irr().get(0xFB)).isTrue();
    assertThat(c.badge()).isEqualTo(Badge.IF_OFF);
    // The crash path software-disabled the APIC: the bit is held (quirk soft-disabled-fixed=hold).
    assertThat(c.why().text())
        .isEqualTo("0xFB held in IRR: APIC software-disabled (SVR bit 8 = 0)");
    CpuCardState end = CpuCardState.of(Frame.at(none, none.size()), 0, java.util.List.of(), -1);
    assertThat(end.badge()).isEqualTo(Badge.OOPS);
    assertThat(end.isr().get(0xFB)).isTrue();
  }

  @Test
  void bitsThatChangedAtTheStepAreMarked() {
    int delivered = -1;
    for (int i = 0; i < none.size(); i++) {
      if (none.kind(i) == org.apicflow.machine.EventKind.IPI_DELIVER) {
        delivered = i;
        break;
      }
    }
    CpuCardState c = CpuCardState.of(Frame.at(none, delivered + 1), 0, java.util.List.of(), -1);
    assertThat(c.irrChanged().toArray()).containsExactly(0xFB);
  }

  @Test
  void theSelfIpiTravelsTheBusUntilItArrives() {
    int sent = at(none, "ipi-sent");
    var bus = MachineViewModelAccess.envelopes(Frame.at(none, sent), 0xFB);
    assertThat(bus).hasSize(1);
    assertThat(bus.get(0).label()).isEqualTo("fixed 0xFB");
    assertThat(bus.get(0).focus()).isTrue();
    // still on its way when the module panics; gone from the bus once it sets IRR
    assertThat(MachineViewModelAccess.envelopes(Frame.at(none, at(none, "panic")), 0xFB))
        .hasSize(1);
    assertThat(MachineViewModelAccess.envelopes(Frame.at(none, at(none, "irr-set")), 0xFB))
        .isEmpty();
  }

  @Test
  void theMachineViewModelFollowsTheCursor() {
    PlaybackModel p = new PlaybackModel();
    MachineViewModel m = new MachineViewModel(p);
    p.load(none, at(none, "irq-enable"));
    assertThat(m.getCards()).hasSize(2);
    assertThat(m.focusVectorProperty().get()).isEqualTo(0xFB);
    assertThat(m.getCards().get(0).getState().irr().get(0xFB)).isTrue();
    p.home();
    assertThat(m.getCards().get(0).getState().irr().isEmpty()).isTrue();
  }

  @Test
  void theCodePaneLightsTheLineOfTheStepAndNamesTheFunction() {
    CodeState s =
        CodeViewModel.compute(
            Frame.at(none, none.size()), 0, Optional.of(scenario.program("none")));
    assertThat(s.location()).startsWith("arch/i386/kernel/smp.c smp_call_function_interrupt");
    assertThat(s.lines().get(s.lit()).text()).contains("call_data->func");
    assertThat(s.narration()).contains("OOPS");
    assertThat(s.patchedBy()).isEmpty();
  }

  @Test
  void theIcrWriteLightsTheLineThatWritesIt() {
    CodeState s =
        CodeViewModel.compute(
            Frame.at(none, at(none, "ipi-sent")), 0, Optional.of(scenario.program("none")));
    assertThat(s.lines().get(s.lit()).text()).contains("apic_write(APIC_ICR, ");
    assertThat(s.note()).startsWith("A fixed IPI with vector 0xFB");
  }

  @Test
  void aReplacedFunctionShowsAsADiffAgainstTheUnpatchedOne() {
    int entry = -1;
    for (int i = 0; i < blocking.size(); i++) {
      if (blocking.kind(i) == org.apicflow.machine.EventKind.IRQ_ENTRY) {
        entry = i;
      }
    }
    CodeState s =
        CodeViewModel.compute(
            Frame.at(blocking, entry + 2), 0, Optional.of(scenario.program("none")));
    assertThat(s.patchedBy()).isEqualTo("blocking");
    assertThat(s.lines()).extracting(CodeLine::diff).contains('+', ' ');
    assertThat(s.lines().stream().filter(l -> l.diff() == '+').map(CodeLine::text))
        .contains("if (!call_data) {");
    assertThat(s.lines().get(s.lit()).diff()).isNotEqualTo('-');
  }

  @Test
  void lanesShowInterruptsOffTheHandlerAndTheOops() {
    TimelineModel m = new TimelineModel(none);
    var cpu0 = m.lanes().get(0);
    assertThat(cpu0)
        .extracting(TimelineModel.Segment::kind)
        .contains(LaneKind.IF_OFF, LaneKind.HANDLER);
    assertThat(cpu0.get(cpu0.size() - 1).kind()).isEqualTo(LaneKind.OOPS);
    // CPU 1 is never started (maxcpus=1), so no NMI is sent to it
    var cpu1 = m.lanes().get(1);
    assertThat(cpu1).extracting(TimelineModel.Segment::kind).containsOnly(LaneKind.OFFLINE);
    // the one arrow is the self-IPI
    assertThat(m.arrows()).hasSize(1);
    assertThat(m.arrows().get(0).from()).isZero();
    assertThat(m.arrows().get(0).to()).isZero();
  }

  @Test
  void lanesShowSpinningOnTheIcrAndAnNmiHandler() throws Exception {
    Scenario s = ScenarioLoader.load(UiTestSupport.scenario("nmi-waits-test.yaml"));
    TimelineModel m = new TimelineModel(Simulator.run(s.program("none")));
    assertThat(m.lanes().get(0))
        .extracting(TimelineModel.Segment::kind)
        .contains(LaneKind.SPINNING);
    assertThat(m.lanes().get(1)).extracting(TimelineModel.Segment::kind).contains(LaneKind.NMI);
  }

  @Test
  void theTimelineScrubsToThePositionOfATime() {
    PlaybackModel p = new PlaybackModel();
    var tl = new org.apicflow.ui.timeline.TimelineViewModel(p);
    p.load(none, 0);
    int pos = at(none, "irq-enable");
    double a = tl.positionToAxis(pos);
    // every event at that time has happened: the same time, at or after the mark
    int back = tl.axisToPosition(a);
    assertThat(none.time(back - 1)).isEqualTo(none.time(pos - 1));
    tl.axisModeProperty().set(org.apicflow.ui.timeline.TimelineViewModel.AxisMode.STEPS);
    assertThat(tl.axisToPosition(tl.positionToAxis(pos))).isEqualTo(pos);
  }

  @Test
  void sixtyFourCpusGetSixtyFourCards() throws Exception {
    Scenario many = ScenarioLoader.load(UiTestSupport.scenario("many-cpus.yaml"));
    Trace t = Simulator.run(many.program("none"));
    PlaybackModel p = new PlaybackModel();
    MachineViewModel m = new MachineViewModel(p);
    p.load(t, t.firstMark("all-arrived").orElseThrow().event() + 2);
    assertThat(m.getCards()).hasSize(64);
    assertThat(m.busProperty().get()).hasSize(1);
    assertThat(m.busProperty().get().get(0).targets()).hasSize(63);
  }

  @Test
  void anNmiThatFindsTheLatchFullIsShownWaitingAtItsTarget() throws Exception {
    Scenario s = ScenarioLoader.load(UiTestSupport.scenario("nmi-waits-test.yaml"));
    Trace t = Simulator.run(s.program("none"));
    Frame f = Frame.at(t, at(t, "stuck"));
    var bus = MachineViewModel.envelopes(f, -1);
    assertThat(bus).hasSize(1);
    assertThat(bus.get(0).waiting()).isTrue();
    assertThat(bus.get(0).status()).isEqualTo("waits at CPU 1");
    assertThat(bus.get(0).progress()).isEqualTo(1.0);
    CpuCardState target = CpuCardState.of(f, 1, bus, -1);
    assertThat(target.incoming()).containsExactly("\u2709 NMI from CPU 0 · waits here");
    assertThat(target.why().verdict())
        .isEqualTo(org.apicflow.trace.Arbitration.Verdict.NMI_WAITING);
    CpuCardState sender = CpuCardState.of(f, 0, bus, -1);
    assertThat(sender.deliveryBusy()).isTrue();
    CpuCardState spinning = CpuCardState.of(Frame.at(t, at(t, "stuck") + 1), 0, bus, -1);
    assertThat(spinning.badge()).isEqualTo(Badge.SPINNING);
    assertThat(spinning.badgeText()).isEqualTo("spinning on ICR");
  }

  @Test
  void pinningACpuShowsItsCodeWhateverTheEvent() throws Exception {
    // in pending-ipi only CPU 0 ever runs: pinning the offline CPU 1 shows no code
    PlaybackModel p = new PlaybackModel();
    MachineViewModel m = new MachineViewModel(p);
    CodeViewModel code = new CodeViewModel(p, m, Optional::empty);
    p.load(none, at(none, "irq-enable"));
    assertThat(code.getState().header()).isEqualTo("Code — CPU 0");
    assertThat(code.getState().location()).contains("start_kernel");
    m.toggleSelect(1);
    assertThat(m.getCards().get(1).selectedProperty().get()).isTrue();
    assertThat(code.getState().header()).isEqualTo("Code — CPU 1 (pinned)");
    assertThat(code.getState().lines()).isEmpty();
    m.toggleSelect(1);
    assertThat(code.getState().header()).isEqualTo("Code — CPU 0");

    // a pinned CPU that runs code keeps it while the steps are another CPU's
    Scenario s = ScenarioLoader.load(UiTestSupport.scenario("nmi-waits-test.yaml"));
    Trace t = Simulator.run(s.program("none"));
    p.load(t, at(t, "stuck") + 1);
    assertThat(t.cpu(p.getPosition() - 1)).isZero();
    m.toggleSelect(1);
    assertThat(code.getState().header()).isEqualTo("Code — CPU 1 (pinned)");
    assertThat(code.getState().location()).contains("stuck_nmi");
    m.toggleSelect(1);
    assertThat(code.getState().header()).isEqualTo("Code — CPU 0");
  }

  /** Package bridge to the bus computation. */
  static final class MachineViewModelAccess {
    static java.util.List<org.apicflow.ui.machine.Envelope> envelopes(Frame f, int focus) {
      return MachineViewModel.envelopes(f, focus);
    }
  }
}
