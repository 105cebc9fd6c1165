package org.apicflow.ui.prefs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * What the window remembers between runs: size and position, theme, scale, presenter mode, the last
 * scenario and fix, the recent files. A small properties file, {@code settings.properties}, in the
 * user's configuration folder; the system property {@value #DIR_PROPERTY} names another folder
 * (tests point it at a temporary one, so they never touch the user's settings). A file that cannot
 * be read gives the defaults; one that cannot be written is left as it was.
 */
public final class Settings {
  /** System property naming the folder of the settings file. */
  public static final String DIR_PROPERTY = "apicflow.config.dir";

  public static final String FILE = "settings.properties";
  private static final int RECENT_MAX = 10;

  private final Path file;
  private final Properties p = new Properties();

  private Settings(Path file) {
    this.file = file;
  }

  /** The settings in the folder the system property names, else the user's config folder. */
  public static Settings load() {
    return load(folder());
  }

  /** The settings kept in a folder (read now, written by {@link #save()}). */
  public static Settings load(Path folder) {
    Settings s = new Settings(folder.resolve(FILE));
    if (Files.isReadable(s.file)) {
      try (InputStream in = Files.newInputStream(s.file)) {
        s.p.load(in);
      } catch (IOException | IllegalArgumentException e) {
        s.p.clear(); // a damaged file: start from the defaults, the next save replaces it
      }
    }
    return s;
  }

  /** The folder of the settings file: the system property, else the platform's config folder. */
  public static Path folder() {
    return org.apicflow.launch.AppFolders.of(
        org.apicflow.launch.AppFolders.Kind.CONFIG, DIR_PROPERTY);
  }

  public Path file() {
    return file;
  }

  /** Writes the file (atomically); false when it cannot be written. */
  public boolean save() {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(FILE + ".tmp");
      try (OutputStream out = Files.newOutputStream(tmp)) {
        p.store(out, "APICFlow settings");
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  // ------------------------------------------------------------------ values

  public Optional<String> string(String key) {
    return Optional.ofNullable(p.getProperty(key)).filter(s -> !s.isBlank());
  }

  public void put(String key, String value) {
    if (value == null) {
      p.remove(key);
    } else {
      p.setProperty(key, value);
    }
  }

  public boolean bool(String key, boolean dflt) {
    return string(key).map(Boolean::parseBoolean).orElse(dflt);
  }

  public void put(String key, boolean value) {
    p.setProperty(key, Boolean.toString(value));
  }

  /** A finite number, else the default. */
  public double number(String key, double dflt) {
    try {
      double d = string(key).map(Double::parseDouble).orElse(dflt);
      return Double.isFinite(d) ? d : dflt;
    } catch (NumberFormatException e) {
      return dflt;
    }
  }

  public void put(String key, double value) {
    p.setProperty(key, Double.toString(value));
  }

  /** Recent files, newest first. */
  public List<Path> recent() {
    List<Path> out = new ArrayList<>();
    for (int i = 0; i < RECENT_MAX; i++) {
      string("recent." + i).ifPresent(s -> out.add(Path.of(s)));
    }
    return out;
  }

  /** Puts a file first in the recent list (once), dropping the oldest beyond ten. */
  public void addRecent(Path f) {
    List<Path> list = recent();
    Path abs = f.toAbsolutePath().normalize();
    list.remove(abs);
    list.add(0, abs);
    for (int i = 0; i < RECENT_MAX; i++) {
      put("recent." + i, i < list.size() ? list.get(i).toString() : null);
    }
  }
}
