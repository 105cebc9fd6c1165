package org.apicflow.ui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
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
import org.apicflow.ui.playback.Navigation;
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
  private final DoubleProperty userZoom = new SimpleDoubleProperty(1.0);
  private final ReadOnlyDoubleWrapper uiScale = new ReadOnlyDoubleWrapper(1.0);
  private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("");
  private final Navigation navigation = new Navigation(playback);

  /** Title and summary of each picker entry, filled in the background and at each load. */
  private final javafx.collections.ObservableMap<ScenarioChoice, About> about =
      FXCollections.observableHashMap();

  /** What the picker shows of a scenario: its title and the first sentence of its summary. */
  public record About(String title, String summary) {
    static About of(Scenario s) {
      String sum = s.summary().strip().replaceAll("\\s+", " ");
      int dot = sum.indexOf(". ");
      return new About(s.title(), dot > 0 ? sum.substring(0, dot + 1) : sum);
    }
  }

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
    userZoom.addListener((o, was, is) -> updateScale());
    presenter.addListener((o, was, is) -> updateScale());
    scenario.addListener((o, was, is) -> title.set(is == null ? "" : is.title()));
  }

  /** Title and summary of the picker entries known so far. */
  public javafx.collections.ObservableMap<ScenarioChoice, About> about() {
    return about;
  }

  private boolean described;

  /** Whether the built-ins' titles and summaries have been asked for (they are read once). */
  public boolean builtInsAskedFor() {
    return described;
  }

  /** Reads the built-ins' titles and summaries off the FX thread, for the picker; once. */
  public void describeBuiltIns() {
    if (described) {
      return;
    }
    described = true;
    List<ScenarioChoice> list = List.copyOf(choices);
    Thread t =
        new Thread(
            () -> {
              java.util.Map<ScenarioChoice, About> found = new java.util.LinkedHashMap<>();
              for (ScenarioChoice c : list) {
                if (c.file().isEmpty()) {
                  try {
                    found.put(c, About.of(Catalogue.load(c.builtInId())));
                  } catch (ScenarioException | RuntimeException e) {
                    // the picker shows the id; opening it reports the error
                  }
                }
              }
              javafx.application.Platform.runLater(
                  () -> found.forEach((k, v) -> about.putIfAbsent(k, v)));
            },
            "apicflow-catalogue");
    t.setDaemon(true);
    t.start();
  }

  // ------------------------------------------------------------------ scale

  /** Presenter mode scales the whole interface by this much (type at least 1.6x). */
  public static final double PRESENTER_SCALE = 1.65;

  /** The steps of Ctrl+Plus / Ctrl+Minus. */
  public static final List<Double> ZOOMS = List.of(0.8, 0.9, 1.0, 1.1, 1.25, 1.4, 1.6, 1.8, 2.0);

  /**
   * The scale of the whole interface: presenter mode times the user's zoom. The window applies it
   * to its root as the font size; every size in the style sheet is in em.
   */
  public ReadOnlyDoubleProperty uiScaleProperty() {
    return uiScale.getReadOnlyProperty();
  }

  public double getUiScale() {
    return uiScale.get();
  }

  /** The user's zoom (Ctrl+Plus / Ctrl+Minus), 1 by default, in any mode. */
  public DoubleProperty userZoomProperty() {
    return userZoom;
  }

  public void zoomIn() {
    userZoom.set(
        ZOOMS.stream().filter(z -> z > userZoom.get() + 1e-9).findFirst().orElse(ZOOMS.get(8)));
  }

  public void zoomOut() {
    double z = ZOOMS.get(0);
    for (double d : ZOOMS) {
      if (d < userZoom.get() - 1e-9) {
        z = d;
      }
    }
    userZoom.set(z);
  }

  public void zoomReset() {
    userZoom.set(1.0);
  }

  private void updateScale() {
    double z = Math.max(ZOOMS.get(0), Math.min(ZOOMS.get(ZOOMS.size() - 1), userZoom.get()));
    uiScale.set((presenter.get() ? PRESENTER_SCALE : 1.0) * z);
  }

  /** The title of the scenario shown, empty before the first load. */
  public ReadOnlyStringProperty titleProperty() {
    return title.getReadOnlyProperty();
  }

  /** Back and forward through the cursor's jumps. */
  public Navigation navigation() {
    return navigation;
  }

  /** Opens the scenario shown again from its file or the catalogue, keeping fix and time. */
  public void reload() {
    ScenarioChoice c = choice.get();
    if (c == null) {
      return;
    }
    String keepFix = fix.get();
    int keepPos = playback.getPosition();
    open(c, keepFix, keepPos);
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
        open(ScenarioChoice.builtIn(a), Scenario.NONE, 0, this::openDefault);
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
    open(ScenarioChoice.file(p), Scenario.NONE, 0, onFailure);
  }

  /** Who shows a KVM trace file that {@link #openFile} was given. */
  public void onTraceFile(Consumer<Path> listener) {
    traceListeners.add(listener);
  }

  /** Loads and simulates a scenario (fix none) off the FX thread, then shows it at the start. */
  public void open(ScenarioChoice c) {
    open(c, Scenario.NONE, 0);
  }

  /**
   * Loads a scenario and shows it with a fix (when the scenario has it; else none) at a position.
   */
  public void open(ScenarioChoice c, String wantedFix, int position) {
    open(c, wantedFix, position, () -> {});
  }

  private void open(ScenarioChoice c, String wantedFix, int position, Runnable onFailure) {
    if (leaveGuard != null && !c.equals(choice.get()) && !leaveGuard.test(c)) {
      return; // the user kept the scenario shown (e.g. to save an edit first)
    }
    cancelOpening();
    int gen = ++openings;
    Task<Loaded> task =
        new Task<Loaded>() {
          @Override
          protected Loaded call() throws Exception {
            Scenario s =
                c.file().isPresent()
                    ? ScenarioLoader.load(c.file().get())
                    : Catalogue.load(c.builtInId());
            String f = s.hasFix(wantedFix) ? wantedFix : Scenario.NONE;
            Program p = s.program(f);
            Trace first = Simulator.prefix(p, PREVIEW_EVENTS);
            if (first.size() < PREVIEW_EVENTS) {
              return new Loaded(s, f, first, new TimelineModel(first)); // the whole run already
            }
            if (position <= first.size()) {
              previewFirst(this, gen, c, s, f, TimelineModel.ofStart(first), position);
            }
            long horizon = Math.max(1, p.config().horizonNs());
            Trace t =
                Simulator.run(
                    p,
                    (events, time) -> {
                      if (isCancelled() || Thread.currentThread().isInterrupted()) {
                        throw new java.util.concurrent.CancellationException();
                      }
                      reportProgress(gen, Math.min(1.0, time / (double) horizon));
                    });
            return new Loaded(s, f, t, new TimelineModel(t));
          }
        };
    opening = task;
    run(
        task,
        l -> {
          if (gen != openings) {
            return;
          }
          opening = null;
          // the cursor stays where the user took it in the first look
          int at = firstLook ? playback.getPosition() : position;
          firstLook = false;
          present(c, l.scenario(), l.fix(), l.timeline(), at);
          endPreview();
        },
        "Cannot open " + c.label(),
        () -> {
          if (gen == openings) {
            opening = null;
            restoreShown(); // what was shown before the first look, as a failed open leaves it
          }
          onFailure.run();
        });
  }

  // ------------------------------------------------------------------ first look

  /** Events simulated for the first look at a long run, shown while the rest is simulated. */
  public static final int PREVIEW_EVENTS = 2048;

  /** The open in flight (on the worker), cancelled when another open or a run replaces it. */
  private Task<?> opening;

  /** Counts opens; a first look or result of an older open is dropped. */
  private int openings;

  private final ReadOnlyBooleanWrapper preview = new ReadOnlyBooleanWrapper();

  /** The run shown is a first look (set just before it is shown; {@link #preview} just after). */
  private boolean firstLook;

  private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(-1);
  private final java.util.concurrent.atomic.AtomicLong progressBits =
      new java.util.concurrent.atomic.AtomicLong(-1);

  /**
   * True while the window shows the start of a run (its first {@link #PREVIEW_EVENTS} events) and
   * the whole run is still being simulated; the whole run replaces it in one update.
   */
  public ReadOnlyBooleanProperty previewProperty() {
    return preview.getReadOnlyProperty();
  }

  public boolean isPreview() {
    return preview.get();
  }

  /** How far the simulation of the run being opened has got, 0 to 1; -1 when unknown or none. */
  public ReadOnlyDoubleProperty progressProperty() {
    return progress.getReadOnlyProperty();
  }

  /**
   * Shows the first look (on the FX thread) and waits until a pulse has drawn it, so the first
   * frame does not share the processor with the rest of the simulation. At most a second.
   */
  private void previewFirst(
      Task<?> task, int gen, ScenarioChoice c, Scenario s, String f, TimelineModel m, int position)
      throws InterruptedException {
    java.util.concurrent.CountDownLatch drawn = new java.util.concurrent.CountDownLatch(1);
    javafx.application.Platform.runLater(
        () -> {
          if (gen != openings || task.isCancelled()) {
            drawn.countDown();
            return;
          }
          progress.set(0);
          timeline.setPending(
              "first "
                  + String.format(java.util.Locale.ROOT, "%,d", m.trace().size())
                  + " events · simulating…");
          if (!firstLook) {
            shownBefore =
                new Shown(
                    choice.get(),
                    scenario.get(),
                    fix.get(),
                    fileQuirks.get(),
                    timeline.getModel(),
                    playback.getPosition());
          }
          firstLook = true;
          present(c, s, f, m, position);
          preview.set(true);
          new javafx.animation.AnimationTimer() {
            private int pulses;

            @Override
            public void handle(long now) {
              if (++pulses == 2) { // the pulse after the one that drew the first look
                stop();
                drawn.countDown();
              }
            }
          }.start();
        });
    drawn.await(1, java.util.concurrent.TimeUnit.SECONDS);
  }

  /** Tells the window how far the simulation got: at most one update waits at a time. */
  private void reportProgress(int gen, double done) {
    long bits = Double.doubleToLongBits(done);
    if (progressBits.getAndSet(bits) == -1) {
      javafx.application.Platform.runLater(
          () -> {
            double d = Double.longBitsToDouble(progressBits.getAndSet(-1));
            if (gen == openings && preview.get()) {
              progress.set(d);
              outcome.set(simulatingText(d));
            }
          });
    }
  }

  private static String simulatingText(double done) {
    return "simulating… " + Math.round(done * 100) + "%";
  }

  /** Stops an open in flight: its first look stays until what replaces it is shown. */
  private void cancelOpening() {
    openings++;
    if (opening != null) {
      opening.cancel(true);
      opening = null;
    }
  }

  /** What the window showed before a first look: shown again when the whole run fails. */
  private record Shown(
      ScenarioChoice choice,
      Scenario scenario,
      String fix,
      Quirks fileQuirks,
      TimelineModel timeline,
      int position) {}

  private Shown shownBefore;

  /**
   * An open failed (the whole run broke a limit the start did not): the first look goes and what
   * was shown before it comes back, as if the open had never started. With nothing before, the
   * first look stays, no longer called a first look; the error is reported either way.
   */
  private void restoreShown() {
    Shown b = shownBefore;
    if (firstLook && b != null && b.choice() != null && b.timeline() != null) {
      firstLook = false;
      present(b.choice(), b.scenario(), b.fix(), b.timeline(), b.position());
      fileQuirks.set(b.fileQuirks());
      changedQuirks.set(quirksChanged());
      updateStatus();
    }
    endPreview();
  }

  private void endPreview() {
    shownBefore = null;
    firstLook = false;
    preview.set(false);
    progress.set(-1);
    timeline.setPending("");
  }

  /**
   * Shows a scenario loaded and simulated elsewhere (the scenario editor, a watched file), in one
   * update of the FX thread, as an open would: choice, scenario, fix, timeline and cursor together.
   */
  public void showSimulated(ScenarioChoice c, Scenario s, String f, TimelineModel m, int position) {
    cancelOpening();
    firstLook = false;
    present(c, s, f, m, position);
    endPreview();
  }

  /** Shows a run: choice, scenario, fix, timeline and cursor together. */
  private void present(ScenarioChoice c, Scenario s, String f, TimelineModel m, int position) {
    if (!choices.contains(c)) {
      choices.add(c);
    }
    about.put(c, About.of(s));
    choice.set(c);
    fileQuirks.set(s.quirks());
    scenario.set(s);
    fix.set(f);
    timeline.prepare(m);
    show(m.trace(), position);
  }

  private java.util.function.Predicate<ScenarioChoice> leaveGuard;

  /**
   * Asked before another scenario replaces the one shown; false keeps the one shown (the editor
   * asks whether to save unsaved changes).
   */
  public void setLeaveGuard(java.util.function.Predicate<ScenarioChoice> guard) {
    leaveGuard = guard;
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
    boolean wasPreview = preview.get();
    cancelOpening(); // the run of the other fix replaces the one being opened
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
          firstLook = false;
          timeline.prepare(m);
          show(t, atStart ? 0 : t.indexAtTime(at + 1));
          endPreview();
        },
        "Cannot run fix " + name,
        () -> {
          fix.set(previous);
          reopenAfter(wasPreview, previous);
        });
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
    boolean wasPreview = preview.get();
    cancelOpening();
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
          firstLook = false;
          timeline.prepare(m);
          show(t, atStart ? 0 : t.indexAtTime(at + 1));
          endPreview();
        },
        "Cannot run with quirks " + q,
        () -> reopenAfter(wasPreview, fix.get()));
  }

  /**
   * After a run that replaced an open in flight failed: the first look is all that is shown, so the
   * scenario is opened again rather than left half simulated.
   */
  private void reopenAfter(boolean wasPreview, String f) {
    ScenarioChoice c = choice.get();
    if (wasPreview && preview.get() && c != null) {
      open(c, f, playback.getPosition());
    }
  }

  private record Loaded(Scenario scenario, String fix, Trace trace, TimelineModel timeline) {}

  /** Runs a task off the FX thread; on failure undoes what the caller set and reports. */
  private <T> void run(Task<T> task, Consumer<T> done, String errorTitle, Runnable undo) {
    running++;
    busy.set(true);
    task.setOnSucceeded(
        e -> {
          busy.set(--running > 0);
          done.accept(task.getValue());
        });
    task.setOnCancelled(e -> busy.set(--running > 0));
    task.setOnFailed(
        e -> {
          busy.set(--running > 0);
          undo.run();
          Throwable x = task.getException();
          String msg =
              x instanceof ScenarioException || x instanceof RunLimitException
                  ? x.getMessage()
                  : x instanceof OutOfMemoryError
                      ? outOfMemoryText()
                      : x.getClass().getSimpleName() + ": " + x.getMessage();
          LoadError err = new LoadError(errorTitle, msg);
          status.set(errorTitle + ": " + msg);
          errorListeners.forEach(l -> l.accept(err));
        });
    worker.submit(task);
  }

  /**
   * What the window says when a task ran out of memory (its objects are garbage again by then, so
   * the window goes on with what it showed before).
   */
  static String outOfMemoryText() {
    return String.format(
        java.util.Locale.ROOT,
        "not enough memory: the app may use %,d MB and this needs more",
        Runtime.getRuntime().maxMemory() >> 20);
  }

  /** Tasks submitted and not yet ended: the window is busy while there are any. */
  private int running;

  private void show(Trace t, int position) {
    playback.load(t, position);
    var o = t.outcome();
    if (firstLook) {
      outcome.set(simulatingText(Math.max(0, progress.get())));
      updateStatus();
      return;
    }
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
    String quirks = quirksChanged() ? "quirks changed: " + changedQuirksText() + " · " : "";
    String text = statusText(f);
    if (firstLook) {
      // "step 3 / 2048" would claim the run has 2048 steps: say that the rest is on its way
      text =
          text.replace(
              " / " + f.trace().size() + " ·",
              " of the first "
                  + String.format(java.util.Locale.ROOT, "%,d", f.trace().size())
                  + " (simulating the rest) ·");
    }
    status.set(quirks + text);
  }

  /**
   * Where the cursor is, in one line: "step 12 / 49 · t = 640 ns · after: IRR set on CPU 0". The
   * outcome is not repeated here: the toolbar shows it.
   */
  static String statusText(org.apicflow.ui.playback.Frame f) {
    Trace t = f.trace();
    String mark =
        Trace.previous(t.marks(), f.position())
            .map(m -> (m.event() == f.event() ? " · at: " : " · after: ") + markText(m))
            .orElse("");
    return "step " + f.position() + " / " + t.size() + " · t = " + Times.format(f.time()) + mark;
  }

  private static String markText(org.apicflow.trace.Mark m) {
    return TimelineModel.shortLabel(m);
  }
}
