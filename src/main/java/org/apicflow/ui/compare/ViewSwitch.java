package org.apicflow.ui.compare;

import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ChangeListener;
import javafx.scene.Node;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Region;
import org.apicflow.scenario.Scenario;
import org.apicflow.trace.Trace;
import org.apicflow.ui.MainViewModel;
import org.apicflow.ui.ScenarioChoice;
import org.apicflow.ui.matrix.MatrixView;
import org.apicflow.ui.matrix.MatrixViewModel;
import org.controlsfx.control.SegmentedButton;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The toolbar's view switch (Single | Compare | Matrix, Ctrl+1/2/3) and what it switches: the
 * window's centre, and where the keys go. The compare and matrix views follow the window's scenario
 * while they are shown; a matrix cell opens its run in the single view.
 */
public final class ViewSwitch {
  /** The three views of the window. */
  public enum Mode {
    SINGLE,
    COMPARE,
    MATRIX
  }

  private final MainViewModel vm;
  private final BorderPane root;
  private final Node single;
  private final CompareViewModel compare = new CompareViewModel();
  private final MatrixViewModel matrix = new MatrixViewModel();

  /** Built when first shown: most sessions never leave the single view. */
  private CompareView compareView;

  private MatrixView matrixView;
  private final SegmentedButton control = new SegmentedButton();
  private final ObjectProperty<Mode> mode = new SimpleObjectProperty<>(Mode.SINGLE);
  private ScenarioChoice fileChoice;

  /**
   * @param root the window's root: its centre is swapped
   * @param single the single view (the window's usual centre)
   */
  public ViewSwitch(MainViewModel vm, BorderPane root, Node single) {
    this.vm = vm;
    this.root = root;
    this.single = single;
    compare.speedProperty().bind(vm.playback().speedProperty());

    ToggleButton s =
        toggle("Single", Feather.SQUARE, "view-single", "Single: one run in full (Ctrl+1)");
    ToggleButton c =
        toggle(
            "Compare",
            Feather.COLUMNS,
            "view-compare",
            "Compare: every fix side by side on one cursor (Ctrl+2)");
    ToggleButton m =
        toggle(
            "Matrix",
            Feather.GRID,
            "view-matrix",
            "Matrix: every scenario under every fix (Ctrl+3)");
    control.getButtons().setAll(s, c, m);
    control.setId("view-switch");
    control.getStyleClass().add("view-switch");
    s.setSelected(true);
    control
        .getToggleGroup()
        .selectedToggleProperty()
        .addListener(
            (o, was, is) -> {
              if (is == null) {
                was.setSelected(true); // one view is always shown
                return;
              }
              mode.set(is == c ? Mode.COMPARE : is == m ? Mode.MATRIX : Mode.SINGLE);
            });
    mode.addListener(
        (o, was, is) -> {
          s.setSelected(is == Mode.SINGLE);
          c.setSelected(is == Mode.COMPARE);
          m.setSelected(is == Mode.MATRIX);
          show(is);
        });
    vm.scenarioProperty().addListener((o, was, is) -> follow());
  }

  public SegmentedButton control() {
    return control;
  }

  /**
   * Keeps the switch's labels while {@code bar} (the toolbar holding it) has room for them, and
   * shows icons only when it has not. The choice depends on the labelled width alone, so it does
   * not flip back and forth as the switch itself shrinks.
   */
  public void fitInto(Region bar) {
    Runnable fit =
        () -> {
          boolean compact = isCompact();
          if (!compact) {
            labelled = Math.max(labelled, control.prefWidth(-1));
          }
          double need = bar.prefWidth(-1) - control.prefWidth(-1) + labelled;
          setCompact(bar.getWidth() > 0 && need > bar.getWidth());
        };
    bar.widthProperty().addListener(o -> fit.run());
    bar.needsLayoutProperty()
        .addListener(
            (o, was, is) -> {
              if (!is) {
                fit.run();
              }
            });
  }

  private double labelled;

  private boolean isCompact() {
    return control.getButtons().get(0).getContentDisplay() == ContentDisplay.GRAPHIC_ONLY;
  }

  private void setCompact(boolean on) {
    if (on != isCompact()) {
      for (ToggleButton b : control.getButtons()) {
        b.setContentDisplay(on ? ContentDisplay.GRAPHIC_ONLY : ContentDisplay.LEFT);
      }
    }
  }

  public ObjectProperty<Mode> modeProperty() {
    return mode;
  }

  public Mode getMode() {
    return mode.get();
  }

  public void setMode(Mode m) {
    mode.set(m);
  }

  public CompareViewModel compare() {
    return compare;
  }

  public CompareView compareView() {
    if (compareView == null) {
      compareView = new CompareView(compare);
      compareView.setOnOpen(this::open);
    }
    return compareView;
  }

  public MatrixViewModel matrix() {
    return matrix;
  }

  public MatrixView matrixView() {
    if (matrixView == null) {
      matrixView = new MatrixView(matrix);
      matrixView.setOnOpen(this::open);
    }
    return matrixView;
  }

  /**
   * The keys of the view switch, and of the compare and matrix views while they are shown: true
   * when the key was handled (the window then leaves it alone).
   */
  public boolean key(KeyEvent e) {
    KeyCode k = e.getCode();
    if (e.isShortcutDown() && (k == KeyCode.DIGIT1 || k == KeyCode.NUMPAD1)) {
      setMode(Mode.SINGLE);
      return true;
    }
    if (e.isShortcutDown() && e.isShiftDown() && (k == KeyCode.DIGIT2 || k == KeyCode.NUMPAD2)) {
      compareQuirkSettings();
      return true;
    }
    if (e.isShortcutDown() && (k == KeyCode.DIGIT2 || k == KeyCode.NUMPAD2)) {
      setMode(Mode.COMPARE);
      return true;
    }
    if (e.isShortcutDown() && (k == KeyCode.DIGIT3 || k == KeyCode.NUMPAD3)) {
      setMode(Mode.MATRIX);
      return true;
    }
    if (mode.get() == Mode.COMPARE && !e.isShortcutDown()) {
      return compareKey(e);
    }
    if (mode.get() == Mode.MATRIX && !e.isShortcutDown()) {
      return matrixKey(k);
    }
    return false;
  }

  private boolean compareKey(KeyEvent e) {
    KeyCode k = e.getCode();
    if (k == KeyCode.RIGHT && e.isShiftDown()) {
      compare.nextMark();
    } else if (k == KeyCode.LEFT && e.isShiftDown()) {
      compare.previousMark();
    } else if (k == KeyCode.RIGHT) {
      compare.stepForward();
    } else if (k == KeyCode.LEFT) {
      compare.stepBack();
    } else if (k == KeyCode.SPACE) {
      compare.togglePlay();
    } else if (k == KeyCode.HOME) {
      compare.home();
    } else if (k == KeyCode.END) {
      compare.toEnd();
    } else if (k == KeyCode.A) {
      compare.toAnchor();
    } else if (k == KeyCode.Q) {
      compareView().quirkChooser().open();
    } else if (k == KeyCode.P) {
      boolean on = compareView().panels().stream().noneMatch(ComparePanel::isPatchShown);
      compareView().showPatches(on);
    } else {
      return false;
    }
    return true;
  }

  private boolean matrixKey(KeyCode k) {
    switch (k) {
      case LEFT -> matrixView().moveFocus(-1, 0);
      case RIGHT -> matrixView().moveFocus(1, 0);
      case UP -> matrixView().moveFocus(0, -1);
      case DOWN -> matrixView().moveFocus(0, 1);
      case ENTER, SPACE -> matrixView().openFocused();
      case HOME, END, PLUS, MINUS, EQUALS, ADD, SUBTRACT -> {
        // the single view's keys: nothing to move here, and the hidden view must not move
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  private void show(Mode m) {
    compare.playingProperty().set(false);
    vm.playback().playingProperty().set(false);
    root.setCenter(
        switch (m) {
          case SINGLE -> single;
          case COMPARE -> compareView();
          case MATRIX -> matrixView();
        });
    follow();
    if (m == Mode.MATRIX) {
      Platform.runLater(matrixView()::focusCurrent);
    }
  }

  /** The shown compare or matrix view takes up the window's scenario. */
  private void follow() {
    Scenario s = vm.getScenario();
    if (s == null) {
      return;
    }
    if (mode.get() == Mode.COMPARE) {
      compare.setScenario(s);
    } else if (mode.get() == Mode.MATRIX) {
      ScenarioChoice c = vm.choiceProperty().get();
      if (c != null && c.file().isPresent()) {
        fileChoice = c;
      }
      matrix.compute(s);
      matrixView().setCurrent(s.id(), c == null || c.file().isEmpty(), vm.getFix());
    }
  }

  /** Shows the compare view with the quirk line-up's drop-down open (the View menu's item). */
  public void compareQuirkSettings() {
    setMode(Mode.COMPARE);
    Platform.runLater(() -> compareView().quirkChooser().open());
  }

  /**
   * Opens a compare panel's run in the single view, at the moment the panel shows: its fix, and in
   * a quirk line-up its quirk settings (the window then says the quirks changed).
   */
  public void open(ComparePanelModel panel) {
    int at = panel.playback().getPosition();
    setMode(Mode.SINGLE);
    org.apicflow.apic.Quirks want = panel.quirks();
    java.util.function.BooleanSupplier quirksShown =
        () -> want == null || (vm.getScenario() != null && vm.getScenario().quirks().equals(want));
    Trace shown = vm.playback().getTrace();
    if (shown != null && shown.fix().equals(panel.fix()) && quirksShown.getAsBoolean()) {
      vm.playback().seek(at);
      return;
    }
    ChangeListener<Trace> steps =
        new ChangeListener<>() {
          @Override
          public void changed(
              javafx.beans.value.ObservableValue<? extends Trace> o, Trace was, Trace is) {
            if (is == null || !is.fix().equals(panel.fix())) {
              return;
            }
            if (!quirksShown.getAsBoolean()) {
              // the fix first, then the quirk settings (each re-simulates the run shown)
              Platform.runLater(() -> vm.setQuirks(want));
              return;
            }
            vm.playback().traceProperty().removeListener(this);
            Platform.runLater(() -> vm.playback().seek(at));
          }
        };
    vm.playback().traceProperty().addListener(steps);
    if (shown != null && shown.fix().equals(panel.fix())) {
      vm.setQuirks(want);
    } else {
      vm.selectFix(panel.fix());
    }
  }

  /** Opens a matrix cell's run in the single view: its scenario, then its fix. */
  private void open(MatrixViewModel.Row row, String fix) {
    ScenarioChoice choice =
        row.builtIn() || fileChoice == null
            ? ScenarioChoice.builtIn(row.scenario().id())
            : fileChoice;
    setMode(Mode.SINGLE);
    Scenario now = vm.getScenario();
    String id = row.scenario().id();
    if (now != null && choice.equals(vm.choiceProperty().get()) && now.id().equals(id)) {
      vm.selectFix(fix);
      return;
    }
    if (!fix.equals(Scenario.NONE)) {
      // the fix is chosen once the scenario has loaded (its first run, fix none, is shown)
      ChangeListener<Trace> once =
          new ChangeListener<>() {
            @Override
            public void changed(
                javafx.beans.value.ObservableValue<? extends Trace> o, Trace was, Trace is) {
              Scenario s = vm.getScenario();
              if (s != null && s.id().equals(id) && choice.equals(vm.choiceProperty().get())) {
                vm.playback().traceProperty().removeListener(this);
                Platform.runLater(() -> vm.selectFix(fix));
              }
            }
          };
      vm.playback().traceProperty().addListener(once);
    }
    vm.open(choice);
  }

  private static ToggleButton toggle(String text, Feather icon, String id, String tip) {
    ToggleButton b = new ToggleButton(text, new FontIcon(icon));
    b.setId(id);
    org.apicflow.ui.machine.LazyTip.install(b, t -> t.setText(tip));
    b.setFocusTraversable(false);
    b.setMinWidth(Region.USE_PREF_SIZE);
    return b;
  }
}
