package org.apicflow.ui;

import static org.apicflow.ui.UiTestSupport.awaitCondition;
import static org.apicflow.ui.UiTestSupport.awaitLoaded;
import static org.apicflow.ui.UiTestSupport.fx;
import static org.apicflow.ui.UiTestSupport.fxGet;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.apicflow.bench.BigScenarios;
import org.apicflow.ui.code.CodeState;
import org.apicflow.ui.code.CodeViewModel;
import org.apicflow.ui.log.EventLogView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * What a step lays out: the code pane, the event log and the status line change at every step, and
 * each lays itself out without asking the window for a layout (counted as layout requests reaching
 * the panes around them, never timed). And what they show after the step: the code pane the shown
 * CPU's lines with the right one lit, the log the cursor's row, also in a run longer than the rows
 * the log's table holds at once.
 */
@ExtendWith(ApplicationExtension.class)
class StepLayoutTest {
  private MainViewModel vm;
  private MainWindow window;

  @Start
  void start(Stage stage) {
    vm = new MainViewModel();
    window = new MainWindow(vm);
    window.show(stage);
    vm.open(UiTestSupport.builtIn(vm, UiTestSupport.PENDING_IPI));
  }

  private void settle() {
    UiTestSupport.layOut(window, 1, false);
  }

  /** Counts the times each node asks for a layout of its own (its needsLayout turning on). */
  private static int[] watch(List<Parent> nodes) {
    int[] count = new int[nodes.size()];
    for (int i = 0; i < nodes.size(); i++) {
      int k = i;
      nodes.get(i).needsLayoutProperty().addListener((o, was, is) -> count[k] += is ? 1 : 0);
    }
    return count;
  }

  @Test
  void stepsLayOutTheCodePaneLogAndStatusLineWithoutTheWindowAroundThem() {
    awaitLoaded(vm);
    // rows of the log in view (the window's divider leaves it its heading only)
    UiTestSupport.logDivider(window, 0.4);
    settle();
    Node code = window.scene().lookup("#code-view");
    Node log = window.scene().lookup("#event-log");
    Label status = (Label) window.scene().lookup("#status");
    SplitPane right = (SplitPane) ancestor(code, SplitPane.class);
    assertThat(ancestor(log, SplitPane.class)).isSameAs(right);
    Parent bar = (Parent) window.scene().lookup("#status-bar");
    // the panes that hold only these three: the split pane of code and log (with its item
    // holders) and the status bar
    List<Parent> around = new ArrayList<>();
    around.add(right);
    around.addAll(
        right.getChildrenUnmodifiable().stream()
            .filter(n -> n instanceof Parent)
            .map(n -> (Parent) n)
            .toList());
    around.add(bar);
    int[] requests = fxGet(() -> watch(around));
    int[] own = fxGet(() -> watch(List.of((Parent) code, (Parent) log)));
    String statusBefore = fxGet(status::getText);
    java.util.Set<Object> shown = new java.util.HashSet<>();
    for (int p = 1; p <= 30; p++) {
      int at = p;
      fx(() -> vm.playback().seek(at));
      settle();
      shown.add(fxGet(() -> List.of(vm.code().getState().lines(), vm.code().getState().lit())));
      assertCodePaneShowsTheFrame();
      assertThat(fxGet(() -> selectedEvent())).isEqualTo(at - 1);
    }
    // the steps changed what these panes show, and they were laid out for it ...
    assertThat(shown).hasSizeGreaterThan(1);
    assertThat(fxGet(status::getText)).isNotEqualTo(statusBefore).contains("step 30 / ");
    assertThat(own[0]).isPositive();
    assertThat(own[1]).isPositive();
    // ... each in its own bounds: no layout request reached the panes around them
    assertThat(requests).containsOnly(0);
  }

  @Test
  void aCollapsedLogLeavesItsRowsAloneAndShowsTheCursorsRowWhenOpened() {
    awaitLoaded(vm);
    UiTestSupport.logDivider(window, 0.4);
    // after each pulse's layout: the nodes of the log that the pulse will hand to the renderer as
    // changed (each gives a region to repaint)
    int[] dirty = {0};
    Node body = fxGet(() -> window.scene().lookup("#event-log"));
    Runnable count = () -> dirty[0] += dirtyNodes(body);
    fx(() -> window.scene().addPostLayoutPulseListener(count));
    // with its rows in view the log shows each step: its rows change
    stepInPulses(2, 3);
    assertThat(fxGet(() -> logView().rowsInSight())).isTrue();
    assertThat(fxGet(this::selectedEvent)).isEqualTo(2);
    assertThat(dirty[0]).isPositive();
    // the divider above the log pushed down to the bottom: no row of the log can be seen
    UiTestSupport.logDivider(window, 1.0);
    assertThat(fxGet(() -> logView().rowsInSight())).isFalse();
    List<String> rows = fxGet(this::rowStates);
    assertThat(rows).isNotEmpty();
    int selected = fxGet(() -> table().getSelectionModel().getSelectedIndex());
    int[] requests = fxGet(() -> watch(List.of((Parent) table())));
    fx(() -> dirty[0] = 0);
    stepInPulses(4, 20);
    fx(() -> window.scene().removePostLayoutPulseListener(count));
    // nothing of the log changed, so nothing of it is repainted
    assertThat(dirty[0]).isZero();
    // the steps left the table alone: the same selection, the same rows in the same state, no
    // layout asked for
    assertThat(fxGet(() -> table().getSelectionModel().getSelectedIndex())).isEqualTo(selected);
    assertThat(fxGet(this::rowStates)).isEqualTo(rows);
    assertThat(requests).containsOnly(0);
    // opened again: the cursor's row is selected, and in view
    UiTestSupport.logDivider(window, 0.4);
    awaitCondition(() -> logView().rowsInSight() && selectedEvent() == 19);
    fx(() -> window.scene().getRoot().layout());
    Node row =
        fxGet(
            () ->
                table().lookupAll(".table-row-cell").stream()
                    .filter(
                        n ->
                            n.isVisible()
                                && n instanceof javafx.scene.control.TableRow<?> r
                                && r.getIndex() == logView().rowOf(19))
                    .findFirst()
                    .orElseThrow());
    assertThat(fxGet(() -> ((javafx.scene.control.TableRow<?>) row).isSelected())).isTrue();
    javafx.scene.control.skin.VirtualFlow<?> flow =
        fxGet(() -> (javafx.scene.control.skin.VirtualFlow<?>) table().lookup(".virtual-flow"));
    assertThat(
            UiTestSupport.inside(
                fxGet(() -> row.localToScene(row.getLayoutBounds())),
                fxGet(() -> flow.localToScene(flow.getLayoutBounds()))))
        .isTrue();
    // and it follows the cursor again at once
    fx(() -> vm.playback().seek(25));
    assertThat(fxGet(this::selectedEvent)).isEqualTo(24);
  }

  @Test
  void aLogDrawnOffScreenFollowsTheCursor() {
    // as an export draws the window: a scene with no window, so no pulses, laid out by hand
    MainViewModel off = fxGet(MainViewModel::new);
    MainWindow drawn = fxGet(() -> new MainWindow(off));
    fx(() -> off.open(UiTestSupport.builtIn(off, UiTestSupport.PENDING_IPI)));
    awaitLoaded(off);
    fx(() -> drawn.scene().getRoot().applyCss());
    fx(() -> off.playback().seek(5));
    fx(
        () -> {
          javafx.scene.layout.Region root = (javafx.scene.layout.Region) drawn.scene().getRoot();
          root.resize(1920, 1200);
          root.applyCss();
          root.layout();
        });
    TableView<?> log = (TableView<?>) fxGet(() -> drawn.scene().lookup("#event-table"));
    assertThat(fxGet(() -> log.getSelectionModel().getSelectedIndex())).isEqualTo(4);
    fx(() -> off.playback().seek(7));
    assertThat(fxGet(() -> log.getSelectionModel().getSelectedIndex())).isEqualTo(6);
  }

  /**
   * Moves the cursor to each position from {@code from} to {@code to}, each in pulses of its own.
   */
  private void stepInPulses(int from, int to) {
    int[] pulses = {0};
    Runnable count = () -> pulses[0]++;
    fx(() -> window.scene().addPostLayoutPulseListener(count));
    for (int p = from; p <= to; p++) {
      int at = p;
      int before = fxGet(() -> pulses[0]);
      fx(() -> vm.playback().seek(at));
      awaitCondition(() -> pulses[0] >= before + 2);
    }
    fx(() -> window.scene().removePostLayoutPulseListener(count));
  }

  /**
   * The shown nodes under {@code n} (itself included) changed since they were last handed to the
   * renderer (a hidden node keeps its changes until it is shown).
   */
  private static int dirtyNodes(Node n) {
    if (!n.isVisible()) {
      return 0;
    }
    int k = com.sun.javafx.scene.NodeHelper.isDirtyEmpty(n) ? 0 : 1;
    if (n instanceof Parent p) {
      for (Node c : p.getChildrenUnmodifiable()) {
        k += dirtyNodes(c);
      }
    }
    return k;
  }

  /** Each row of the log's table: its index, whether it is selected, shown, and where it is. */
  private List<String> rowStates() {
    List<String> out = new ArrayList<>();
    for (Node n : table().lookupAll(".table-row-cell")) {
      if (n instanceof javafx.scene.control.TableRow<?> r) {
        out.add(
            r.getIndex()
                + (r.isSelected() ? " selected" : "")
                + (r.isVisible() ? " shown" : "")
                + " at "
                + r.getLayoutY()
                + " "
                + r.getPseudoClassStates());
      }
    }
    return out;
  }

  /** The code pane's lines and lit line are the code model's for the frame and shown CPU. */
  private void assertCodePaneShowsTheFrame() {
    CodeState want =
        fxGet(
            () ->
                CodeViewModel.compute(
                    vm.playback().getFrame(),
                    vm.machine().shownCpuProperty().get(),
                    Optional.empty()));
    org.apicflow.ui.code.CodeView view =
        (org.apicflow.ui.code.CodeView) window.scene().lookup("#code-view").getParent();
    List<javafx.scene.layout.HBox> rows = fxGet(view::lineRows);
    List<String> texts =
        fxGet(
            () ->
                rows.stream()
                    .map(r -> ((Label) r.getChildren().get(1)).getText().strip())
                    .toList());
    assertThat(texts).isEqualTo(want.lines().stream().map(l -> l.text().strip()).toList());
    List<Integer> lit = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i).getPseudoClassStates().contains(PseudoClass.getPseudoClass("lit"))) {
        lit.add(i);
      }
    }
    if (want.lit() >= 0) {
      // lit, and in view: wholly inside the pane
      var row = rows.get(want.lit());
      var pane = row.getParent();
      assertThat(fxGet(() -> row.getBoundsInParent().getMinY())).isGreaterThanOrEqualTo(-0.5);
      assertThat(fxGet(() -> row.getBoundsInParent().getMaxY()))
          .isLessThanOrEqualTo(fxGet(() -> pane.getLayoutBounds().getHeight()) + 0.5);
    }
    if (want.lit() >= 0) {
      assertThat(lit).containsExactly(want.lit());
    } else {
      assertThat(lit).isEmpty();
    }
  }

  private static Node ancestor(Node n, Class<?> type) {
    Node p = n.getParent();
    while (p != null && !type.isInstance(p)) {
      p = p.getParent();
    }
    return p;
  }

  private EventLogView logView() {
    return (EventLogView) window.scene().lookup("#event-log").getParent();
  }

  @SuppressWarnings("unchecked")
  private TableView<Integer> table() {
    return (TableView<Integer>) window.scene().lookup("#event-table");
  }

  /** The event of the log's selected row, -1 without one. */
  private int selectedEvent() {
    int row = table().getSelectionModel().getSelectedIndex();
    return row < 0 ? -1 : table().getItems().get(row);
  }

  @Test
  void theLogFollowsTheCursorThroughARunLongerThanItsTable() throws Exception {
    awaitLoaded(vm);
    UiTestSupport.logDivider(window, 0.4);
    Path ring = BigScenarios.ringFile(4, BigScenarios.horizonFor(4, 4 * EventLogView.WINDOW));
    Object before = fxGet(() -> vm.playback().getTrace());
    fx(() -> vm.openFile(ring));
    awaitCondition(
        () -> !vm.isBusy() && vm.playback().getTrace() != before && !vm.previewProperty().get());
    int size = fxGet(() -> vm.playback().getTrace().size());
    assertThat(size).isGreaterThan(3 * EventLogView.WINDOW);
    for (int at : new int[] {1, 2, size / 2, size / 2 + 1, size - 1, size, 3}) {
      fx(() -> vm.playback().seek(at));
      settle();
      assertThat(fxGet(() -> table().getItems().size())).isLessThanOrEqualTo(EventLogView.WINDOW);
      assertThat(fxGet(this::selectedEvent)).isEqualTo(at - 1);
      // every row shows its own event: the time column is the event's time
      assertThat(fxGet(() -> table().getItems().get(0))).isEqualTo(logView().eventAt(0));
    }
    // picking a row moves the cursor to that row's event
    fx(() -> vm.playback().seek(size / 2));
    settle();
    int row = fxGet(() -> logView().rowOf(size / 2 + 10));
    assertThat(row).isNotNegative();
    fx(() -> table().getSelectionModel().clearAndSelect(row));
    assertThat(fxGet(() -> vm.playback().getPosition())).isEqualTo(size / 2 + 11);
    // scrolled to the end of the rows it holds, the log moves on to the events after them
    int firstBefore = fxGet(() -> logView().eventAt(0));
    fx(() -> table().scrollTo(table().getItems().size() - 1));
    settle();
    awaitCondition(() -> logView().eventAt(0) > firstBefore);
    settle();
    assertThat(fxGet(this::selectedEvent)).isEqualTo(size / 2 + 10);
    assertThat(fxGet(() -> vm.playback().getPosition())).isEqualTo(size / 2 + 11);
  }

  /**
   * The nodes outside the machine view that still wait for a layout, as "Class#id" from the root
   * down; the machine view (laid out by its own rules) is left out.
   */
  private static void waiting(Parent p, String path, List<String> out) {
    String here =
        path + "/" + p.getClass().getSimpleName() + (p.getId() == null ? "" : "#" + p.getId());
    if ("machine-view".equals(p.getId())) {
      return;
    }
    if (p.isNeedsLayout()) {
      out.add(here);
    }
    for (Node n : p.getChildrenUnmodifiable()) {
      if (n instanceof Parent c) {
        waiting(c, here, out);
      }
    }
  }

  /**
   * Moves the cursor at the start of a real pulse (where playback and coalesced keys move it) and
   * returns what outside the machine view still waits for a layout once that pulse is done (after
   * the work the views posted during it): empty when the step settled in its own pulse.
   */
  private List<String> stepInOnePulse(int position) throws Exception {
    java.util.concurrent.CompletableFuture<List<String>> left =
        new java.util.concurrent.CompletableFuture<>();
    boolean[] moved = new boolean[1];
    javafx.animation.AnimationTimer[] timer = new javafx.animation.AnimationTimer[1];
    Runnable afterLayout =
        () -> {
          if (moved[0] && !left.isDone()) {
            moved[0] = false;
            javafx.application.Platform.runLater(
                () -> {
                  List<String> out = new ArrayList<>();
                  waiting(window.scene().getRoot(), "", out);
                  left.complete(out);
                });
          }
        };
    fx(
        () -> {
          window.scene().addPostLayoutPulseListener(afterLayout);
          timer[0] =
              new javafx.animation.AnimationTimer() {
                @Override
                public void handle(long now) {
                  stop();
                  vm.playback().seek(position);
                  moved[0] = true;
                }
              };
          timer[0].start();
        });
    try {
      return left.get(30, java.util.concurrent.TimeUnit.SECONDS);
    } finally {
      fx(() -> window.scene().removePostLayoutPulseListener(afterLayout));
    }
  }

  @Test
  void aStepSettlesInOnePulseOutsideTheMachineView() throws Exception {
    awaitLoaded(vm);
    settle();
    int size = fxGet(() -> vm.playback().getTrace().size());
    // every step of the default run, forward, then a few jumps back and forth
    for (int p = 1; p <= size; p++) {
      assertThat(stepInOnePulse(p)).as("waiting for a layout after step %d", p).isEmpty();
    }
    for (int p : new int[] {3, size / 2, 1, size, 0}) {
      assertThat(stepInOnePulse(p)).as("waiting for a layout after a jump to %d", p).isEmpty();
    }
    // the same on a big machine with a long run (the log's table holds only part of it), also in
    // presenter mode
    Path ring = BigScenarios.ringFile(8, BigScenarios.horizonFor(8, 3 * EventLogView.WINDOW));
    Object before = fxGet(() -> vm.playback().getTrace());
    fx(() -> vm.openFile(ring));
    awaitCondition(
        () -> !vm.isBusy() && vm.playback().getTrace() != before && !vm.previewProperty().get());
    settle();
    int ringSize = fxGet(() -> vm.playback().getTrace().size());
    for (boolean presenter : new boolean[] {false, true}) {
      fx(() -> vm.presenterProperty().set(presenter));
      settle();
      for (int p = ringSize / 2; p < ringSize / 2 + 20; p++) {
        assertThat(stepInOnePulse(p))
            .as("waiting for a layout after step %d of the ring (presenter %s)", p, presenter)
            .isEmpty();
      }
      assertThat(stepInOnePulse(ringSize - 1)).isEmpty();
      assertThat(stepInOnePulse(5)).isEmpty();
    }
  }
}
