package org.apicflow.ui.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
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

  @Start
  void start(Stage stage) {
    vm = new MainViewModel();
    new MainWindow(vm).show(stage);
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
    robot.clickOn("#status");
    robot.press(KeyCode.CONTROL, KeyCode.E).release(KeyCode.E, KeyCode.CONTROL);
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
    robot.clickOn("#export-run");
    Label status = robot.lookup("#export-status").queryAs(Label.class);
    await(() -> status.getText().startsWith("Wrote"));

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
