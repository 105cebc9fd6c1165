package org.apicflow.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.application.Application;
import javafx.stage.Stage;
import org.apicflow.trace.kvm.KvmReader;
import org.apicflow.ui.kvm.KvmWindow;

/** The JavaFX application: the main window on the default scenario. */
public final class ApicFlowApp extends Application {

  /** Opens the window; {@code args} may name a scenario file or built-in id to open. */
  public static void launchApp(String[] args) {
    Application.launch(ApicFlowApp.class, args);
  }

  @Override
  public void start(Stage stage) {
    List<String> args = getParameters().getRaw();
    if (!args.isEmpty()
        && Files.isRegularFile(Path.of(args.get(0)))
        && KvmReader.looksLikeKvmTrace(Path.of(args.get(0)))) {
      // a KVM trace on the command line opens in the trace window alone
      KvmWindow.open(Path.of(args.get(0)), stage);
      return;
    }
    MainViewModel vm = new MainViewModel();
    MainWindow window = new MainWindow(vm);
    window.show(stage);
    vm.openInitial(getParameters().getRaw());
  }
}
