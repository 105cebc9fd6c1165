package org.apicflow.ui.editor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Saves a text whole or not at all: a temporary file beside the target, then a move onto it. */
final class AtomicFiles {
  private AtomicFiles() {}

  static void write(Path file, String text) throws IOException {
    Path abs = file.toAbsolutePath();
    if (Files.isDirectory(abs)) {
      throw new java.nio.file.FileSystemException(abs.toString(), null, "is a directory");
    }
    Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** "path: reason" for an I/O error, in one line. */
  static String message(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException f) {
      return f.getFile() + ": no such file or folder";
    }
    if (e instanceof java.nio.file.AccessDeniedException f) {
      return f.getFile() + ": permission denied";
    }
    if (e instanceof java.nio.file.FileSystemException f) {
      return f.getFile() + ": " + (f.getReason() == null ? "cannot read or write" : f.getReason());
    }
    return String.valueOf(e.getMessage());
  }
}
