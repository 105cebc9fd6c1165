package org.apicflow.ui.editor;

import java.io.IOException;

/** One line for a file error the editor meets, in the project's words. */
final class FileErrors {
  private FileErrors() {}

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
