package org.apicflow.ui;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The app's style sheets. The build converts each {@code .css} file into JavaFX's binary form
 * ({@code .bss}, beside it in the jar): loading that skips parsing the CSS text, which at start-up
 * costs a few hundred milliseconds of the FX thread. Where the binary form is missing (a run from
 * the sources without the build's conversion), the CSS text is used.
 */
public final class StyleSheets {
  private StyleSheets() {}

  /**
   * The URL (as a string, for a stylesheet list) of the style sheet {@code name} found as {@code
   * owner}'s resource, in binary form when the build made one.
   *
   * @throws IllegalStateException when neither form is there (a packaging error)
   */
  public static String url(Class<?> owner, String name) {
    if (name.endsWith(".css")) {
      URL bss = owner.getResource(name.substring(0, name.length() - 4) + ".bss");
      URL css = owner.getResource(name);
      if (bss != null && (css == null || !newer(css, bss))) {
        return bss.toExternalForm();
      }
    }
    URL css = owner.getResource(name);
    if (css == null) {
      throw new IllegalStateException("style sheet " + name + " not found beside " + owner);
    }
    return css.toExternalForm();
  }

  /** A CSS file edited after the build made its binary form (classes folders only). */
  private static boolean newer(URL css, URL bss) {
    if (!"file".equals(css.getProtocol()) || !"file".equals(bss.getProtocol())) {
      return false;
    }
    try {
      return Files.getLastModifiedTime(Path.of(css.toURI()))
              .compareTo(Files.getLastModifiedTime(Path.of(bss.toURI())))
          > 0;
    } catch (IOException | java.net.URISyntaxException | RuntimeException e) {
      return true;
    }
  }

  /**
   * Build step: converts every {@code .css} file under the given folders (the compiled classes)
   * into a {@code .bss} beside it. Run by the build after the resources are copied.
   */
  public static void main(String[] args) throws IOException {
    int n = 0;
    for (String dir : args) {
      List<Path> sheets;
      try (Stream<Path> s = Files.walk(Path.of(dir))) {
        sheets = s.filter(p -> p.toString().endsWith(".css")).toList();
      }
      for (Path css : sheets) {
        String f = css.toString();
        File bss = new File(f.substring(0, f.length() - 4) + ".bss");
        javafx.css.Stylesheet.convertToBinary(css.toFile(), bss);
        n++;
      }
    }
    System.out.println("style sheets: " + n + " converted to binary form");
  }
}
