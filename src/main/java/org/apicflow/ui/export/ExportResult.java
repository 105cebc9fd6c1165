package org.apicflow.ui.export;

import java.nio.file.Path;
import java.util.List;

/**
 * What an export wrote.
 *
 * @param files the files, in order
 * @param folder the folder they are in (to open it)
 */
public record ExportResult(List<Path> files, Path folder) {
  public ExportResult {
    files = List.copyOf(files);
  }

  /** "wrote x.png" or "wrote 6 files into frames/". */
  public String summary() {
    return files.size() == 1
        ? "wrote " + files.get(0)
        : "wrote " + files.size() + " files into " + folder;
  }
}
