package org.apicflow.ui.kvm;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javafx.application.Application;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.WritableImage;
import javafx.scene.transform.Transform;
import javax.imageio.ImageIO;
import org.apicflow.trace.export.AtomicFiles;
import org.apicflow.trace.kvm.KvmTrace;
import org.apicflow.ui.export.FxRuntime;
import org.apicflow.ui.export.GifWriter;

/**
 * Pictures of the trace window drawn off screen (headless when there is no display): a PNG at a
 * position, a PNG per position into a folder, or an animated GIF a frame per position. Files are
 * written to a temporary name and moved into place.
 */
public final class KvmImages {
  private KvmImages() {}

  /** How to draw: the window's size, pixels per point, theme and presenter mode. */
  public record Look(int width, int height, int scale, boolean dark, boolean presenter) {}

  /** Draws the window at position p. */
  public static BufferedImage render(KvmTrace t, int p, Look look) throws Exception {
    FxRuntime.start();
    return FxRuntime.call(
        () -> {
          Application.setUserAgentStylesheet(
              look.dark()
                  ? new PrimerDark().getUserAgentStylesheetBSS()
                  : new PrimerLight().getUserAgentStylesheetBSS());
          KvmViewModel vm = new KvmViewModel();
          vm.load(t, p);
          KvmView view = new KvmView(vm);
          if (look.dark()) {
            view.getStyleClass().add("dark");
          }
          if (look.presenter()) {
            view.togglePresenter();
          }
          Scene scene = new Scene(view, look.width(), look.height());
          scene
              .getStylesheets()
              .add(org.apicflow.ui.StyleSheets.url(org.apicflow.ui.MainWindow.class, "app.css"));
          for (int k = 0; k < 3; k++) {
            view.applyCss();
            view.resize(look.width(), look.height());
            view.layout();
          }
          SnapshotParameters sp = new SnapshotParameters();
          sp.setTransform(Transform.scale(look.scale(), look.scale()));
          WritableImage img = view.snapshot(sp, null);
          return SwingFXUtils.fromFXImage(img, null);
        });
  }

  public static void png(KvmTrace t, int p, Look look, Path out, boolean overwrite)
      throws Exception {
    BufferedImage img = render(t, p, look);
    AtomicFiles.write(out, overwrite, o -> ImageIO.write(img, "png", o));
  }

  /** One PNG per position into {@code dir}: {@code <file>-<nnnnn>-<event>.png}. */
  public static int frames(
      KvmTrace t, List<Integer> positions, Look look, Path dir, boolean overwrite)
      throws Exception {
    java.nio.file.Files.createDirectories(dir);
    String base = t.file().getFileName().toString().replaceAll("\\.[A-Za-z]+$", "");
    for (int p : positions) {
      String ev = p == 0 ? "start" : t.event(p - 1).tracepoint;
      png(t, p, look, dir.resolve(String.format("%s-%05d-%s.png", base, p, ev)), overwrite);
    }
    return positions.size();
  }

  /** An animated GIF, a frame per position. */
  public static void gif(
      KvmTrace t, List<Integer> positions, Look look, Path out, boolean overwrite)
      throws Exception {
    AtomicFiles.write(
        out,
        overwrite,
        o -> {
          try (GifWriter g = new GifWriter(o)) {
            for (int p : positions) {
              g.add(render(t, p, look), 700);
            }
          } catch (IOException e) {
            throw e;
          } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
          }
        });
  }
}
