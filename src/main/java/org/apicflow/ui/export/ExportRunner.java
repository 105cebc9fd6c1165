package org.apicflow.ui.export;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.apicflow.trace.export.AtomicFiles;
import org.apicflow.trace.export.ChromeTraceExporter;
import org.apicflow.trace.export.CsvExporter;

/**
 * Runs an export: draws the frames on the FX thread in slices spread over the window's pulses
 * ({@link FramePacer}), encodes and writes them off it, one frame behind the drawing. Every file
 * goes through {@link AtomicFiles} (a temporary name, moved into place when complete); frames meant
 * for a folder are first written to a hidden staging folder beside them and moved in only when all
 * are done, so a failed or cancelled export leaves no file behind, whole or half-written. Never
 * call it on the FX thread: it waits for it.
 */
public final class ExportRunner {
  private ExportRunner() {}

  /**
   * Checks that the spec's files could be written, before any work: the folder exists (or can be
   * made, for frames) and is writable, and no file would be replaced unless the spec says so.
   *
   * @throws ExportException with a one-line message naming the path and the problem
   */
  public static void checkTargets(ExportSpec spec) {
    try {
      if (!spec.oneFilePerFrame()) {
        AtomicFiles.checkWritable(spec.out(), spec.overwrite());
        return;
      }
      Path dir = spec.out().toAbsolutePath();
      if (Files.exists(dir) && !Files.isDirectory(dir)) {
        throw new ExportException(spec.out() + " is a file, not a folder for the frames");
      }
      Path existing = dir;
      while (existing != null && !Files.exists(existing)) {
        existing = existing.getParent();
      }
      if (existing == null || !Files.isDirectory(existing)) {
        throw new ExportException(
            "cannot make the folder " + spec.out() + ": " + existing + " is not a folder");
      }
      if (!Files.isWritable(existing)) {
        throw new ExportException("the folder " + existing + " is not writable");
      }
      for (Path p : spec.targets()) {
        AtomicFiles.checkReplaceable(p);
        if (!spec.overwrite() && Files.exists(p)) {
          throw new ExportException(p + " exists already");
        }
      }
    } catch (FileAlreadyExistsException e) {
      throw new ExportException(spec.out() + " exists already");
    } catch (IOException e) {
      throw new ExportException(e.getMessage(), e);
    }
  }

  /** Bytes of an event in Chrome Trace Event JSON and in CSV, rounded up from the built-ins. */
  static final int JSON_EVENT_BYTES = 220;

  static final int CSV_EVENT_BYTES = 140;

  /**
   * What an export will write, estimated before any work, to refuse one that would fill a disk: the
   * trace formats by their bytes per event, pictures by their pixels (a PNG of this app's flat
   * views takes well under a byte a pixel, a GIF frame less still).
   */
  public static long estimateBytes(ExportSpec spec) {
    long events = spec.trace().size();
    long pixels = (long) spec.width() * spec.height() * spec.scale() * spec.scale();
    return switch (spec.format()) {
      case JSON -> 4096 + events * JSON_EVENT_BYTES;
      case CSV -> 256 + events * CSV_EVENT_BYTES;
      case GIF -> 1024 + Math.max(1, spec.frameCount()) * pixels / 8;
      default -> Math.max(1, spec.frameCount()) * pixels / 4;
    };
  }

  /** The files of the spec that exist already (to ask before replacing them). */
  public static List<Path> existingTargets(ExportSpec spec) {
    return spec.targets().stream().filter(Files::exists).toList();
  }

  /**
   * Runs the export.
   *
   * @throws CancellationException when {@code progress} says so; nothing is left written
   * @throws ExportException when the export cannot be done; nothing is left written
   */
  public static ExportResult run(ExportSpec spec, ExportProgress progress) throws IOException {
    checkTargets(spec);
    Path folder = spec.out().toAbsolutePath().getParent();
    switch (spec.format()) {
      case JSON, CSV -> {
        progress.update(0, 1, "writing the trace");
        AtomicFiles.write(
            spec.out(),
            spec.overwrite(),
            o -> {
              if (spec.format() == ExportFormat.JSON) {
                ChromeTraceExporter.write(spec.trace(), o);
              } else {
                CsvExporter.write(spec.trace(), o);
              }
            });
        publish(spec.out());
        progress.update(1, 1, "done");
        return new ExportResult(List.of(spec.out()), folder);
      }
      default -> {}
    }
    progress.update(0, Math.max(1, spec.frameCount()), "preparing the views");
    FxRuntime.start();
    Renderer renderer;
    try {
      renderer = Renderer.open(spec);
    } catch (ExportException | IOException e) {
      throw e;
    } catch (Exception e) {
      throw new ExportException("cannot draw the views: " + e, e);
    }
    if (spec.format() == ExportFormat.GIF) {
      writeGif(spec, renderer, progress);
      publish(spec.out());
      return new ExportResult(List.of(spec.out()), folder);
    }
    if (spec.oneFilePerFrame()) {
      return writeFrames(spec, renderer, progress);
    }
    Shot shot = spec.view() == ExportView.CONTACT_SHEET ? null : spec.shots().get(0);
    progress.update(0, 1, "drawing");
    BufferedImage img = draw(renderer, shot);
    cancelPoint(progress);
    AtomicFiles.write(spec.out(), spec.overwrite(), o -> png(img, o));
    publish(spec.out());
    progress.update(1, 1, "done");
    return new ExportResult(List.of(spec.out()), folder);
  }

  /** Gives every frame of a sequence one size (a sheet's height varies with its content). */
  private static void sizeFor(Renderer r, List<Shot> shots) throws IOException {
    try {
      FxRuntime.call(
          () -> {
            r.sizeFor(shots);
            return null;
          });
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("drawing failed: " + e, e);
    }
  }

  /** Draws one frame on the FX thread, paced ({@link FramePacer}), and converts it off it. */
  static BufferedImage draw(Renderer r, Shot shot) throws IOException {
    return new Frames(r, java.util.Collections.singletonList(shot)).next(); // null: a sheet
  }

  /**
   * The frames of a list of shots, drawn one ahead: while the caller encodes frame i on its thread,
   * the FX thread draws frame i + 1, in slices spread over the window's pulses ({@link FramePacer})
   * so the window stays smooth.
   */
  static final class Frames {
    private final Renderer renderer;
    private final List<Shot> shots;
    private java.util.concurrent.CompletableFuture<WritableImage> next;
    private int index;

    Frames(Renderer renderer, List<Shot> shots) {
      this.renderer = renderer;
      this.shots = shots;
      next = shots.isEmpty() ? null : FramePacer.submit(renderer.slices(shots.get(0)));
    }

    BufferedImage next() throws IOException {
      WritableImage fx;
      try {
        fx = next.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("export interrupted");
      } catch (java.util.concurrent.ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof RuntimeException r) {
          throw r;
        }
        throw new IOException("drawing failed: " + c, c);
      }
      index++;
      if (index < shots.size()) {
        Shot s = shots.get(index);
        next = FramePacer.submit(renderer.slices(s));
      }
      return SwingFXUtils.fromFXImage(fx, null);
    }
  }

  private static void png(BufferedImage img, OutputStream o) throws IOException {
    if (!ImageIO.write(img, "png", o)) {
      throw new IOException("no PNG writer");
    }
  }

  private static void writeGif(ExportSpec spec, Renderer r, ExportProgress progress)
      throws IOException {
    List<Shot> shots = spec.shots();
    sizeFor(r, shots);
    AtomicFiles.write(
        spec.out(),
        spec.overwrite(),
        o -> {
          Frames frames = new Frames(r, shots);
          try (GifWriter gif = new GifWriter(o)) {
            for (int i = 0; i < shots.size(); i++) {
              cancelPoint(progress);
              progress.update(i, shots.size(), "frame " + (i + 1) + " of " + shots.size());
              gif.add(frames.next(), delayMillis(shots.get(i), i == shots.size() - 1));
            }
          }
          cancelPoint(progress);
        });
    progress.update(shots.size(), shots.size(), "done");
  }

  /**
   * How long a GIF frame stays: long enough to read a step, longer at a mark, longest on the last
   * frame so the end can be read before the loop starts again.
   */
  public static int delayMillis(Shot s, boolean last) {
    if (last) {
      return 3000;
    }
    return s.mark().isEmpty() ? 700 : 1600;
  }

  private static ExportResult writeFrames(ExportSpec spec, Renderer r, ExportProgress progress)
      throws IOException {
    Path dir = spec.out();
    boolean made = !Files.exists(dir);
    Files.createDirectories(dir);
    Path staging = Files.createTempDirectory(dir, ".apicflow-export-");
    AtomicFiles.pending(staging);
    List<Path> targets = spec.targets();
    boolean ok = false;
    try {
      List<Path> staged = new ArrayList<>();
      List<Shot> shots = spec.shots();
      sizeFor(r, shots);
      Frames frames = new Frames(r, shots);
      for (int i = 0; i < shots.size(); i++) {
        cancelPoint(progress);
        progress.update(i, shots.size(), "frame " + (i + 1) + " of " + shots.size());
        BufferedImage img = frames.next();
        Path p = staging.resolve(targets.get(i).getFileName());
        AtomicFiles.write(p, false, o -> png(img, o));
        publish(p);
        staged.add(p);
      }
      cancelPoint(progress);
      for (int i = 0; i < staged.size(); i++) {
        move(staged.get(i), targets.get(i), spec.overwrite());
      }
      ok = true;
      progress.update(shots.size(), shots.size(), "done");
      return new ExportResult(targets, dir);
    } finally {
      deleteTree(staging);
      AtomicFiles.done(staging);
      if (!ok && made) {
        try (Stream<Path> left = Files.list(dir)) {
          if (left.findAny().isEmpty()) {
            Files.deleteIfExists(dir);
          }
        }
      }
    }
  }

  private static void move(Path from, Path to, boolean overwrite) throws IOException {
    AtomicFiles.checkReplaceable(to);
    if (!overwrite && Files.exists(to)) {
      throw new FileAlreadyExistsException(to.toString(), null, "exists already");
    }
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Makes a written file readable like any other the user makes (the temporary file it was moved
   * from was private to the user): rw-r--r-- where files have POSIX permissions.
   */
  static void publish(Path p) throws IOException {
    try {
      Files.setPosixFilePermissions(
          p, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    } catch (UnsupportedOperationException notPosix) {
      // Windows: the file inherits the folder's access list already
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static void cancelPoint(ExportProgress progress) {
    if (progress.isCancelled() || Thread.currentThread().isInterrupted()) {
      throw new CancellationException("export cancelled");
    }
  }
}
