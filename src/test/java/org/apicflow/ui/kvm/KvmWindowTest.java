package org.apicflow.ui.kvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.apicflow.trace.kvm.KvmEvent;
import org.apicflow.ui.MainViewModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The trace window, headless: opening, the IPI shown, File > Open routing a trace file. */
@ExtendWith(ApplicationExtension.class)
class KvmWindowTest {
  static final Path REAL = Path.of("src/test/resources/kvm/real-seabios-ftrace.txt");
  private KvmWindow window;

  @Start
  void start(Stage stage) {
    window = KvmWindow.open(REAL, stage);
  }

  @Test
  void theWindowShowsTheRealCaptureAtItsIpi() throws Exception {
    WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> window.viewModel().getTrace() != null);
    WaitForAsyncUtils.asyncFx(() -> window.viewModel().next(KvmViewModel.MarkKind.IPI)).get();
    WaitForAsyncUtils.waitForFxEvents();
    KvmViewModel.Frame f = window.viewModel().getFrame();
    assertThat(window.viewModel().getTrace().event(f.event())).isEqualTo(KvmEvent.APIC_IPI);
    WritableImage img =
        WaitForAsyncUtils.asyncFx(() -> window.scene().snapshot(null)).get(30, TimeUnit.SECONDS);
    File out = new File("target/snapshots/kvm-ipi.png");
    Files.createDirectories(out.getParentFile().toPath());
    BufferedImage b = SwingFXUtils.fromFXImage(img, null);
    ImageIO.write(b, "png", out);
    assertThat(b.getWidth()).isEqualTo((int) KvmWindow.WIDTH);
    // the INIT envelope on the bus is drawn in the NMI/INIT colour, somewhere in the top half
    boolean envelope = false;
    for (int y = 40; y < 140 && !envelope; y++) {
      for (int x = 20; x < 600 && !envelope; x++) {
        int rgb = b.getRGB(x, y) & 0xFFFFFF;
        envelope = rgb == 0xC2185B;
      }
    }
    assertThat(envelope).as("INIT envelope drawn").isTrue();
  }

  @Test
  void theMainWindowRoutesATraceFileToItsTraceListeners() {
    MainViewModel vm = new MainViewModel();
    List<Path> got = new java.util.ArrayList<>();
    vm.onTraceFile(got::add);
    vm.openFile(REAL);
    assertThat(got).containsExactly(REAL);
    assertThat(vm.isBusy()).isFalse();
  }
}
