package org.apicflow.ui;

import static org.apicflow.ui.UiTestSupport.awaitCondition;
import static org.apicflow.ui.UiTestSupport.awaitLoaded;
import static org.apicflow.ui.UiTestSupport.fx;
import static org.apicflow.ui.UiTestSupport.fxGet;
import static org.apicflow.ui.UiTestSupport.inside;
import static org.apicflow.ui.UiTestSupport.sceneBounds;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.apicflow.scenario.Catalogue;
import org.apicflow.trace.Mark;
import org.apicflow.ui.machine.CpuCard;
import org.apicflow.ui.machine.VectorGrid;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;

/**
 * Layout facts of the window at 1280 x 800, a common projector: every card of a four-CPU built-in
 * in view, grid cells a room can read, presenter type 1.6 times larger, a status bar that never
 * moves, the menus. Facts about bounds and sizes, not pixels.
 */
class WindowLayoutTest extends CornerWindowTest {
  @Start
  void start(Stage s) {
    show(s);
  }

  private void open(String id) {
    fx(() -> vm.open(UiTestSupport.builtIn(vm, id)));
    awaitCondition(
        () -> !vm.isBusy() && vm.getScenario() != null && vm.getScenario().id().equals(id));
    awaitLoaded(vm);
    settle();
  }

  /** Lets the window lay out (the machine's height is fitted a pulse after a load). */
  private static void settle() {
    for (int i = 0; i < 3; i++) {
      fx(() -> {});
    }
  }

  /** The positions a lecture stops at: the start, every named mark, the end. */
  private List<Integer> keyPositions() {
    List<Integer> out = new ArrayList<>();
    var t = vm.playback().getTrace();
    out.add(0);
    for (Mark m : t.namedMarks()) {
      out.add(m.event() + 1);
    }
    out.add(t.size());
    return out;
  }

  private void assertEveryCardInView(String where) {
    fx(
        () -> {
          Bounds window =
              new javafx.geometry.BoundingBox(0, 0, MainWindow.WIDTH, MainWindow.HEIGHT);
          Bounds area = sceneBounds(this.window.machineView().cardArea());
          List<CpuCard> cards = this.window.machineView().cards();
          assertThat(cards).isNotEmpty();
          for (CpuCard c : cards) {
            Bounds b = sceneBounds(c);
            assertThat(b.getWidth()).as(where + " " + c.getId() + " width").isGreaterThan(100);
            assertThat(inside(b, area))
                .as(where + " " + c.getId() + " " + b + " in " + area)
                .isTrue();
            assertThat(inside(b, window)).as(where + " " + c.getId() + " in the window").isTrue();
            VectorGrid irr = c.irrGrid();
            assertThat(irr.isVisible()).isTrue();
            assertThat(inside(sceneBounds(irr), b))
                .as(where + " IRR grid inside " + c.getId())
                .isTrue();
            Label why = (Label) c.lookup("#why-" + c.viewModel().cpu());
            assertThat(inside(sceneBounds(why), b))
                .as(where + " why line inside " + c.getId())
                .isTrue();
          }
          for (int i = 0; i < cards.size(); i++) {
            for (int j = i + 1; j < cards.size(); j++) {
              assertThat(sceneBounds(cards.get(i)).intersects(sceneBounds(cards.get(j))))
                  .as(where + " cards " + i + " and " + j + " overlap")
                  .isFalse();
            }
          }
        });
  }

  @Test
  void everyCardOfAFourCpuBuiltInIsInViewAtEveryKeyMark() {
    open("icr-busy-nmi");
    assertThat(vm.playback().getFrame().state().cpuCount()).isEqualTo(4);
    for (int p : keyPositions()) {
      fx(() -> vm.playback().seek(p));
      settle();
      assertEveryCardInView("icr-busy-nmi at step " + p);
    }
  }

  @Test
  void gridCellsAreAtLeastTwelvePixelsForEveryBuiltInOfUpToFourCpus() {
    for (String id : Catalogue.ids()) {
      open(id);
      int n = vm.playback().getFrame().state().cpuCount();
      if (n > 4) {
        continue;
      }
      assertEveryCardInView(id);
      for (CpuCard c : window.machineView().cards()) {
        double cell = fxGet(() -> c.irrGrid().cellSize());
        assertThat(cell).as(id + " " + c.getId() + " grid cell").isGreaterThanOrEqualTo(12);
        // the grid is drawn at that size: 16 cells high
        double h = fxGet(() -> c.irrGrid().getHeight());
        assertThat(h).as(id + " grid height").isGreaterThanOrEqualTo(16 * 12);
      }
    }
  }

  @Test
  void setBitsAreNamedBesideTheGridAndTheVectorOfInterestIsCalledOut() {
    open("pending-ipi");
    int irrSet =
        vm.playback().getTrace().marks().stream()
                .filter(m -> m.name().equals("irr-set"))
                .findFirst()
                .orElseThrow()
                .event()
            + 1;
    fx(() -> vm.playback().seek(irrSet));
    settle();
    int cpu = vm.playback().getTrace().cpu(irrSet - 1);
    Label bits = fxGet(() -> (Label) window.scene().lookup("#bits-" + cpu));
    assertThat(bits.getText()).contains("IRR 0xFB");
    Label callout = window.machineView().callout();
    assertThat(fxGet(callout::isVisible)).isTrue();
    assertThat(callout.getText()).isEqualTo("0xFB");
    // the callout is in large type
    double status = fxGet(() -> ((Label) window.scene().lookup("#status")).getFont().getSize());
    assertThat(fxGet(() -> callout.getFont().getSize())).isGreaterThan(1.5 * status);
  }

  private double font(String id) {
    return fxGet(() -> ((Label) window.scene().lookup(id)).getFont().getSize());
  }

  @Test
  void presenterModeScalesTheTypeByAtLeastOnePointSix(FxRobot robot) {
    open("pending-ipi");
    fx(() -> vm.playback().seek(12));
    settle();
    String[] ids = {"#status", "#narration", "#scenario-title", "#badge-0", "#why-0", "#bits-0"};
    double[] normal = new double[ids.length];
    for (int i = 0; i < ids.length; i++) {
      normal[i] = font(ids[i]);
    }
    double cardTitle =
        fxGet(
            () ->
                ((Label) window.machineView().cards().get(0).lookup(".cpu-title"))
                    .getFont()
                    .getSize());
    double timelineType = fxGet(() -> window.timelineView().canvas().textSize());
    robot.type(KeyCode.F5);
    settle();
    assertThat(vm.presenterProperty().get()).isTrue();
    // the timeline's drawing (lane, mark and ruler labels) grows as much as the rest
    assertThat(fxGet(() -> window.timelineView().canvas().textSize()))
        .as("the timeline's type")
        .isGreaterThanOrEqualTo(1.6 * timelineType - 0.01);
    // the menu bar gives its line to the machine and the timeline; F10 brings it back
    assertThat(fxGet(() -> window.scene().lookup("#menu-bar").isVisible())).isFalse();
    robot.type(KeyCode.F10);
    assertThat(fxGet(() -> window.scene().lookup("#menu-bar").isVisible())).isTrue();
    robot.type(KeyCode.F10);
    assertThat(fxGet(() -> window.scene().lookup("#menu-bar").isVisible())).isFalse();
    assertThat(vm.getUiScale()).isGreaterThanOrEqualTo(1.6);
    for (int i = 0; i < ids.length; i++) {
      assertThat(font(ids[i])).as(ids[i]).isGreaterThanOrEqualTo(1.6 * normal[i] - 0.01);
    }
    assertThat(
            fxGet(
                () ->
                    ((Label) window.machineView().cards().get(0).lookup(".cpu-title"))
                        .getFont()
                        .getSize()))
        .isGreaterThanOrEqualTo(1.6 * cardTitle - 0.01);
    assertThat(fxGet(() -> window.scene().getRoot().getStyleClass()))
        .contains("apicflow", "presenter");
    robot.type(KeyCode.F5);
    settle();
    assertThat(font("#status")).isEqualTo(normal[0]);
    assertThat(fxGet(() -> window.scene().lookup("#menu-bar").isVisible())).isTrue();
  }

  @Test
  void ctrlPlusAndCtrlMinusScaleTheWholeInterfaceInAnyMode(FxRobot robot) {
    open("pending-ipi");
    double before = font("#status");
    robot.press(KeyCode.CONTROL).type(KeyCode.EQUALS).release(KeyCode.CONTROL);
    settle();
    assertThat(vm.userZoomProperty().get()).isGreaterThan(1.0);
    assertThat(font("#status")).isGreaterThan(before);
    robot.press(KeyCode.CONTROL).type(KeyCode.MINUS).release(KeyCode.CONTROL);
    robot.press(KeyCode.CONTROL).type(KeyCode.MINUS).release(KeyCode.CONTROL);
    settle();
    assertThat(font("#status")).isLessThan(before);
    robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT0).release(KeyCode.CONTROL);
    settle();
    assertThat(font("#status")).isEqualTo(before);
  }

  @Test
  void theStatusBarIsOneLineThatALongMessageNeverMoves(FxRobot robot) throws Exception {
    open("pending-ipi");
    double height = fxGet(() -> window.statusBarNode().getHeight());
    double timelineY = fxGet(() -> sceneBounds(window.timelineView()).getMinY());
    Label status = fxGet(() -> (Label) window.scene().lookup("#status"));
    assertThat(status.getText()).matches("step 0 / \\d+ · t = .*");
    // a load that fails writes a long message into the status bar
    java.nio.file.Path bad = java.nio.file.Files.createTempFile("apicflow-long", ".yaml");
    java.nio.file.Files.writeString(
        bad, "apicflow: 1\nid: x\ntitle: " + "a very long title ".repeat(40) + "\nbogus: [\n");
    fx(() -> vm.openFile(bad));
    awaitCondition(() -> !vm.isBusy() && status.getText().startsWith("Cannot open"));
    settle();
    assertThat(status.getText().length()).isGreaterThan(60);
    assertThat(fxGet(() -> window.statusBarNode().getHeight())).isEqualTo(height);
    assertThat(fxGet(() -> sceneBounds(window.timelineView()).getMinY())).isEqualTo(timelineY);
    assertThat(fxGet(() -> sceneBounds(status).getHeight()))
        .isLessThan(2 * status.getFont().getSize() + 8);
    robot.type(KeyCode.ESCAPE); // the error dialog
    java.nio.file.Files.deleteIfExists(bad);
  }

  @Test
  void theStatusBarSaysStepAndTimeAndNamesNoInternalMark() {
    open("pending-ipi");
    var t = vm.playback().getTrace();
    for (Mark m : t.marks()) {
      fx(() -> vm.playback().seek(m.event() + 1));
      String s = fxGet(() -> ((Label) window.scene().lookup("#status")).getText());
      assertThat(s).startsWith("step " + (m.event() + 1) + " / " + t.size() + " · t = ");
      assertThat(s).doesNotContain("irr-set").doesNotContain("isr-set").doesNotContain(": deref");
    }
  }

  private static List<String> texts(Menu m) {
    List<String> out = new ArrayList<>();
    for (MenuItem i : m.getItems()) {
      if (i.getText() != null) {
        out.add(i.getText());
      }
    }
    return out;
  }

  @Test
  void theMenuBarHasFileViewGoAndHelp() {
    open("pending-ipi");
    MenuBar bar = fxGet(() -> (MenuBar) window.scene().lookup("#menu-bar"));
    assertThat(bar.getMenus())
        .extracting(Menu::getText)
        .containsExactly("File", "View", "Go", "Help");
    assertThat(texts(bar.getMenus().get(0)))
        .contains("Open…", "Open Recent", "Reload", "Export…", "Quit");
    assertThat(texts(bar.getMenus().get(1)))
        .contains("Presenter Mode", "Full Screen", "Dark Theme", "Larger", "Smaller");
    assertThat(texts(bar.getMenus().get(2)))
        .contains(
            "Step Forward",
            "Step Back",
            "Next Marker",
            "Go to Time or Step…",
            "Go to Mark",
            "Back",
            "Forward");
    assertThat(texts(bar.getMenus().get(3))).contains("Keyboard Shortcuts", "About APICFlow");
    // Go to Mark lists the run's named marks by their labels
    Menu marks =
        (Menu)
            bar.getMenus().get(2).getItems().stream()
                .filter(i -> "Go to Mark".equals(i.getText()))
                .findFirst()
                .orElseThrow();
    assertThat(marks.getItems())
        .hasSizeGreaterThanOrEqualTo(vm.playback().getTrace().namedMarks().size());
  }

  @Test
  void f1AndQuestionMarkShowTheShortcutsAndEscapeHidesThem(FxRobot robot) {
    open("pending-ipi");
    Node help = window.helpOverlayNode();
    assertThat(help.isVisible()).isFalse();
    robot.type(KeyCode.F1);
    assertThat(fxGet(help::isVisible)).isTrue();
    robot.type(KeyCode.ESCAPE);
    assertThat(fxGet(help::isVisible)).isFalse();
    robot.press(KeyCode.SHIFT).type(KeyCode.SLASH).release(KeyCode.SHIFT);
    assertThat(fxGet(help::isVisible)).isTrue();
    robot.type(KeyCode.F1);
    assertThat(fxGet(help::isVisible)).isFalse();
  }

  @Test
  void backAndForwardReturnThroughJumps(FxRobot robot) {
    open("pending-ipi");
    robot.type(KeyCode.RIGHT);
    int start = vm.playback().getPosition();
    robot.press(KeyCode.SHIFT).type(KeyCode.RIGHT).release(KeyCode.SHIFT);
    int atMark = vm.playback().getPosition();
    robot.sleep(300); // jumps in quick succession (a drag on the timeline) count as one
    robot.type(KeyCode.END);
    int end = vm.playback().getPosition();
    assertThat(atMark).isGreaterThan(start + 1);
    robot.press(KeyCode.ALT).type(KeyCode.LEFT).release(KeyCode.ALT);
    assertThat(vm.playback().getPosition()).isEqualTo(atMark);
    robot.press(KeyCode.ALT).type(KeyCode.LEFT).release(KeyCode.ALT);
    assertThat(vm.playback().getPosition()).isEqualTo(start);
    robot.press(KeyCode.ALT).type(KeyCode.RIGHT).release(KeyCode.ALT);
    assertThat(vm.playback().getPosition()).isEqualTo(atMark);
    robot.press(KeyCode.ALT).type(KeyCode.RIGHT).release(KeyCode.ALT);
    assertThat(vm.playback().getPosition()).isEqualTo(end);
  }

  @Test
  void theScenarioTitleIsInTheWindowAndThePickerShowsTitles() {
    open("pending-ipi");
    String title = vm.getScenario().title();
    assertThat(fxGet(() -> ((Label) window.scene().lookup("#scenario-title")).getText()))
        .isEqualTo(title);
    awaitCondition(() -> vm.about().size() >= Catalogue.ids().size());
    for (ScenarioChoice c : vm.choices()) {
      MainViewModel.About a = vm.about().get(c);
      assertThat(a.title()).isNotBlank().isNotEqualTo(c.builtInId());
      assertThat(a.summary()).isNotBlank().doesNotContain("\n");
    }
  }

  @Test
  void theCardSaysTheKernelACpuRunsNowAndTheCodePaneWhyAnOfflineCpuHasNoCode(FxRobot robot) {
    open("pending-ipi");
    fx(() -> vm.playback().jumpToMark("irq-enable"));
    settle();
    // CPU 1 never runs in this scenario: inside the capture kernel it must not say "first kernel"
    String kernel = fxGet(() -> ((Label) window.scene().lookup("#kernel-1")).getText());
    assertThat(kernel).contains("offline").doesNotContain("first kernel");
    String capture = vm.playback().getFrame().state().program().kernel(1).name();
    assertThat(kernel).contains(capture + " kernel");
    fx(() -> vm.machine().toggleSelect(1));
    settle();
    assertThat(vm.code().getState().lines()).isEmpty();
    Label placeholder = fxGet(() -> (Label) window.scene().lookup("#code-placeholder"));
    assertThat(placeholder.getText()).contains("CPU 1 is offline").contains("not started it");
    assertThat(fxGet(placeholder::isVisible)).isTrue();
  }

  @Test
  void theWindowRemembersThemeScaleModeAndRun(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    org.apicflow.ui.prefs.Settings st = org.apicflow.ui.prefs.Settings.load(dir);
    st.put("theme.dark", true);
    st.put("ui.zoom", 1.25);
    st.put("scenario.builtin", "stale-isr-timer");
    st.put("scenario.fix", "none");
    st.save();
    MainViewModel other = new MainViewModel();
    Stage[] stage2 = new Stage[1];
    fx(
        () -> {
          stage2[0] = new Stage();
          new MainWindow(other).show(stage2[0], org.apicflow.ui.prefs.Settings.load(dir));
          ApicFlowApp.openLast(other, org.apicflow.ui.prefs.Settings.load(dir));
        });
    awaitCondition(() -> !other.isBusy() && other.getScenario() != null);
    assertThat(other.getScenario().id()).isEqualTo("stale-isr-timer");
    assertThat(other.darkProperty().get()).isTrue();
    assertThat(other.getUiScale()).isEqualTo(1.25);
    fx(() -> other.zoomIn());
    fx(() -> stage2[0].close());
    org.apicflow.ui.prefs.Settings after = org.apicflow.ui.prefs.Settings.load(dir);
    assertThat(after.number("ui.zoom", 0)).isGreaterThan(1.25);
    assertThat(after.string("scenario.builtin")).contains("stale-isr-timer");
    fx(() -> vm.darkProperty().set(false)); // the theme is global to the application
  }

  @Test
  void theNarrationNamesNoOpOfTheScenarioLanguage() {
    for (String id : List.of("pending-ipi")) {
      open(id);
      int n = vm.playback().getTrace().size();
      for (int p = 1; p <= n; p++) {
        int at = p;
        String text =
            fxGet(
                () -> {
                  vm.playback().seek(at);
                  return vm.code().getState().narration();
                });
        assertThat(text)
            .as(id + " step " + p)
            .doesNotContain("if: ")
            .doesNotContain(": deref")
            .doesNotContain("deref ")
            .doesNotContain("mark ")
            .doesNotContain("phase: ");
      }
    }
  }
}
