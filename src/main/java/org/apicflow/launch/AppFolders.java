package org.apicflow.launch;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.UnaryOperator;

/** The app's folders in the user's home, where each platform keeps settings and caches. */
public final class AppFolders {
  /** What a folder holds. */
  public enum Kind {
    /** Settings: {@code ~/.config/apicflow}, Application Support, {@code %APPDATA%}. */
    CONFIG,
    /** What can be made again: {@code ~/.cache/apicflow}, Caches, {@code %LOCALAPPDATA%}. */
    CACHE
  }

  private AppFolders() {}

  /**
   * The folder named by the system property {@code property} when it is set, else the platform's
   * folder of this kind for the app: {@code $XDG_CONFIG_HOME/apicflow} or {@code
   * ~/.config/apicflow} ({@code $XDG_CACHE_HOME}, {@code ~/.cache}) on Linux, {@code
   * ~/Library/Application Support/APICFlow} ({@code ~/Library/Caches/APICFlow}) on macOS, {@code
   * %APPDATA%\APICFlow} ({@code %LOCALAPPDATA%\APICFlow\Cache}) on Windows.
   */
  public static Path of(Kind kind, String property) {
    return of(
        kind,
        System.getProperty(property),
        System.getProperty("user.home", "."),
        System.getProperty("os.name", ""),
        System::getenv);
  }

  static Path of(
      Kind kind, String given, String home, String osName, UnaryOperator<String> environment) {
    if (given != null && !given.isBlank()) {
      return Path.of(given);
    }
    String os = osName.toLowerCase(Locale.ROOT);
    boolean config = kind == Kind.CONFIG;
    if (os.contains("win")) {
      String base = environment.apply(config ? "APPDATA" : "LOCALAPPDATA");
      Path app = Path.of(base != null ? base : home, "APICFlow");
      return config ? app : app.resolve("Cache");
    }
    if (os.contains("mac")) {
      return Path.of(home, "Library", config ? "Application Support" : "Caches", "APICFlow");
    }
    String xdg = environment.apply(config ? "XDG_CONFIG_HOME" : "XDG_CACHE_HOME");
    return Path.of(
        xdg != null && !xdg.isBlank() ? xdg : home + (config ? "/.config" : "/.cache"), "apicflow");
  }
}
