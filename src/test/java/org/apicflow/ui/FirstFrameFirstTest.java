package org.apicflow.ui;

import static org.apicflow.ui.UiTestSupport.awaitCondition;
import static org.apicflow.ui.UiTestSupport.awaitLoaded;
import static org.apicflow.ui.UiTestSupport.fx;
import static org.apicflow.ui.UiTestSupport.fxGet;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import javafx.event.Event;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.stage.Stage;
import org.apicflow.scenario.Catalogue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The app's window draws its first frame with the toolbar, the machine and the timeline only, and
 * builds the code pane, the event log and then the scenario editor just after it. Nothing is lost:
 * keys pressed before the views exist have moved the cursor, and the views show where it is; keys
 * reach the views once they are there; the editor opens on the scenario's text; whatever needs a
 * view sooner builds it at once; the slots keep the views' place, so nothing moves when they come.
 */
@ExtendWith(ApplicationExtension.class)
class FirstFrameFirstTest {
  private MainViewModel vm;
  private MainWindow window;
  private Stage stage;

  @Start
  void start(Stage s) {
    stage = s;
    vm = new MainViewModel();
    window = new MainWindow(vm, true); // shown by each test, as it needs
  }

  private void show() {
    fx(() -> window.show(stage));
  }

  private static void key(Node target, KeyCode code) {
    fx(
        () ->
            Event.fireEvent(
                target,
                new KeyEvent(KeyEvent.KEY_PRESSED, "", "", code, false, false, false, false)));
  }

  /**
   * Opens the initial scenario and shows the window; {@code note} runs after the layout of the
   * first pulse in which {@code when} holds, once.
   */
  private void openAndShowNoting(java.util.function.BooleanSupplier when, Runnable note) {
    boolean[] done = {false};
    fx(
        () -> {
          vm.openInitial(List.of());
          window
              .scene()
              .addPostLayoutPulseListener(
                  () -> {
                    if (!done[0] && when.getAsBoolean()) {
                      done[0] = true;
                      note.run();
                    }
                  });
          window.show(stage);
        });
  }

  @SuppressWarnings("unchecked")
  private TableView<Integer> eventTable() {
    return (TableView<Integer>) window.scene().lookup("#event-table");
  }

  @Test
  void viewsComeAfterTheFirstFrameShowingWhatHappenedBeforeAndTakeKeys(FxRobot robot)
      throws Exception {
    fx(() -> vm.openInitial(List.of()));
    awaitLoaded(vm);
    // not shown yet: no frame, so the views are not built; the keys still move the cursor
    assertThat(fxGet(window::viewsBuilt)).isFalse();
    assertThat(fxGet(() -> window.scene().lookup("#code-view"))).isNull();
    for (int i = 0; i < 3; i++) {
      key(window.scene().getRoot(), KeyCode.RIGHT);
    }
    awaitCondition(() -> vm.playback().getPosition() == 3);

    show();
    awaitCondition(window::viewsBuilt);
    // the views are in the window and show step 3: the event log's row, the code pane's story
    assertThat(fxGet(() -> window.scene().lookup("#code-view"))).isNotNull();
    assertThat(fxGet(() -> window.scene().lookup("#event-log"))).isNotNull();
    // the log's rows brought into view (the window leaves it its heading only) show the cursor's
    UiTestSupport.logDivider(window, 0.4);
    awaitCondition(
        () -> eventTable() != null && eventTable().getSelectionModel().getSelectedIndex() == 2);
    String narrationAt3 = fxGet(() -> ((Label) window.scene().lookup("#narration")).getText());
    assertThat(narrationAt3).isNotBlank();

    // keys now reach the views as before
    robot.clickOn("#status").type(KeyCode.RIGHT);
    awaitCondition(() -> vm.playback().getPosition() == 4);
    awaitCondition(() -> eventTable().getSelectionModel().getSelectedIndex() == 3);
    awaitCondition(
        () -> !((Label) window.scene().lookup("#narration")).getText().equals(narrationAt3));

    // the editor is built a little later and opens on the scenario's text
    awaitCondition(() -> window.workshop().isEditorBuilt());
    robot
        .press(KeyCode.CONTROL, KeyCode.SHIFT)
        .type(KeyCode.E)
        .release(KeyCode.SHIFT, KeyCode.CONTROL);
    awaitCondition(() -> window.workshop().editorShownProperty().get());
    String text = Catalogue.text(vm.choiceProperty().get().builtInId());
    awaitCondition(() -> window.workshop().editor().text().equals(text));
  }

  @Test
  void theBuiltInsAreDescribedForThePickerOnlyOnceTheEditorIsBuilt() {
    // reading every built-in for the picker's titles waits until the start is over, so that it
    // does not compete with the first frame, the views or the editor
    List<Object> describedWhenViewsCome = new ArrayList<>();
    boolean[] seen = {false};
    boolean[] askedWhenViewsCome = {true};
    openAndShowNoting(
        window::viewsBuilt,
        () -> {
          seen[0] = true;
          askedWhenViewsCome[0] = vm.builtInsAskedFor();
          describedWhenViewsCome.addAll(vm.about().keySet());
          describedWhenViewsCome.remove(vm.choiceProperty().get());
        });
    awaitCondition(() -> seen[0]);
    // when the views come, only the scenario opened knows its title (from its own load)
    assertThat(describedWhenViewsCome).isEmpty();
    assertThat(askedWhenViewsCome[0]).isFalse();
    awaitCondition(() -> window.workshop().isEditorBuilt());
    long builtIns = fxGet(() -> vm.choices().stream().filter(c -> c.file().isEmpty()).count());
    assertThat(builtIns).isPositive();
    awaitCondition(() -> vm.about().size() == builtIns);
  }

  @Test
  void whateverNeedsAViewSoonerBuildsItAtOnce() {
    assertThat(fxGet(window::viewsBuilt)).isFalse();
    fx(window::buildViews); // what export and the like call first
    assertThat(fxGet(window::viewsBuilt)).isTrue();
    fx(() -> window.scene().getRoot().applyCss());
    // the code pane (its panel is #code-view) now sits in its slot
    assertThat(fxGet(() -> slotOf(window.scene().lookup("#code-view")))).isEqualTo("code-slot");
    // the editor too, when asked for before its time
    assertThat(fxGet(() -> window.workshop().isEditorBuilt())).isFalse();
    assertThat(fxGet(() -> window.workshop().editor())).isNotNull();
    assertThat(fxGet(() -> window.workshop().isEditorBuilt())).isTrue();
  }

  @Test
  void theSlotsKeepTheViewsPlaceSoNothingMovesWhenTheyCome() {
    // the bounds of the machine and the three slots in the first frame with the run, and after
    List<List<Bounds>> frames = new ArrayList<>();
    boolean[] builtThen = {false};
    openAndShowNoting(
        () -> vm.playback().getTrace() != null,
        () -> {
          builtThen[0] = window.viewsBuilt();
          frames.add(placement());
        });
    awaitCondition(() -> !frames.isEmpty());
    awaitCondition(window::viewsBuilt);
    awaitCondition(() -> window.workshop().isEditorBuilt());
    assertThat(builtThen[0]).as("the first frame with the run comes before the views").isFalse();
    assertThat(fxGet(this::placement)).isEqualTo(frames.get(0));
  }

  @Test
  void toolbarTooltipsAreMadeOnFirstHoverWithTheirText() {
    fx(() -> vm.openInitial(List.of()));
    awaitLoaded(vm);
    show();
    // none is made with the window (each is a popup window with a scene of its own)
    for (String id : List.of("#step-forward", "#theme-toggle", "#export", "#outcome")) {
      Control c = (Control) fxGet(() -> window.scene().lookup(id));
      assertThat(fxGet(c::getTooltip)).as(id).isNull();
    }
    Control forward = (Control) fxGet(() -> window.scene().lookup("#step-forward"));
    UiTestSupport.hover(forward);
    assertThat(fxGet(() -> forward.getTooltip().getText())).isEqualTo("Step forward (Right)");
    Control export = (Control) fxGet(() -> window.scene().lookup("#export"));
    UiTestSupport.hover(export);
    assertThat(fxGet(() -> export.getTooltip().getText())).contains("(Ctrl+E)");
    // a fix's button: its title and summary, wrapped
    Control fix = (Control) fxGet(() -> window.scene().lookup("#fix-none"));
    UiTestSupport.hover(fix);
    assertThat(fxGet(() -> fix.getTooltip().getText())).isEqualTo("The run with no fix");
    assertThat(fxGet(() -> fix.getTooltip().isWrapText())).isTrue();
    // the picker's follows the scenario
    Control picker = (Control) fxGet(() -> window.scene().lookup("#scenario-picker"));
    UiTestSupport.hover(picker);
    assertThat(fxGet(() -> picker.getTooltip().getText()))
        .startsWith(fxGet(() -> vm.getScenario().title()));
  }

  @Test
  void theWindowMakesNoTooltipBeforeAHover() {
    fx(() -> vm.openInitial(List.of()));
    awaitLoaded(vm);
    show();
    awaitCondition(window::viewsBuilt);
    awaitCondition(() -> window.workshop().isEditorBuilt());
    fx(() -> window.scene().getRoot().applyCss());
    // every node of the window, the views built after the first frame too: none has a tooltip
    // installed or holds one made up front
    assertThat(fxGet(() -> tooltipOwners(window.scene().getRoot()))).isEmpty();

    // a hover makes the status line's, which follows the status
    Control status = (Control) fxGet(() -> window.scene().lookup("#status"));
    UiTestSupport.hover(status);
    assertThat(fxGet(() -> status.getTooltip().getText()))
        .isNotBlank()
        .isEqualTo(fxGet(() -> vm.statusProperty().get()));
    assertThat(fxGet(() -> tooltipOwners(window.scene().getRoot()))).contains("status");
    String before = fxGet(() -> status.getTooltip().getText());
    fx(() -> vm.playback().stepForward());
    awaitCondition(() -> !status.getTooltip().getText().equals(before));
    assertThat(fxGet(() -> status.getTooltip().getText()))
        .isEqualTo(fxGet(() -> vm.statusProperty().get()));
    // and the timeline's fit button's, with its text
    Control fit = (Control) fxGet(() -> window.scene().lookup("#timeline-fit"));
    assertThat(fxGet(fit::getTooltip)).isNull();
    UiTestSupport.hover(fit);
    assertThat(fxGet(() -> fit.getTooltip().getText()))
        .isEqualTo(
            "Zoom to fit: the whole run, every mark (0 or Z)."
                + " Drag on the time ruler, or Shift+drag, to zoom to a range.");
  }

  /**
   * The nodes under {@code root} that have a tooltip: installed on them (a control's own or one put
   * on any node) or kept in a field of one of the app's classes; each by its id, else its class.
   */
  private static List<String> tooltipOwners(javafx.scene.Parent root) {
    List<String> out = new ArrayList<>();
    java.util.ArrayDeque<Node> todo = new java.util.ArrayDeque<>(List.of(root));
    while (!todo.isEmpty()) {
      Node n = todo.pop();
      String name = n.getId() != null ? n.getId() : n.getClass().getName();
      // Tooltip.install (which Control.setTooltip calls) keeps the tooltip in the node's properties
      if (n.getProperties().get("javafx.scene.control.Tooltip") instanceof Tooltip
          || (n instanceof Control c && c.getTooltip() != null)) {
        out.add(name);
      }
      for (Class<?> k = n.getClass();
          k != null && k.getName().startsWith("org.apicflow.");
          k = k.getSuperclass()) {
        for (java.lang.reflect.Field f : k.getDeclaredFields()) {
          if (Tooltip.class.isAssignableFrom(f.getType())
              && !java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
            try {
              f.setAccessible(true);
              if (f.get(n) != null) {
                out.add(name + "." + f.getName());
              }
            } catch (IllegalAccessException e) {
              throw new AssertionError(e);
            }
          }
        }
      }
      if (n instanceof javafx.scene.Parent p) {
        todo.addAll(p.getChildrenUnmodifiable());
      }
    }
    return out;
  }

  private List<Bounds> placement() {
    List<Bounds> out = new ArrayList<>();
    for (String id : List.of("#machine-view", "#timeline-view", "#code-slot", "#log-slot")) {
      Node n = window.scene().lookup(id);
      out.add(n == null ? null : n.localToScene(n.getLayoutBounds()));
    }
    return out;
  }

  /** The id of the nearest view slot around a node, or null. */
  private static String slotOf(Node n) {
    for (Node p = n; p != null; p = p.getParent()) {
      if (p.getStyleClass().contains("view-slot")) {
        return p.getId();
      }
    }
    return null;
  }
}
