package org.apicflow.ui.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.apicflow.ui.MainViewModel;
import org.apicflow.ui.MainWindow;
import org.apicflow.ui.ScenarioChoice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Ctrl+E in the window opens the export dialog; an export runs in the background, says where it
 * wrote, and leaves the window's cursor where it was. Headless (Monocle).
 */
@ExtendWith(ApplicationExtension.class)
class ExportDialogTest {
  private MainViewModel vm;
  private MainWindow window;

  @Start
  void start(Stage stage) {
    vm = new MainViewModel();
    window = new MainWindow(vm);
    window.show(stage);
    vm.open(ScenarioChoice.builtIn("pending-ipi"));
  }

  private static void await(Callable<Boolean> c) throws Exception {
    WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, c);
    WaitForAsyncUtils.waitForFxEvents();
  }

  @Test
  void ctrlEOpensTheDialogAndTheExportSaysWhereItWrote(FxRobot robot, @TempDir Path dir)
      throws Exception {
    await(() -> !vm.isBusy() && vm.playback().getTrace() != null);
    WaitForAsyncUtils.asyncFx(() -> vm.playback().jumpToMark("panic")).get();
    int position = vm.playback().getPosition();
    // the key straight to the window's scene: no dependence on which stage has the focus
    WaitForAsyncUtils.asyncFx(
            () ->
                javafx.event.Event.fireEvent(
                    window.scene().getRoot(),
                    new KeyEvent(
                        KeyEvent.KEY_PRESSED, "", "", KeyCode.E, false, true, false, false)))
        .get();
    await(() -> robot.lookup("#export-dialog").tryQuery().isPresent());

    Path out = dir.resolve("sheet.png");
    WaitForAsyncUtils.asyncFx(
            () -> {
              @SuppressWarnings("unchecked")
              ComboBox<ExportKind> kind = robot.lookup("#export-kind").queryAs(ComboBox.class);
              kind.setValue(ExportKind.CONTACT_SHEET);
              robot.lookup("#export-name").queryAs(TextField.class).setText(out.toString());
            })
        .get();
    // fire rather than click: robot input needs the toolkit TestFX started, and another test may
    // have started it first
    WaitForAsyncUtils.asyncFx(() -> robot.lookup("#export-run").queryAs(Button.class).fire()).get();
    Label status = robot.lookup("#export-status").queryAs(Label.class);
    await(() -> !status.getText().isEmpty() && !status.textProperty().isBound());

    assertThat(status.getText()).isEqualTo("Wrote " + out);
    BufferedImage img = ImageIO.read(out.toFile());
    assertThat(img.getWidth()).isGreaterThan(1000);
    assertThat(vm.playback().getPosition()).isEqualTo(position);

    // a picture of the dialog for the record, beside SnapshotTest's
    var scene = robot.lookup("#export-dialog").query().getScene();
    var shot = WaitForAsyncUtils.asyncFx(() -> scene.snapshot(null)).get();
    java.io.File f = new java.io.File("target/snapshots/export-dialog.png");
    f.getParentFile().mkdirs();
    ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(shot, null), "png", f);
  }
}
