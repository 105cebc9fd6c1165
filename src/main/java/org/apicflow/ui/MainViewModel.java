package org.apicflow.ui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import org.apicflow.apic.Quirks;
import org.apicflow.machine.Program;
import org.apicflow.scenario.Catalogue;
import org.apicflow.scenario.Scenario;
import org.apicflow.scenario.ScenarioException;
import org.apicflow.scenario.ScenarioLoader;
import org.apicflow.trace.RunLimitException;
import org.apicflow.trace.Simulator;
import org.apicflow.trace.Times;
import org.apicflow.trace.Trace;
import org.apicflow.trace.kvm.KvmReader;
import org.apicflow.ui.code.CodeViewModel;
import org.apicflow.ui.machine.MachineViewModel;
import org.apicflow.ui.playback.PlaybackModel;
import org.apicflow.ui.timeline.TimelineModel;
import org.apicflow.ui.timeline.TimelineViewModel;

/**
 * The window's presentation model. Properties: the scenario and fix shown, the choices, whether a
 * load runs, the outcome; the feature view models, all fed by one {@link PlaybackModel}. Commands:
 * open a built-in or a file, select a fix. Loading and simulating run off the FX thread; a load
 * that fails leaves the current scenario as it was and reports the error.
 */
public final class MainViewModel {
  /** A failed load: what to tell the user. */
  public record LoadError(String title, String message) {}

  private final PlaybackModel playback = new PlaybackModel();
  private final MachineViewModel machine = new MachineViewModel(playback);
  private final TimelineViewModel timeline = new TimelineViewModel(playback);
  private final CodeViewModel code;

  private final ObservableList<ScenarioChoice> choices = FXCollections.observableArrayList();
  private final ReadOnlyObjectWrapper<ScenarioChoice> choice = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyObjectWrapper<Scenario> scenario = new ReadOnlyObjectWrapper<>();

  /** The quirk settings as the scenario file has them; the run may use others (setQuirks). */
  private final ReadOnlyObjectWrapper<Quirks> fileQuirks = new ReadOnlyObjectWrapper<>();

  private final ReadOnlyBooleanWrapper changedQuirks = new ReadOnlyBooleanWrapper();

  private final ReadOnlyStringWrapper fix = new ReadOnlyStringWrapper(Scenario.NONE);
  private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
  private final ReadOnlyStringWrapper outcome = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
  private final BooleanProperty dark = new SimpleBooleanProperty();
  private final BooleanProperty presenter = new SimpleBooleanProperty();
  private final List<Consumer<LoadError>> errorListeners = new ArrayList<>();
  private final List<Consumer<Path>> traceListeners = new ArrayList<>();

  /** One simulation at a time, in order; the thread ends when idle, so copies leave none. */
  private final ExecutorService worker =
      new java.util.concurrent.ThreadPoolExecutor(
          0,
          1,
          5,
          java.util.concurrent.TimeUnit.SECONDS,
          new java.util.concurrent.LinkedBlockingQueue<>(),
          r -> {
            Thread t = new Thread(r, "apicflow-simulation");
            t.setDaemon(true);
            return t;
          });

  public MainViewModel() {
    code =
        new CodeViewModel(
            playback,
            machine,
            () -> Optional.ofNullable(scenario.get()).map(s -> s.program(Scenario.NONE)));
    for (String id : Catalogue.ids()) {
      choices.add(ScenarioChoice.builtIn(id));
    }
    playback.frameProperty().addListener((o, was, is) -> updateStatus());
  }

  // ------------------------------------------------------------------ properties

  public PlaybackModel playback() {
    return playback;
  }

  public MachineViewModel machine() {
    return machine;
  }

  public TimelineViewModel timeline() {
    return timeline;
  }

  public CodeViewModel code() {
    return code;
  }

  public ObservableList<ScenarioChoice> choices() {
    return choices;
  }

  public ReadOnlyObjectProperty<ScenarioChoice> choiceProperty() {
    return choice.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<Scenario> scenarioProperty() {
    return scenario.getReadOnlyProperty();
  }

  public Scenario getScenario() {
    return scenario.get();
  }

  public ReadOnlyStringProperty fixProperty() {
    return fix.getReadOnlyProperty();
  }

  public String getFix() {
    return fix.get();
  }

  public ReadOnlyBooleanProperty busyProperty() {
    return busy.getReadOnlyProperty();
  }

  public boolean isBusy() {
    return busy.get();
  }

  /** The run's outcome in a few words: "OOPS on CPU 0", "ok: vmcore-saved", "hang". */
  public ReadOnlyStringProperty outcomeProperty() {
    return outcome.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  public BooleanProperty darkProperty() {
    return dark;
  }

  public BooleanProperty presenterProperty() {
    return presenter;
  }

  public void onError(Consumer<LoadError> listener) {
    errorListeners.add(listener);
  }

  // ------------------------------------------------------------------ commands

  /**
   * Opens what the command line names, else the default built-in, else the first built-in. With no
   * built-ins at all the window stays empty and says so.
   */
  public void openInitial(List<String> args) {
    if (!args.isEmpty()) {
      String a = args.get(0);
      if (Catalogue.isBuiltIn(a)) {
        open(ScenarioChoice.builtIn(a), this::openDefault);
      } else {
        openFile(Path.of(a), this::openDefault);
      }
      return;
    }
    openDefault();
  }

  private void openDefault() {
    List<String> ids = Catalogue.ids();
    if (ids.contains(Catalogue.DEFAULT_ID)) {
      open(ScenarioChoice.builtIn(Catalogue.DEFAULT_ID));
    } else if (!ids.isEmpty()) {
      open(ScenarioChoice.builtIn(ids.get(0)));
    } else {
      status.set("No built-in scenarios in this build: open a scenario file (Ctrl+O).");
    }
  }

  /**
   * Opens a file the user picked: a KVM trace (told by its content) goes to the trace listeners,
   * which show it in a window of its own; anything else loads as a scenario.
   */
  public void openFile(Path p) {
    openFile(p, () -> {});
  }

  /**
   * As {@link #openFile(Path)}; a file that does not open is reported and then {@code onFailure}
   * runs (at start-up: the window shows the default scenario rather than nothing).
   */
  private void openFile(Path p, Runnable onFailure) {
    if (!traceListeners.isEmpty() && KvmReader.looksLikeKvmTrace(p)) {
      traceListeners.forEach(l -> l.accept(p));
      return;
    }
    open(ScenarioChoice.file(p), onFailure);
  }

  /** Who shows a KVM trace file that {@link #openFile} was given. */
  public void onTraceFile(Consumer<Path> listener) {
    traceListeners.add(listener);
  }

  /** Loads and simulates a scenario (fix none) off the FX thread, then shows it at the start. */
  public void open(ScenarioChoice c) {
    open(c, () -> {});
  }

  private void open(ScenarioChoice c, Runnable onFailure) {
    run(
        new Task<Loaded>() {
          @Override
          protected Loaded call() throws Exception {
            Scenario s =
                c.file().isPresent()
                    ? ScenarioLoader.load(c.file().get())
                    : Catalogue.load(c.builtInId());
            Trace t = Simulator.run(s.program(Scenario.NONE));
            return new Loaded(s, t, new TimelineModel(t));
          }
        },
        l -> {
          if (!choices.contains(c)) {
            choices.add(c);
          }
          choice.set(c);
          fileQuirks.set(l.scenario().quirks());
          scenario.set(l.scenario());
          fix.set(Scenario.NONE);
          timeline.prepare(l.timeline());
          show(l.trace(), 0);
        },
        "Cannot open " + c.label(),
        onFailure);
  }

  /** Switches the fix; the cursor keeps its time, so the runs can be compared at a moment. */
  public void selectFix(String name) {
    Scenario s = scenario.get();
    if (s == null || !s.hasFix(name) || name.equals(fix.get())) {
      return;
    }
    long at = playback.getFrame() == null ? 0 : playback.getFrame().time();
    boolean atStart = playback.getPosition() == 0;
    String previous = fix.get();
    fix.set(name);
    Program p = s.program(name);
    run(
        new Task<TimelineModel>() {
          @Override
          protected TimelineModel call() {
            return new TimelineModel(Simulator.run(p));
          }
        },
        m -> {
          Trace t = m.trace();
          timeline.prepare(m);
          show(t, atStart ? 0 : t.indexAtTime(at + 1));
        },
        "Cannot run fix " + name,
        () -> fix.set(previous));
  }

  /** The quirk settings of the open scenario's file (null before one is open). */
  public ReadOnlyObjectProperty<Quirks> fileQuirksProperty() {
    return fileQuirks.getReadOnlyProperty();
  }

  /** Whether the run shown uses quirk settings other than its file's (updated with each run). */
  public ReadOnlyBooleanProperty quirksChangedProperty() {
    return changedQuirks.getReadOnlyProperty();
  }

  /** "soft-disabled-fixed=deliver, ...": the quirks that differ from the file's, or empty. */
  public String changedQuirksText() {
    Scenario s = scenario.get();
    Quirks file = fileQuirks.get();
    if (s == null || file == null) {
      return "";
    }
    List<String> out = new ArrayList<>();
    for (var q : org.apicflow.apic.Quirk.values()) {
      if (!s.quirks().get(q).equals(file.get(q))) {
        out.add(q.key() + "=" + s.quirks().get(q));
      }
    }
    return String.join(", ", out);
  }

  /** Whether the run shown uses quirk settings other than its file's. */
  public boolean quirksChanged() {
    Scenario s = scenario.get();
    return s != null && fileQuirks.get() != null && !s.quirks().equals(fileQuirks.get());
  }

  /**
   * Re-simulates the open scenario, with the fix shown, on a machine with other quirk settings; the
   * cursor keeps its time, as with a fix switch. The outcome line says the quirks changed.
   */
  public void setQuirks(Quirks q) {
    Scenario s = scenario.get();
    if (s == null || q.equals(s.quirks())) {
      return;
    }
    Scenario next = s.withQuirks(q);
    long at = playback.getFrame() == null ? 0 : playback.getFrame().time();
    boolean atStart = playback.getPosition() == 0;
    Program p = next.program(fix.get());
    run(
        new Task<TimelineModel>() {
          @Override
          protected TimelineModel call() {
            return new TimelineModel(Simulator.run(p));
          }
        },
        m -> {
          scenario.set(next);
          Trace t = m.trace();
          timeline.prepare(m);
          show(t, atStart ? 0 : t.indexAtTime(at + 1));
        },
        "Cannot run with quirks " + q,
        () -> {});
  }

  private record Loaded(Scenario scenario, Trace trace, TimelineModel timeline) {}

  /** Runs a task off the FX thread; on failure undoes what the caller set and reports. */
  private <T> void run(Task<T> task, Consumer<T> done, String errorTitle, Runnable undo) {
    busy.set(true);
    task.setOnSucceeded(
        e -> {
          busy.set(false);
          done.accept(task.getValue());
        });
    task.setOnFailed(
        e -> {
          busy.set(false);
          undo.run();
          Throwable x = task.getException();
          String msg =
              x instanceof ScenarioException || x instanceof RunLimitException
                  ? x.getMessage()
                  : x.getClass().getSimpleName() + ": " + x.getMessage();
          LoadError err = new LoadError(errorTitle, msg);
          status.set(errorTitle + ": " + msg);
          errorListeners.forEach(l -> l.accept(err));
        });
    worker.submit(task);
  }

  private void show(Trace t, int position) {
    playback.load(t, position);
    var o = t.outcome();
    outcome.set(
        switch (o.kind()) {
          case OOPS -> "ends in OOPS on CPU " + o.cpu();
          case OK ->
              "ends ok · " + (t.program().success().isEmpty() ? "done" : t.program().success());
          case HANG -> "ends in a hang";
        });
    changedQuirks.set(quirksChanged());
    updateStatus();
  }

  private void updateStatus() {
    var f = playback.getFrame();
    if (f == null) {
      return;
    }
    Trace t = f.trace();
    String mark =
        Trace.previous(t.marks(), f.position())
            .map(m -> (m.event() == f.event() ? " · at mark " : " · after mark ") + m.name())
            .orElse("");
    String quirks = quirksChanged() ? "quirks changed: " + changedQuirksText() + " · " : "";
    status.set(
        quirks
            + "t = "
            + Times.format(f.time())
            + " · step "
            + f.position()
            + " / "
            + t.size()
            + mark
            + " · "
            + t.outcome().summary());
  }
}
