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
  private AtomicFiles() {}

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
    if (!overwrite && Files.exists(target)) {
      throw new FileAlreadyExistsException(target.toString(), null, "exists already");
    }
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".part");
    try {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        writer.write(out);
      }
      if (Thread.currentThread().isInterrupted()) {
        throw new java.io.InterruptedIOException("export cancelled");
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
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
    if (Files.isDirectory(target)) {
      throw new IOException(target + " is a folder");
    }
    if (!overwrite && Files.exists(target)) {
      throw new FileAlreadyExistsException(target.toString(), null, "exists already");
    }
  }
}
