package org.apicflow.ui.export;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Node;
import javafx.scene.image.WritableImage;
import org.apicflow.ui.MainViewModel;
import org.apicflow.ui.MainWindow;

/**
 * The main window built off screen, on its own view model: the window or one of its panels at any
 * cursor, without moving the cursor of the window on screen.
 */
final class WindowRenderer implements Renderer {
  private final ExportSpec spec;
  private final MainViewModel vm = new MainViewModel();
  private final MainWindow window;
  private final AtomicReference<String> error = new AtomicReference<>();

  private WindowRenderer(ExportSpec spec) {
    this.spec = spec;
    // The theme is global (user agent stylesheet): set it before the window applies it, so a copy
    // made from the window keeps the window's theme.
    vm.darkProperty().set(spec.dark());
    window = new MainWindow(vm);
    vm.presenterProperty().set(spec.presenter());
    window.scene().getRoot().applyCss(); // builds the split panes' skins: the panels join the scene
    vm.onError(e -> error.set(e.title() + ": " + e.message()));
  }

  static WindowRenderer open(ExportSpec spec) throws Exception {
    WindowRenderer r =
        FxRuntime.call(
            () -> {
              WindowRenderer w = new WindowRenderer(spec);
              w.vm.open(spec.source());
              return w;
            });
    r.await(org.apicflow.scenario.Scenario.NONE);
    if (!spec.fix().equals(org.apicflow.scenario.Scenario.NONE)) {
      FxRuntime.call(
          () -> {
            r.vm.selectFix(spec.fix());
            return null;
          });
      r.await(spec.fix());
    }
    FxRuntime.call(
        () -> {
          r.apply(spec.viewState());
          return null;
        });
    return r;
  }

  /** Waits until the view model shows the run of {@code fix} (loading runs on its worker). */
  private void await(String fix) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      boolean loaded =
          FxRuntime.call(
              () ->
                  !vm.isBusy()
                      && vm.playback().getTrace() != null
                      && vm.playback().getTrace().fix().equals(fix));
      if (loaded) {
        return;
      }
      if (error.get() != null) {
        throw new ExportException(error.get());
      }
      if (System.nanoTime() > deadline) {
        throw new ExportException("the run did not load within a minute");
      }
      Thread.sleep(5);
    }
  }

  private void apply(ViewState v) {
    vm.machine().pinnedCpuProperty().set(v.pinnedCpu());
    vm.timeline()
        .axisModeProperty()
        .set(
            v.stepAxis()
                ? org.apicflow.ui.timeline.TimelineViewModel.AxisMode.STEPS
                : org.apicflow.ui.timeline.TimelineViewModel.AxisMode.TIME);
    if (!Double.isNaN(v.viewStart()) && !Double.isNaN(v.viewEnd())) {
      vm.timeline().setWindow(v.viewStart(), v.viewEnd());
    }
  }

  @Override
  public WritableImage render(Shot shot) {
    vm.playback().seek(shot.position());
    atRest();
    return Renderer.snapshot(
        window.scene().getRoot(), node(), spec.scale(), spec.dark(), spec.width(), spec.height());
  }

  /** The frame in slices: the seek, each layout pass, each band of the picture. */
  @Override
  public FramePacer.Slices<WritableImage> slices(Shot shot) {
    if (spec.width() <= 0 || spec.height() <= 0) {
      return Renderer.super.slices(shot);
    }
    return new SlicedSnapshot(
        () -> vm.playback().seek(shot.position()),
        this::atRest,
        window.scene().getRoot(),
        node(),
        spec.scale(),
        spec.dark(),
        spec.width(),
        spec.height());
  }

  private Node callout;

  /**
   * Holds the window's one animation at rest: the machine view's focus callout pulses (grows and
   * shrinks over 600 ms) when the vector of interest changes. A frame shows it at its resting size,
   * whenever it is drawn, so a frame does not depend on how long drawing took, and a frame drawn in
   * slices over several pulses is one picture.
   */
  private void atRest() {
    if (callout == null) {
      callout = window.scene().lookup("#focus-callout");
    }
    if (callout != null) {
      callout.setScaleX(1);
      callout.setScaleY(1);
    }
  }

  private Node node() {
    return switch (spec.view()) {
      case MACHINE -> window.machineView();
      case TIMELINE -> window.timelineView();
      case CODE -> java.util.Objects.requireNonNull(window.scene().lookup("#code-view"));
      default -> window.scene().getRoot();
    };
  }
}
