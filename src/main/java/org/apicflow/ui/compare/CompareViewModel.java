package org.apicflow.ui.compare;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import javafx.util.Duration;
import org.apicflow.apic.Quirk;
import org.apicflow.apic.Quirks;
import org.apicflow.scenario.Fix;
import org.apicflow.scenario.Scenario;
import org.apicflow.scenario.ScenarioException;
import org.apicflow.trace.Divergence;
import org.apicflow.trace.Simulator;
import org.apicflow.trace.Trace;

/**
 * The compare view's model: the runs of one scenario under the fixes the user picked, in the order
 * picked, aligned on an anchor mark, and the one shared cursor that moves them all. A quirk can be
 * lined up as well: then every picked fix runs once under each picked setting of that quirk ("P4 vs
 * QEMU vs KVM"), the rest of the machine as the scenario has it. Every run is simulated once per
 * scenario, off the FX thread; picking, ordering and re-anchoring only rebuild the panels. The
 * picks and the order (fixes, the quirk lined up and its settings) survive a change of scenario.
 */
public final class CompareViewModel {
  /**
   * A run of the grid: a fix, under the scenario's quirk settings ({@code quirk} null) or with one
   * quirk set to {@code option}.
   */
  public record Run(String fix, Quirk quirk, String option) {
    static Run of(String fix) {
      return new Run(fix, null, null);
    }

    /** The scenario this run simulates. */
    Scenario in(Scenario s) {
      return quirk == null ? s : s.withQuirks(s.quirks().with(quirk, option));
    }

    /** What names the run's panel: the fix, or "fix-option". */
    public String key() {
      return quirk == null ? fix : fix + "-" + option;
    }
  }

  private final ReadOnlyObjectWrapper<Quirk> lineup = new ReadOnlyObjectWrapper<>();
  private final ObservableList<FixChoice> options = FXCollections.observableArrayList();
  private final Map<Quirk, Set<String>> optionsUnticked = new EnumMap<>(Quirk.class);
  private final ObservableList<FixChoice> choices = FXCollections.observableArrayList();
  private final ObservableList<ComparePanelModel> panels = FXCollections.observableArrayList();
  private final ObservableList<String> anchors = FXCollections.observableArrayList();
  private final ReadOnlyStringWrapper anchor = new ReadOnlyStringWrapper(Alignment.START);
  private final ReadOnlyObjectWrapper<Scenario> scenario = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyObjectWrapper<Alignment> alignment = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyIntegerWrapper cursor = new ReadOnlyIntegerWrapper();
  private final ReadOnlyStringWrapper cursorText = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
  private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper();
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
  private final BooleanProperty playing = new SimpleBooleanProperty();
  private final javafx.beans.property.DoubleProperty speed =
      new javafx.beans.property.SimpleDoubleProperty(4);

  /** Every fix name seen, in the user's order; and the ones the user unticked. */
  private final List<String> order = new ArrayList<>();

  private final Set<String> unticked = new HashSet<>();
  private final Map<Run, Trace> traces = new HashMap<>();
  private Task<Map<Run, Trace>> running;
  private boolean syncing;
  private final Timeline clock = new Timeline(new KeyFrame(Duration.millis(250), e -> playStep()));
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "apicflow-compare");
            t.setDaemon(true);
            return t;
          });

  public CompareViewModel() {
    clock.setCycleCount(Timeline.INDEFINITE);
    // the clock's key frame is a step at 4 steps per second
    speed.addListener((o, was, is) -> clock.setRate(Math.max(0.25, is.doubleValue() / 4)));
    playing.addListener(
        (o, was, is) -> {
          if (is) {
            clock.play();
          } else {
            clock.stop();
          }
        });
  }

  // ------------------------------------------------------------------ properties

  /** The fixes of the scenario in the user's order, ticked when compared. */
  public ObservableList<FixChoice> choices() {
    return choices;
  }

  /**
   * The quirk lined up across the panels, or null: the fixes alone, as the scenario sets quirks.
   */
  public ReadOnlyObjectProperty<Quirk> lineupProperty() {
    return lineup.getReadOnlyProperty();
  }

  public Quirk getLineup() {
    return lineup.get();
  }

  /** The settings of the quirk lined up, in its own order, ticked when compared (empty: none). */
  public ObservableList<FixChoice> options() {
    return options;
  }

  /**
   * The panels shown, one per ticked fix (times ticked setting of the quirk lined up), in order.
   */
  public ObservableList<ComparePanelModel> panels() {
    return panels;
  }

  /** The marks every compared run shares (the anchor choices), then "start". */
  public ObservableList<String> anchors() {
    return anchors;
  }

  public ReadOnlyStringProperty anchorProperty() {
    return anchor.getReadOnlyProperty();
  }

  public String getAnchor() {
    return anchor.get();
  }

  public ReadOnlyObjectProperty<Scenario> scenarioProperty() {
    return scenario.getReadOnlyProperty();
  }

  public Scenario getScenario() {
    return scenario.get();
  }

  public ReadOnlyObjectProperty<Alignment> alignmentProperty() {
    return alignment.getReadOnlyProperty();
  }

  /** The shared cursor: an index into the alignment's offsets. */
  public ReadOnlyIntegerProperty cursorProperty() {
    return cursor.getReadOnlyProperty();
  }

  public int getCursor() {
    return cursor.get();
  }

  /** The last cursor index (0 without runs). */
  public int end() {
    Alignment a = alignment.get();
    return a == null ? 0 : a.size() - 1;
  }

  /** Where the cursor is, read from the anchor: "panic + 1.2 us". */
  public ReadOnlyStringProperty cursorTextProperty() {
    return cursorText.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty busyProperty() {
    return busy.getReadOnlyProperty();
  }

  public boolean isBusy() {
    return busy.get();
  }

  /** Progress of the simulations, 0..1. */
  public ReadOnlyDoubleProperty progressProperty() {
    return progress.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  public BooleanProperty playingProperty() {
    return playing;
  }

  /** Playing speed in steps per second. */
  public javafx.beans.property.DoubleProperty speedProperty() {
    return speed;
  }

  // ------------------------------------------------------------------ commands

  /** Compares the runs of a scenario: simulates every fix in the background, then shows them. */
  public void setScenario(Scenario s) {
    if (s == null || s == scenario.get()) {
      return;
    }
    playing.set(false);
    scenario.set(s);
    // the old runs go at once: a panel must never show one scenario's run under another's name
    traces.clear();
    panels.clear();
    rebuildChoices(s);
    rebuildOptions();
    List<Run> wanted = new ArrayList<>();
    for (String f : s.fixNames()) {
      wanted.add(Run.of(f));
    }
    for (Run r : selectedRuns()) {
      if (!wanted.contains(r)) {
        wanted.add(r);
      }
    }
    simulate(s, wanted, true);
  }

  /**
   * Lines up the settings of a quirk across the panels (each picked fix once per picked setting),
   * or, with null, compares the fixes alone again. The runs are aligned anew where they part.
   */
  public void setLineup(Quirk q) {
    Quirk was = lineup.get();
    if (q == was) {
      return;
    }
    batch = true;
    try {
      if (was == null) {
        // settings instead of fixes, to begin with: the first fix compared, the others come back
        // with the fixes alone (ticking more fixes lines up the settings of each)
        untickedBeforeLineup = new HashSet<>(unticked);
        boolean first = true;
        for (FixChoice c : choices) {
          if (c.isSelected() && !first) {
            c.selectedProperty().set(false);
          }
          first &= !c.isSelected();
        }
      } else if (q == null && untickedBeforeLineup != null) {
        for (FixChoice c : choices) {
          c.selectedProperty().set(!untickedBeforeLineup.contains(c.name()));
        }
        if (choices.stream().noneMatch(FixChoice::isSelected) && !choices.isEmpty()) {
          choices.get(0).selectedProperty().set(true);
        }
        untickedBeforeLineup = null;
      }
    } finally {
      batch = false;
    }
    remember();
    lineup.set(q);
    rebuildOptions();
    refresh(true);
  }

  /** While the line-up changes the ticks itself: one refresh at the end, not one per tick. */
  private boolean batch;

  /** The fixes unticked when a quirk was lined up, ticked again when it goes. */
  private Set<String> untickedBeforeLineup;

  /** Ticks or unticks a setting of the quirk lined up. At least one setting stays compared. */
  public void setOptionSelected(String option, boolean on) {
    for (FixChoice c : options) {
      if (c.name().equals(option)) {
        c.selectedProperty().set(on);
      }
    }
  }

  /** The runs the picks ask for, in the order shown. */
  public List<Run> selectedRuns() {
    List<Run> out = new ArrayList<>();
    Quirk q = lineup.get();
    for (FixChoice c : choices) {
      if (!c.isSelected()) {
        continue;
      }
      if (q == null) {
        out.add(Run.of(c.name()));
        continue;
      }
      for (FixChoice o : options) {
        if (o.isSelected()) {
          out.add(new Run(c.name(), q, o.name()));
        }
      }
    }
    return out;
  }

  /** Shows the runs the picks ask for, simulating those not simulated yet. */
  private void refresh(boolean fresh) {
    Scenario s = scenario.get();
    if (s == null) {
      return;
    }
    List<Run> missing = selectedRuns().stream().filter(r -> !traces.containsKey(r)).toList();
    if (missing.isEmpty() && running == null) {
      rebuildPanels(fresh);
    } else {
      List<Run> wanted = new ArrayList<>(missing);
      if (running != null) {
        // what the run under way was simulating is still wanted (a fresh scenario's fixes)
        for (Run r : runningFor) {
          if (!traces.containsKey(r) && !wanted.contains(r)) {
            wanted.add(r);
          }
        }
      }
      simulate(s, wanted, fresh || runningFresh);
    }
  }

  private List<Run> runningFor = List.of();
  private boolean runningFresh;

  /** Simulates runs in the background, then shows the picked ones. */
  private void simulate(Scenario s, List<Run> runs, boolean fresh) {
    if (running != null) {
      running.cancel();
    }
    List<Run> todo = List.copyOf(runs);
    Task<Map<Run, Trace>> task =
        new Task<>() {
          @Override
          protected Map<Run, Trace> call() {
            Map<Run, Trace> out = new LinkedHashMap<>();
            updateProgress(0, todo.size());
            for (Run r : todo) {
              if (isCancelled()) {
                break;
              }
              updateMessage(
                  "Simulating "
                      + r.fix()
                      + (r.quirk() == null ? "" : " with " + r.quirk().key() + "=" + r.option())
                      + "…");
              Scenario in = r.in(s);
              out.put(r, Simulator.run(in.program(r.fix())));
              updateProgress(out.size(), todo.size());
            }
            return out;
          }
        };
    running = task;
    runningFor = todo;
    runningFresh = fresh;
    busy.set(true);
    progress.unbind();
    progress.bind(task.progressProperty());
    status.bind(task.messageProperty());
    task.setOnSucceeded(
        e -> {
          if (task != running) {
            return;
          }
          finish();
          if (s != scenario.get()) {
            return;
          }
          traces.putAll(task.getValue());
          rebuildPanels(fresh);
          status.set(summary());
        });
    task.setOnFailed(
        e -> {
          if (task != running) {
            return;
          }
          finish();
          Throwable x = task.getException();
          String why =
              x instanceof IllegalArgumentException || x instanceof ScenarioException
                  ? x.getMessage()
                  : x.getClass().getSimpleName() + ": " + x.getMessage();
          status.set("Cannot simulate: " + why);
        });
    worker.submit(task);
  }

  /** The status line after a simulation: how many runs, and whether a quirk lined up matters. */
  private String summary() {
    int n = panels.size();
    Quirk q = lineup.get();
    if (q == null) {
      return n + (n == 1 ? " run" : " runs") + " compared";
    }
    long settings = options.stream().filter(FixChoice::isSelected).count();
    String what = q.key() + ": " + settings + (settings == 1 ? " setting" : " settings");
    List<Trace> runs = panels.stream().map(ComparePanelModel::trace).toList();
    if (runs.size() > 1 && Divergence.firstDifferentEvent(runs) < 0) {
      return what + " · the runs are alike: " + scenario.get().id() + " never meets this choice";
    }
    return what + " · " + n + (n == 1 ? " run" : " runs") + " compared";
  }

  private void finish() {
    busy.set(false);
    progress.unbind();
    progress.set(1);
    status.unbind();
    running = null;
    runningFor = List.of();
    runningFresh = false;
  }

  /** Ticks or unticks a fix. At least one fix stays compared. */
  public void setSelected(String fix, boolean on) {
    for (FixChoice c : choices) {
      if (c.name().equals(fix)) {
        c.selectedProperty().set(on);
      }
    }
  }

  /** Moves a fix one place up (-1) or down (+1) in the order. */
  public void move(String fix, int by) {
    int i = indexOf(fix);
    int j = i + by;
    if (i < 0 || j < 0 || j >= choices.size()) {
      return;
    }
    FixChoice c = choices.remove(i);
    choices.add(j, c);
    remember();
    refresh(false);
  }

  /** Aligns the runs on another shared mark; the cursor goes to that mark in every run. */
  public void setAnchor(String name) {
    if (name == null || !anchors.contains(name)) {
      return;
    }
    if (name.equals(anchor.get())) {
      toAnchor(); // picking the anchor again goes back to it
      return;
    }
    anchor.set(name);
    realign(null);
  }

  public void seek(int index) {
    Alignment a = alignment.get();
    if (a == null) {
      return;
    }
    int i = Math.max(0, Math.min(a.size() - 1, index));
    cursor.set(i);
    apply();
  }

  public void stepForward() {
    seek(cursor.get() + 1);
  }

  public void stepBack() {
    seek(cursor.get() - 1);
  }

  public void home() {
    seek(0);
  }

  public void toEnd() {
    seek(end());
  }

  /** Back to offset 0: every run on its anchor mark. */
  public void toAnchor() {
    Alignment a = alignment.get();
    if (a != null) {
      seek(a.anchorIndex());
    }
  }

  public void nextMark() {
    Alignment a = alignment.get();
    if (a != null) {
      int i = a.nextMark(cursor.get());
      if (i >= 0) {
        seek(i);
      }
    }
  }

  public void previousMark() {
    Alignment a = alignment.get();
    if (a != null) {
      int i = a.previousMark(cursor.get());
      seek(i >= 0 ? i : 0);
    }
  }

  public void togglePlay() {
    if (!playing.get() && cursor.get() >= end()) {
      home();
    }
    playing.set(!playing.get());
  }

  private void playStep() {
    if (cursor.get() >= end()) {
      playing.set(false);
    } else {
      stepForward();
    }
  }

  // ------------------------------------------------------------------ internals

  private int indexOf(String fix) {
    for (int i = 0; i < choices.size(); i++) {
      if (choices.get(i).name().equals(fix)) {
        return i;
      }
    }
    return -1;
  }

  private void rebuildChoices(Scenario s) {
    List<String> names = s.fixNames();
    for (String n : names) {
      if (!order.contains(n)) {
        order.add(n);
      }
    }
    List<FixChoice> list = new ArrayList<>();
    for (String n : order) {
      if (names.contains(n)) {
        String title = n.equals(Scenario.NONE) ? "no fix" : s.fix(n).map(Fix::title).orElse(n);
        list.add(new FixChoice(n, title, !unticked.contains(n)));
      }
    }
    if (list.stream().noneMatch(FixChoice::isSelected) && !list.isEmpty()) {
      list.get(0).selectedProperty().set(true); // something to compare
    }
    for (FixChoice c : list) {
      c.selectedProperty()
          .addListener(
              (o, was, is) -> {
                if (batch) {
                  return;
                }
                remember();
                refresh(false);
              });
    }
    choices.setAll(list);
  }

  /** The settings of the quirk lined up, ticked as the user left them for that quirk. */
  private void rebuildOptions() {
    Quirk q = lineup.get();
    if (q == null) {
      options.clear();
      return;
    }
    Set<String> off = optionsUnticked.computeIfAbsent(q, k -> new HashSet<>());
    Scenario s = scenario.get();
    List<FixChoice> list = new ArrayList<>();
    for (Quirk.Option o : q.options()) {
      boolean own = s != null && s.quirks().get(q).equals(o.name());
      String title =
          (o.label().isEmpty() ? o.name() : o.label()) + (own ? " (the scenario's setting)" : "");
      list.add(new FixChoice(o.name(), title, !off.contains(o.name())));
    }
    if (list.stream().noneMatch(FixChoice::isSelected)) {
      list.forEach(c -> c.selectedProperty().set(true));
      off.clear();
    }
    for (FixChoice c : list) {
      c.selectedProperty()
          .addListener(
              (o, was, is) -> {
                if (!is && options.stream().noneMatch(FixChoice::isSelected)) {
                  c.selectedProperty().set(true); // one setting at least
                  return;
                }
                if (is) {
                  off.remove(c.name());
                } else {
                  off.add(c.name());
                }
                refresh(false);
              });
    }
    options.setAll(list);
  }

  /** Folds the chooser's order and ticks back into the remembered ones. */
  private void remember() {
    List<String> shown = choices.stream().map(FixChoice::name).toList();
    // the shown fixes take the slots they held, in their new order; others keep theirs
    List<Integer> slots = new ArrayList<>();
    for (int i = 0; i < order.size(); i++) {
      if (shown.contains(order.get(i))) {
        slots.add(i);
      }
    }
    for (int k = 0; k < slots.size() && k < shown.size(); k++) {
      order.set(slots.get(k), shown.get(k));
    }
    for (FixChoice c : choices) {
      if (c.isSelected()) {
        unticked.remove(c.name());
      } else {
        unticked.add(c.name());
      }
    }
  }

  private void rebuildPanels(boolean fresh) {
    Scenario s = scenario.get();
    if (s == null || traces.isEmpty()) {
      return;
    }
    playing.set(false);
    List<ComparePanelModel> list = new ArrayList<>();
    boolean severalFixes = choices.stream().filter(FixChoice::isSelected).count() > 1;
    for (Run r : selectedRuns()) {
      Trace t = traces.get(r);
      if (t == null) {
        continue;
      }
      String fixTitle =
          r.fix().equals(Scenario.NONE) ? "no fix" : s.fix(r.fix()).map(Fix::title).orElse(r.fix());
      String fixSummary =
          r.fix().equals(Scenario.NONE)
              ? "The run with no fix."
              : s.fix(r.fix()).map(Fix::summary).orElse("");
      List<PatchDiff.Function> patch = PatchDiff.of(s, r.fix());
      if (r.quirk() == null) {
        list.add(new ComparePanelModel(r.fix(), fixTitle, fixSummary, t, patch));
        continue;
      }
      Quirk.Option o = r.quirk().option(r.option()).orElseThrow();
      String who = o.label().isEmpty() ? r.quirk().key() + " = " + o.name() : o.label();
      String name = severalFixes ? o.name() + " · " + r.fix() : o.name();
      String title = who + "  ·  " + r.quirk().key() + " = " + o.name() + ", " + fixTitle;
      String summary =
          r.quirk().question()
              + "\n\n"
              + o.name()
              + ": "
              + o.behaviour()
              + ".\n\nWho behaves so: "
              + o.implementations()
              + ".\n\n"
              + fixSummary;
      Quirks q = s.quirks().with(r.quirk(), r.option());
      list.add(new ComparePanelModel(r.key(), name, q, r.fix(), title, summary, t, patch));
    }
    Long keep = fresh || alignment.get() == null ? null : alignment.get().offset(cursor.get());
    panels.setAll(list);
    List<Trace> runs = list.stream().map(ComparePanelModel::trace).toList();
    List<String> shared = Alignment.sharedMarks(runs);
    anchors.setAll(shared);
    boolean toDifference = false;
    if (fresh || !shared.contains(anchor.get())) {
      anchor.set(Alignment.defaultAnchor(runs));
      keep = null;
      toDifference = true;
    }
    for (int i = 0; i < list.size(); i++) {
      int run = i;
      list.get(i)
          .playback()
          .positionProperty()
          .addListener((o, was, is) -> scrubbed(run, is.intValue()));
    }
    realign(keep);
    Alignment a = alignment.get();
    if (toDifference && a != null) {
      // at the default anchor the cursor stands where the runs first look different
      seek(a.firstDifferenceIndex(2_000));
    }
  }

  /** Builds the alignment for the current panels and anchor; the cursor keeps {@code keep}. */
  private void realign(Long keep) {
    List<Trace> runs = panels.stream().map(ComparePanelModel::trace).toList();
    Alignment a = new Alignment(runs, anchor.get());
    shareRuler(a);
    alignment.set(a);
    cursor.set(keep == null ? a.anchorIndex() : a.indexAtOrBefore(keep));
    apply();
  }

  private void shareRuler(Alignment a) {
    shareRuler(panels.stream().map(ComparePanelModel::timeline).toList(), a);
  }

  /**
   * Puts the timelines of aligned runs on one ruler: a run's time t sits at its offset from its
   * anchor, so the anchor is one vertical line through every strip, and the ruler folds only where
   * every run is idle. The compare export draws its strips the same way.
   *
   * @param strips the runs' timelines, in the alignment's order
   */
  public static void shareRuler(
      List<org.apicflow.ui.timeline.TimelineViewModel> strips, Alignment a) {
    int n = Math.min(strips.size(), a.runCount());
    if (n == 0) {
      return;
    }
    long min = 0;
    for (int i = 0; i < n; i++) {
      min = Math.min(min, -a.anchorTime(i));
    }
    java.util.TreeSet<Long> knots = new java.util.TreeSet<>();
    long[] shift = new long[n];
    for (int i = 0; i < n; i++) {
      shift[i] = -a.anchorTime(i) - min;
      org.apicflow.ui.timeline.TimelineModel m = strips.get(i).getModel();
      if (m != null) {
        for (long k : m.knots()) {
          knots.add(k + shift[i]);
        }
      }
    }
    knots.add(-min);
    org.apicflow.ui.timeline.TimeAxis ruler =
        org.apicflow.ui.timeline.TimeAxis.of(knots.stream().mapToLong(Long::longValue).toArray());
    for (int i = 0; i < n; i++) {
      strips.get(i).useRuler(ruler, shift[i], -min);
    }
  }

  /** A panel's own playback moved (its strip was scrubbed): move the shared cursor there. */
  private void scrubbed(int run, int position) {
    Alignment a = alignment.get();
    if (syncing || a == null || run >= a.runCount()) {
      return;
    }
    seek(a.indexAtOrBefore(a.offsetOf(run, position)));
  }

  private void apply() {
    Alignment a = alignment.get();
    if (a == null) {
      return;
    }
    long delta = a.offset(cursor.get());
    syncing = true;
    try {
      for (int i = 0; i < panels.size() && i < a.runCount(); i++) {
        ComparePanelModel p = panels.get(i);
        p.playback().seek(a.position(i, delta));
        p.setEnded(a.ended(i, delta));
      }
    } finally {
      syncing = false;
    }
    cursorText.set(a.describe(delta));
  }
}
