package org.apicflow.ui.export;

import java.util.Optional;
import org.apicflow.machine.Program;
import org.apicflow.trace.Trace;
import org.apicflow.ui.code.CodeState;
import org.apicflow.ui.code.CodeViewModel;
import org.apicflow.ui.machine.MachineView;
import org.apicflow.ui.machine.MachineViewModel;
import org.apicflow.ui.playback.Frame;
import org.apicflow.ui.playback.PlaybackModel;

/**
 * One machine view on its own cursor, for the grids the exports draw (compare, contact sheet): the
 * same view models and view as the window, fed by a playback model of their own.
 */
final class MachineTile {
  private final PlaybackModel playback = new PlaybackModel();
  private final MachineViewModel machine = new MachineViewModel(playback);
  private final MachineView view;
  private final Optional<Program> base;

  MachineTile(Trace trace, int position, Optional<Program> base) {
    this.base = base;
    playback.load(trace, position);
    view = new MachineView(machine);
    view.setLegendVisible(false);
    // the tile's own caption says which machine this is: no header line over the cards
    view.setHeaderVisible(false);
  }

  MachineView view() {
    return view;
  }

  void seek(int position) {
    playback.seek(position);
  }

  Frame frame() {
    return playback.getFrame();
  }

  /** The code pane's story at this frame: step title and narration of the CPU shown. */
  CodeState story() {
    return CodeViewModel.compute(playback.getFrame(), machine.shownCpuProperty().get(), base);
  }
}
