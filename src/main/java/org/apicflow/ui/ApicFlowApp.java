package org.apicflow.ui;

import javafx.application.Application;
import javafx.stage.Stage;

/** The JavaFX application: the main window on the default scenario. */
public final class ApicFlowApp extends Application {

  /** Opens the window; {@code args} may name a scenario file or built-in id to open. */
  public static void launchApp(String[] args) {
    Application.launch(ApicFlowApp.class, args);
  }

  @Override
  public void start(Stage stage) {
    MainViewModel vm = new MainViewModel();
    MainWindow window = new MainWindow(vm);
    window.show(stage);
    vm.openInitial(getParameters().getRaw());
  }
}
