package org.apicflow.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.application.Application;
import javafx.stage.Stage;
import org.apicflow.scenario.Catalogue;
import org.apicflow.scenario.Scenario;
import org.apicflow.trace.kvm.KvmReader;
import org.apicflow.ui.kvm.KvmWindow;
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
    List<String> raw = getParameters().getRaw();
    if (!raw.isEmpty()
        && Files.isRegularFile(Path.of(raw.get(0)))
        && KvmReader.looksLikeKvmTrace(Path.of(raw.get(0)))) {
      // a KVM trace on the command line opens in the trace window alone
      KvmWindow.open(Path.of(raw.get(0)), stage);
      return;
    }
    Settings settings = Settings.load();
    MainViewModel vm = new MainViewModel();
    MainWindow window = new MainWindow(vm);
    window.show(stage, settings);
    if (raw.isEmpty() && openLast(vm, settings)) {
      return;
    }
    vm.openInitial(raw);
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
