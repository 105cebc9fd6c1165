package org.apicflow.ui.machine;

import java.util.Locale;
import javafx.scene.Scene;
import javafx.scene.layout.Pane;
import org.apicflow.trace.Trace;
import org.apicflow.ui.MainViewModel;
import org.apicflow.ui.MainWindow;
import org.apicflow.ui.StyleSheets;
import org.apicflow.ui.playback.PlaybackModel;

/**
 * A machine view on its own in a scene of the window's style and type size (presenter type or not),
 * for tests that lay it out at sizes of their own. Made on the FX thread.
 */
record MachineAlone(PlaybackModel playback, MachineView view, Pane root) {

  /** The view of {@code t} at its start, in {@code root}, in a scene of {@code w} x {@code h}. */
  static MachineAlone in(Pane root, Trace t, boolean presenter, double w, double h) {
    PlaybackModel playback = new PlaybackModel();
    MachineViewModel vm = new MachineViewModel(playback);
    playback.load(t, 0);
    MachineView mv = new MachineView(vm);
    root.getChildren().add(mv);
    root.getStyleClass().add("apicflow");
    if (presenter) {
      root.getStyleClass().add("presenter");
    }
    double type = MainWindow.BASE_FONT * (presenter ? MainViewModel.PRESENTER_SCALE : 1);
    root.setStyle(String.format(Locale.ROOT, "-fx-font-size: %.2fpx;", type));
    Scene scene = new Scene(root, w, h);
    scene.getStylesheets().add(StyleSheets.url(MainWindow.class, "app.css"));
    mv.setPresenter(presenter);
    return new MachineAlone(playback, mv, root);
  }
}
