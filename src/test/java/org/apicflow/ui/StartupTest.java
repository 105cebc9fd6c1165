package org.apicflow.ui;

import static org.apicflow.ui.UiTestSupport.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import javafx.stage.Stage;
import org.apicflow.scenario.Catalogue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** With no arguments the window opens the default built-in, or the first, or says what to do. */
@ExtendWith(ApplicationExtension.class)
class StartupTest {
  private MainViewModel vm;

  @Start
  void start(Stage stage) {
    vm = new MainViewModel();
    new MainWindow(vm).show(stage);
    vm.openInitial(List.of());
  }

  @Test
  void opensTheDefaultBuiltInOrFallsBackGracefully() {
    List<String> ids = Catalogue.ids();
    if (ids.isEmpty()) {
      awaitCondition(() -> vm.statusProperty().get().contains("open a scenario file"));
      assertThat(vm.getScenario()).isNull();
    } else {
      awaitCondition(() -> !vm.isBusy() && vm.getScenario() != null);
      String expected = ids.contains(Catalogue.DEFAULT_ID) ? Catalogue.DEFAULT_ID : ids.get(0);
      assertThat(vm.choiceProperty().get().builtInId()).isEqualTo(expected);
      assertThat(vm.getFix()).isEqualTo("none");
      assertThat(vm.playback().getPosition()).isZero();
    }
  }
}
