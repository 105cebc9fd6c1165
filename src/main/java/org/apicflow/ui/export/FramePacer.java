package org.apicflow.ui.export;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;

/**
 * Spreads the drawing of export frames over the window's pulses, so the window stays smooth while
 * an export runs: at most one slice of drawing (a seek, a layout pass, one band of a snapshot) per
 * pulse, and after a slice at least as long without any, so the window keeps at least half the FX
 * thread. Encoding and writing happen on the export's own thread meanwhile.
 *
 * <p>When this app started the toolkit itself (a script's export: no window to keep smooth), the
 * slices run back to back: pacing would only make the script slower.
 */
final class FramePacer {
  /** The drawing of one frame, in slices; run on the FX thread only. */
  interface Slices<T> {
    /** Runs the next slice; true when the frame is complete. */
    boolean step();

    /** The frame, once {@link #step()} said it is complete. */
    T result();
  }

  private record Job<T>(Slices<T> slices, CompletableFuture<T> done) {
    /** One slice; true when the job is over (complete or failed). */
    boolean step() {
      try {
        if (slices.step()) {
          done.complete(slices.result());
          return true;
        }
        return false;
      } catch (Throwable t) {
        done.completeExceptionally(t);
        return true;
      }
    }
  }

  private static final ArrayDeque<Job<?>> QUEUE = new ArrayDeque<>();
  private static long notBefore;
  private static long lastPulse = Long.MIN_VALUE;
  private static int inThisPulse;
  private static int mostInAPulse;

  private static final AnimationTimer TIMER =
      new AnimationTimer() {
        @Override
        public void handle(long now) {
          pulse(now);
        }
      };

  private FramePacer() {}

  /** Draws a frame slice by slice, paced; call from any thread. */
  static <T> CompletableFuture<T> submit(Slices<T> slices) {
    CompletableFuture<T> f = new CompletableFuture<>();
    Job<T> job = new Job<>(slices, f);
    Platform.runLater(
        () -> {
          if (FxRuntime.ownsToolkit()) {
            while (!job.step()) {
              // no window: every slice at once
            }
            return;
          }
          QUEUE.add(job);
          TIMER.start();
        });
    return f;
  }

  private static void pulse(long now) {
    if (QUEUE.isEmpty()) {
      TIMER.stop();
      return;
    }
    if (System.nanoTime() < notBefore) {
      return;
    }
    if (now != lastPulse) {
      lastPulse = now;
      inThisPulse = 0;
    }
    long start = System.nanoTime();
    Job<?> job = QUEUE.peek();
    if (job.step()) {
      QUEUE.poll();
    }
    inThisPulse++;
    mostInAPulse = Math.max(mostInAPulse, inThisPulse);
    long end = System.nanoTime();
    notBefore = end + (end - start);
  }

  /** The most slices run in one pulse so far (for tests: never more than one). */
  static int mostSlicesInAPulse() {
    return mostInAPulse;
  }
}
