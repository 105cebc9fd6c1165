package org.apicflow.ui.kvm;

import atlantafx.base.theme.PrimerLight;
import java.nio.file.Path;
import javafx.application.Application;
import javafx.concurrent.Task;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.apicflow.trace.kvm.KvmImportException;
import org.apicflow.trace.kvm.KvmTrace;

/**
 * A window on an imported KVM trace. The file is read off the FX thread; until it is, the window
 * says so; a file that is not a trace leaves one line saying why. Dropping another trace file on
 * the window opens it in place.
 */
public final class KvmWindow {
  public static final double WIDTH = 1280;
  public static final double HEIGHT = 800;

  private final Stage stage;
  private final KvmViewModel vm = new KvmViewModel();
  private final StackPane root = new StackPane();
  private final Scene scene;

  private KvmWindow(Stage stage) {
    this.stage = stage;
    root.getStyleClass().add("apicflow");
    scene = new Scene(root, WIDTH, HEIGHT);
    scene
        .getStylesheets()
        .add(org.apicflow.ui.StyleSheets.url(org.apicflow.ui.MainWindow.class, "app.css"));
    scene.setOnDragOver(
        e -> {
          if (e.getDragboard().hasFiles()) {
            e.acceptTransferModes(TransferMode.COPY);
          }
          e.consume();
        });
    scene.setOnDragDropped(
        e -> {
          var files = e.getDragboard().getFiles();
          if (!files.isEmpty()) {
            load(files.get(0).toPath());
          }
          e.setDropCompleted(!files.isEmpty());
          e.consume();
        });
    stage.setScene(scene);
  }

  /** Opens a trace in a window on {@code stage} (a new one when null) and shows it. */
  public static KvmWindow open(Path file, Stage stage) {
    if (Application.getUserAgentStylesheet() == null) {
      Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheetBSS());
    }
    KvmWindow w = new KvmWindow(stage == null ? new Stage() : stage);
    w.load(file);
    w.stage.show();
    return w;
  }

  public KvmViewModel viewModel() {
    return vm;
  }

  public Scene scene() {
    return scene;
  }

  private void load(Path file) {
    stage.setTitle("APICFlow — " + file.getFileName());
    Label reading = new Label("Reading " + file.getFileName() + " …");
    reading.getStyleClass().add("narration");
    root.getChildren().setAll(reading);
    Task<KvmTrace> task =
        new Task<>() {
          @Override
          protected KvmTrace call() throws Exception {
            return KvmViewModel.read(file);
          }
        };
    task.setOnSucceeded(
        e -> {
          vm.load(task.getValue(), 0);
          KvmView view = new KvmView(vm);
          root.getChildren().setAll(view);
          view.requestFocus();
        });
    task.setOnFailed(
        e -> {
          Throwable x = task.getException();
          String msg =
              x instanceof KvmImportException
                  ? x.getMessage()
                  : x.getClass().getSimpleName() + ": " + x.getMessage();
          Label err = new Label("Cannot open " + file.getFileName() + ": " + msg);
          err.setWrapText(true);
          err.getStyleClass().add("narration");
          root.getChildren().setAll(err);
        });
    Thread t = new Thread(task, "apicflow-kvm-import");
    t.setDaemon(true);
    t.start();
  }
}
