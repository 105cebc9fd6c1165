package org.apicflow.ui.editor;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Watches one file (its folder, so saves that replace the file by a move are seen too) on a thread
 * of its own, and reports a change once the file has been quiet for {@link #QUIET_MS}: an editor's
 * save is several events. The callback runs on the watcher's thread, never on the FX thread.
 */
final class FileWatcher implements AutoCloseable {
  static final long QUIET_MS = 150;

  private final Consumer<Path> onChange;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "apicflow-watch-debounce");
            t.setDaemon(true);
            return t;
          });
  private WatchService service;
  private Thread thread;
  private volatile Path file;
  private WatchKey key;
  private ScheduledFuture<?> pending;

  FileWatcher(Consumer<Path> onChange) {
    this.onChange = onChange;
  }

  /** Watches {@code p} from now on (null: nothing); the file watched before is dropped. */
  synchronized void watch(Path p) {
    Path abs = p == null ? null : p.toAbsolutePath().normalize();
    if (abs != null && abs.equals(file)) {
      return;
    }
    if (key != null) {
      key.cancel();
      key = null;
    }
    file = abs;
    if (abs == null || abs.getParent() == null) {
      return;
    }
    try {
      if (service == null) {
        service = FileSystems.getDefault().newWatchService();
        thread = new Thread(this::loop, "apicflow-file-watch");
        thread.setDaemon(true);
        thread.start();
      }
      key =
          abs.getParent()
              .register(
                  service,
                  StandardWatchEventKinds.ENTRY_MODIFY,
                  StandardWatchEventKinds.ENTRY_CREATE,
                  StandardWatchEventKinds.ENTRY_DELETE);
    } catch (IOException | UnsupportedOperationException e) {
      key = null; // an unwatchable folder: the file is simply not watched
    }
  }

  /** The file watched now, or null. */
  Path watched() {
    return file;
  }

  private void loop() {
    try {
      while (true) {
        WatchKey k = service.take();
        Path dir = (Path) k.watchable();
        boolean hit = false;
        for (WatchEvent<?> ev : k.pollEvents()) {
          if (ev.kind() == StandardWatchEventKinds.OVERFLOW) {
            hit = true;
          } else if (ev.context() instanceof Path name) {
            Path f = file;
            hit |= f != null && dir.resolve(name).equals(f);
          }
        }
        k.reset();
        if (hit) {
          schedule();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ClosedWatchServiceException e) {
      // closed: the window went away
    }
  }

  private synchronized void schedule() {
    if (pending != null) {
      pending.cancel(false);
    }
    Path f = file;
    pending =
        timer.schedule(
            () -> {
              if (f != null && f.equals(file)) {
                onChange.accept(f);
              }
            },
            QUIET_MS,
            TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void close() {
    timer.shutdownNow();
    if (service != null) {
      try {
        service.close();
      } catch (IOException e) {
        // nothing left to release
      }
    }
  }
}
