package org.apicflow.ui.compare;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.testfx.util.WaitForAsyncUtils;

/** Helpers of the compare and matrix UI tests: waiting, running on the FX thread, snapshots. */
public final class FxSupport {
  private FxSupport() {}

  public static void await(Callable<Boolean> c) {
    try {
      WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, c);
    } catch (TimeoutException e) {
      throw new AssertionError("condition not reached", e);
    }
    WaitForAsyncUtils.waitForFxEvents();
  }

  public static void fx(Runnable r) {
    WaitForAsyncUtils.asyncFx(r);
    WaitForAsyncUtils.waitForFxEvents();
  }

  public static <T> T fxGet(Callable<T> c) {
    try {
      return WaitForAsyncUtils.asyncFx(c).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes a PNG of the scene to target/snapshots/NAME.png. */
  public static File snapshot(Scene scene, String name) {
    WaitForAsyncUtils.waitForFxEvents();
    WritableImage img = fxGet(() -> scene.snapshot(null));
    File out = new File("target/snapshots/" + name + ".png");
    try {
      Files.createDirectories(out.getParentFile().toPath());
      ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", out);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }
}
