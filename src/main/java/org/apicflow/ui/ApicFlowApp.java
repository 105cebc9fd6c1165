package org.apicflow.ui;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

/** The JavaFX application: the main window on the default scenario. */
public final class ApicFlowApp extends Application {

  /** Opens the window; {@code args} may name a scenario file or built-in id to open. */
  public static void launchApp(String[] args) {
    Application.launch(ApicFlowApp.class, args);
  }

  @Override
  public void start(Stage stage) {
    stage.setTitle("APICFlow");
    stage.setScene(new Scene(new StackPane(new Label("APICFlow")), 1280, 800));
    stage.show();
  }
}
