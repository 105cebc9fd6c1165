package org.apicflow.ui.code;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.apicflow.machine.Cpu;
import org.apicflow.machine.EventKind;
import org.apicflow.machine.Kernel;
import org.apicflow.machine.KernelFunction;
import org.apicflow.machine.Op;
import org.apicflow.machine.Program;
import org.apicflow.trace.Arbitration;
import org.apicflow.trace.EventText;
import org.apicflow.trace.Times;
import org.apicflow.trace.Trace;
import org.apicflow.ui.machine.MachineViewModel;
import org.apicflow.ui.playback.Frame;
import org.apicflow.ui.playback.PlaybackModel;

/** The code pane's model: derived from the frame and the CPU the machine view shows. */
public final class CodeViewModel {
  /** How far back to look for the shown CPU's last op before falling back to its position. */
  private static final int LOOKBACK = 4096;

  private final ReadOnlyObjectWrapper<CodeState> state =
      new ReadOnlyObjectWrapper<>(CodeState.EMPTY);
  private final PlaybackModel playback;
  private final MachineViewModel machine;
  private final Supplier<Optional<Program>> base;

  /**
   * @param base the scenario's unpatched program, for the diff of functions a fix replaced
   */
  public CodeViewModel(
      PlaybackModel playback, MachineViewModel machine, Supplier<Optional<Program>> base) {
    this.playback = playback;
    this.machine = machine;
    this.base = base;
    playback.frameProperty().addListener((o, was, is) -> update());
    machine.shownCpuProperty().addListener((o, was, is) -> update());
    machine.pinnedCpuProperty().addListener((o, was, is) -> update());
    update();
  }

  public ReadOnlyObjectProperty<CodeState> stateProperty() {
    return state.getReadOnlyProperty();
  }

  public CodeState getState() {
    return state.get();
  }

  private void update() {
    Frame f = playback.getFrame();
    if (f == null) {
      state.set(CodeState.EMPTY);
      return;
    }
    CodeState s = compute(f, machine.shownCpuProperty().get(), base.get());
    if (machine.pinnedCpuProperty().get() >= 0) {
      s =
          new CodeState(
              s.header() + " (pinned)",
              s.location(),
              s.patchedBy(),
              s.lines(),
              s.lit(),
              s.stepTitle(),
              s.narration(),
              s.note(),
              s.why(),
              s.whyBlocked());
    }
    state.set(s);
  }

  /** The code pane at a frame for one CPU; pure. */
  public static CodeState compute(Frame f, int cpu, Optional<Program> base) {
    Trace t = f.trace();
    Program p = t.program();
    Cpu c = f.state().cpu(cpu);
    int kernel = -1;
    int fn = -1;
    int pc = -1;
    boolean offline = c.state() == Cpu.RunState.WAIT_SIPI;
    for (int i = f.event(); !offline && i >= 0 && i > f.event() - LOOKBACK; i--) {
      if (t.cpu(i) == cpu && t.kernel(i) >= 0 && t.fn(i) >= 0) {
        kernel = t.kernel(i);
        fn = t.fn(i);
        pc = opPc(t, i);
        break;
      }
    }
    if (!offline && kernel < 0 && c.currentFunction() >= 0) {
      kernel = c.kernel();
      fn = c.currentFunction();
      pc = c.currentPc();
    }
    String header = "Code — CPU " + cpu;
    List<CodeLine> lines = new ArrayList<>();
    int lit = -1;
    String location = "";
    String patchedBy = "";
    if (kernel < 0) {
      location = noCodeText(f, c);
    }
    if (kernel >= 0) {
      Kernel k = p.kernel(kernel);
      KernelFunction kf = k.function(fn);
      location = (kf.src().isEmpty() ? kf.name() : kf.src()) + "  ·  " + k.name() + " kernel";
      patchedBy = kf.patchedBy();
      List<CodeLine> now = lines(kf, kf.isPatched() ? '+' : ' ');
      if (kf.isPatched() && base.isPresent()) {
        lines.addAll(diff(baseFunction(base.get(), k.name(), kf.name()), now));
      } else {
        lines.addAll(now);
      }
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).pc() == pc && lines.get(i).diff() != '-') {
          lit = i;
        }
      }
      if (lit < 0 && pc >= 0) {
        // the op has no line of its own (a compiled jump): light the line before it
        for (int i = 0; i < lines.size(); i++) {
          if (lines.get(i).pc() >= 0 && lines.get(i).pc() < pc) {
            lit = i;
          }
        }
      }
    }
    String stepTitle;
    String narration;
    String note = "";
    if (f.event() < 0) {
      stepTitle = "Start · t = 0";
      narration = "Before the first event. Step forward (Right) or press Space to play.";
    } else {
      int e = f.event();
      stepTitle = "Step " + f.position() + " of " + t.size() + " · t = " + Times.format(t.time(e));
      narration = "CPU " + t.cpu(e) + ": " + forPeople(t, e, EventText.describe(t, e));
      note = causedByOp(t.kind(e)) ? opAt(t, e).map(op -> op.info().note()).orElse("") : "";
    }
    Arbitration why = Arbitration.of(f.state(), cpu);
    boolean blocked =
        why.verdict() != Arbitration.Verdict.NOTHING_PENDING
            && why.verdict() != Arbitration.Verdict.OFFERED;
    return new CodeState(
        header,
        location,
        patchedBy,
        lines,
        lit,
        stepTitle,
        narration,
        note,
        "CPU " + cpu + ": " + why.text(),
        blocked);
  }

  /**
   * The narration without the scenario language's op names: a mark says its label, a test says
   * whether it holds, a phase is entered, a dereference reads.
   */
  public static String forPeople(Trace t, int e, String text) {
    var op = t.op(e).orElse(null);
    if (t.kind(e) == EventKind.MARK && op instanceof Op.Mark m) {
      return m.label().replace("{vector}", Trace.vectorText(t.a(e)));
    }
    if (t.kind(e) == EventKind.PHASE && op instanceof Op.Phase ph) {
      return "enters the " + ph.phase() + " phase";
    }
    if (op instanceof Op.IfNot) {
      return t.a(e) == 1 ? "the condition holds" : "the condition does not hold";
    }
    if (op instanceof Op.Deref) {
      return text.replaceFirst("^deref ", "reads ");
    }
    return text;
  }

  /**
   * Why a CPU shows no code: it is offline (never started by the kernel the machine runs now, or
   * stopped by INIT and waiting for a start-up IPI), or it has not run yet.
   */
  static String noCodeText(Frame f, Cpu c) {
    var m = f.state();
    int now = 0;
    for (int i = 0; i < m.cpuCount(); i++) {
      now = Math.max(now, m.cpu(i).kernel());
    }
    String kernel = m.program().kernel(now).name() + " kernel";
    if (c.state() == Cpu.RunState.WAIT_SIPI) {
      return c.started()
          ? "CPU "
              + c.index()
              + " is offline: an INIT reset it; it runs no code until a start-up"
              + " IPI starts it."
          : "CPU "
              + c.index()
              + " is offline: the "
              + kernel
              + " has not started it (no INIT and"
              + " start-up IPI yet), so it runs no code.";
    }
    return "CPU " + c.index() + " has run no code yet.";
  }

  /**
   * The op that caused event i. The machine records some MMIO events (an ICR write, the send, an
   * EOI) with the op index already advanced to the next op; such an event belongs to the op before
   * it when that one is the MMIO write and the recorded one is not.
   */
  /** The op that caused event i: the trace records its position. */
  static int opPc(Trace t, int i) {
    return t.pc(i);
  }

  private static Optional<Op> opAt(Trace t, int i) {
    if (t.kernel(i) < 0 || t.fn(i) < 0) {
      return Optional.empty();
    }
    List<Op> ops = t.program().kernel(t.kernel(i)).function(t.fn(i)).ops();
    int pc = opPc(t, i);
    return pc >= 0 && pc < ops.size() ? Optional.of(ops.get(pc)) : Optional.empty();
  }

  /** Events an op of the CPU itself caused (not arrivals, interrupt entries or timers). */
  private static boolean causedByOp(EventKind k) {
    return switch (k) {
      case IPI_DELIVER,
              IPI_ABANDON,
              IRQ_RAISE,
              TIMER_FIRE,
              IRQ_ENTRY,
              NMI_ENTRY,
              IRQ_EXIT,
              SPIN_END,
              DELAY_END,
              INIT,
              SIPI,
              HANG,
              SUCCESS,
              FINISH,
              STUCK ->
          false;
      default -> true;
    };
  }

  private static Optional<KernelFunction> baseFunction(Program base, String kernel, String fn) {
    int k = base.kernelIndex(kernel);
    if (k < 0) {
      return Optional.empty();
    }
    return base.kernel(k).functionIndex(fn).map(i -> base.kernel(k).function(i));
  }

  static List<CodeLine> lines(KernelFunction kf, char diff) {
    return CodeDiff.lines(kf, diff);
  }

  /** The replacement diffed against the base function; a function the fix adds is all '+'. */
  static List<CodeLine> diff(Optional<KernelFunction> base, List<CodeLine> now) {
    return base.isEmpty() ? now : CodeDiff.diff(CodeDiff.lines(base.get(), '-'), now);
  }
}
