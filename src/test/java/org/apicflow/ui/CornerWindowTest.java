package org.apicflow.ui;

import javafx.stage.Stage;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;

/**
 * A test of the window shown at the screen's corner at 1280 x 800 (as the layout tests measure it),
 * with a view model of its own for each test: a subclass's {@code @Start} method (TestFX looks for
 * it on the test's own class) calls {@link #show}.
 */
@ExtendWith(ApplicationExtension.class)
abstract class CornerWindowTest {
  MainViewModel vm;
  MainWindow window;
  Stage stage;

  void show(Stage s) {
    stage = s;
    vm = new MainViewModel();
    window = new MainWindow(vm);
    UiTestSupport.showAtCorner(window, s);
  }
}
