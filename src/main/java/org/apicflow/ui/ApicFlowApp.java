package org.apicflow.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.application.Application;
import javafx.stage.Stage;
import org.apicflow.scenario.Catalogue;
import org.apicflow.scenario.Scenario;
import org.apicflow.ui.prefs.Settings;

/**
 * The JavaFX application: the main window on the scenario the command line names, else on the one
 * shown when the window last closed (with its fix), else on the default scenario.
 */
public final class ApicFlowApp extends Application {

  /** Opens the window; {@code args} may name a scenario file or built-in id to open. */
  public static void launchApp(String[] args) {
    Application.launch(ApicFlowApp.class, args);
  }

  @Override
  public void start(Stage stage) {
    Settings settings = Settings.load();
    MainViewModel vm = new MainViewModel();
    MainWindow window = new MainWindow(vm);
    window.show(stage, settings);
    List<String> args = getParameters().getRaw();
    if (args.isEmpty() && openLast(vm, settings)) {
      return;
    }
    vm.openInitial(args);
  }

  /** Opens the scenario and fix remembered from the last run; false when there is none. */
  static boolean openLast(MainViewModel vm, Settings s) {
    String fix = s.string("scenario.fix").orElse(Scenario.NONE);
    var builtIn = s.string("scenario.builtin").filter(Catalogue::isBuiltIn);
    if (builtIn.isPresent()) {
      vm.open(ScenarioChoice.builtIn(builtIn.get()), fix, 0);
      return true;
    }
    var file = s.string("scenario.file").map(Path::of).filter(Files::isReadable);
    if (file.isPresent()) {
      vm.open(ScenarioChoice.file(file.get()), fix, 0);
      return true;
    }
    return false;
  }
}
