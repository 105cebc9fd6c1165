package org.apicflow.ui;

import static org.apicflow.ui.UiTestSupport.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.apicflow.scenario.Catalogue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The window opened on a file that does not load (a double-click on a broken scenario) shows the
 * error and then the default scenario, not an empty window.
 */
@ExtendWith(ApplicationExtension.class)
class StartupFallbackTest {
  static final Path BROKEN = brokenFile();

  private MainViewModel vm;
  private final List<MainViewModel.LoadError> errors = new ArrayList<>();

  static Path brokenFile() {
    try {
      Path dir = Files.createTempDirectory("apicflow-startup");
      Path f = dir.resolve("broken.yaml");
      Files.writeString(f, "format: apicflow/1\nid: broken\nmachine: { cpus: [ }\n");
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll
  static void removeFile() throws IOException {
    Files.deleteIfExists(BROKEN);
    Files.deleteIfExists(BROKEN.getParent());
  }

  @Start
  void start(Stage stage) {
    vm = new MainViewModel();
    vm.onError(errors::add);
    new MainWindow(vm).show(stage);
    vm.openInitial(List.of(BROKEN.toString()));
  }

  @Test
  void aBrokenFileShowsItsErrorThenTheDefaultScenario(FxRobot robot) {
    awaitCondition(() -> !vm.isBusy() && vm.getScenario() != null);
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).message()).startsWith(BROKEN + ":3:");
    String shown = robot.lookup("#error-message").queryAs(Label.class).getText();
    assertThat(shown).isEqualTo(errors.get(0).message());
    List<String> ids = Catalogue.ids();
    String expected = ids.contains(Catalogue.DEFAULT_ID) ? Catalogue.DEFAULT_ID : ids.get(0);
    assertThat(vm.choiceProperty().get().builtInId()).isEqualTo(expected);
    assertThat(vm.playback().getTrace()).isNotNull();
  }
}
