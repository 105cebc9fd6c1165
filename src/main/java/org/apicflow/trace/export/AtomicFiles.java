package org.apicflow.trace.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files so that a failed or cancelled export leaves nothing half-written: the content goes
 * to a temporary file beside the target, which is moved into place only when complete.
 */
public final class AtomicFiles {
  /** Temporary files and folders being written; a shutdown hook removes what is left of them. */
  private static final java.util.Set<Path> PENDING =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  private static volatile boolean hookInstalled;

  private AtomicFiles() {}

  /**
   * Marks a temporary file or folder to be removed should the process be stopped (Ctrl-C, SIGTERM)
   * before it is moved into place or deleted; {@link #done} takes the mark off.
   */
  public static void pending(Path tmp) {
    installHook();
    PENDING.add(tmp);
  }

  /** The temporary file or folder is gone or in place: nothing to remove at exit. */
  public static void done(Path tmp) {
    PENDING.remove(tmp);
  }

  private static synchronized void installHook() {
    if (hookInstalled) {
      return;
    }
    hookInstalled = true;
    Runtime.getRuntime()
        .addShutdownHook(new Thread(AtomicFiles::removePending, "apicflow-remove-temporary-files"));
  }

  /** Removes every pending temporary file and folder (the shutdown hook). */
  static void removePending() {
    for (Path p : PENDING.toArray(new Path[0])) {
      try {
        if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          try (var all = Files.walk(p)) {
            for (Path q : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
              Files.deleteIfExists(q);
            }
          }
        } else {
          Files.deleteIfExists(p);
        }
      } catch (IOException | RuntimeException e) {
        // the process is ending; nothing better to do with a file that will not go
      }
      PENDING.remove(p);
    }
  }

  /** Refuses a target that exists and is not a regular file (a device, FIFO, socket, folder). */
  public static void checkReplaceable(Path target) throws IOException {
    if (Files.isDirectory(target)) {
      throw new IOException(target + " is a folder");
    }
    if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)
        && !Files.isRegularFile(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(
          target
              + " is not a regular file (a device, FIFO, socket or link); an export replaces only"
              + " files");
    }
  }

  /** Writes the content of a stream. */
  @FunctionalInterface
  public interface Writer {
    void write(OutputStream out) throws IOException;
  }

  /**
   * Writes {@code target} atomically. Refuses to replace an existing file unless {@code overwrite}.
   * On any failure the temporary file is removed and the target is untouched.
   */
  public static void write(Path target, boolean overwrite, Writer writer) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new IOException("the folder " + dir + " does not exist");
    }
    checkReplaceable(target);
    if (!overwrite && Files.exists(target)) {
      throw new FileAlreadyExistsException(target.toString(), null, "exists already");
    }
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".part");
    pending(tmp);
    try {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        writer.write(out);
      }
      if (Thread.currentThread().isInterrupted()) {
        throw new java.io.InterruptedIOException("export cancelled");
      }
      // the last look before replacing: the target may have changed while it was written
      checkReplaceable(target);
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } finally {
        done(tmp);
      }
    }
  }

  /** Writes a text (UTF-8) atomically, replacing the file if it exists. */
  public static void writeText(Path target, String text) throws IOException {
    write(target, true, out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  /** Checks that {@code target} could be written, without writing it. */
  public static void checkWritable(Path target, boolean overwrite) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new IOException("the folder " + dir + " does not exist");
    }
    if (!Files.isWritable(dir)) {
      throw new IOException("the folder " + dir + " is not writable");
    }
    checkReplaceable(target);
    if (!overwrite && Files.exists(target)) {
      throw new FileAlreadyExistsException(target.toString(), null, "exists already");
    }
  }
}
