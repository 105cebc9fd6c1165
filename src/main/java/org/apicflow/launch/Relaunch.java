package org.apicflow.launch;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Starts the window in a second Java runtime with the packaged app's options when the app was
 * started from its jar ({@code java -jar apicflow.jar}), which can carry no options of its own.
 *
 * <p>The second runtime (the same {@code java}) gets the serial collector, a small first heap and a
 * 2 GB limit (as {@code packaging/jpackage.sh} gives the installed app: docs/performance.md,
 * "Memory of the whole app") and, once it exists, a class-data archive of the classes the first
 * frame needs, kept in the user's cache folder and named after the jar (path, size, time) and the
 * Java runtime (its folder and version). The first run makes that archive after its first frame, in
 * the background at low priority ({@link StartupArchive}); later runs start with it.
 *
 * <p>This runtime waits for the second one, which shares its standard input, output and error, and
 * exits with its exit code. There is never a third: the second is marked by {@value #CHILD}. {@code
 * -Dapicflow.relaunch=false} keeps the window in this runtime; so does a start that is not from a
 * jar, the installed app's launcher (it has the options already), a start whose Java options
 * already name a class-data archive, and a second runtime that cannot be started (one line says
 * so).
 */
public final class Relaunch {
  /** {@code -Dapicflow.relaunch=false}: no second runtime. */
  public static final String ENABLED = "apicflow.relaunch";

  /** {@code -Dapicflow.relaunch.archive=false}: a second runtime, but no class-data archive. */
  public static final String ARCHIVE = "apicflow.relaunch.archive";

  /** Marks the second runtime, so that it never starts a third. */
  public static final String CHILD = "apicflow.relaunched";

  /** Given to the second runtime when the archive is still to be made: where to make it. */
  public static final String MAKE_ARCHIVE = "apicflow.relaunch.makeArchive";

  /**
   * Given to the second runtime: when the first runtime started (milliseconds since 1970) and the
   * processor time it had used when it started the second (milliseconds), so that a timed start
   * ({@code -Dapicflow.firstFrame=exit}) counts both.
   */
  public static final String FIRST_START = "apicflow.relaunch.start";

  public static final String FIRST_PROCESSOR = "apicflow.relaunch.processor";

  /** Where the archive is kept; the user's cache folder when not given. */
  public static final String CACHE_DIR = "apicflow.cache.dir";

  /**
   * The installed app's Java options (packaging/jpackage.sh) that the second runtime gets too: the
   * serial collector and its heap sizes (docs/performance.md, "Memory of the whole app"), and the
   * optimising compiler (C2) asked to wait for ten times the usual number of calls and loop turns
   * before it compiles a method. On two cores the start is otherwise a race for the processor
   * between the FX thread and C2 compiling code that runs only while the first window is styled and
   * laid out; the quick compiler (C1) still compiles at its usual thresholds, and code that stays
   * hot reaches C2 later ("Start-up: the optimising compiler later").
   */
  public static final List<String> OPTIONS =
      List.of(
          "-XX:+UseSerialGC",
          "-Xms32m",
          "-Xmx2g",
          "-XX:Tier4InvocationThreshold=50000",
          "-XX:Tier4MinInvocationThreshold=6000",
          "-XX:Tier4CompileThreshold=150000",
          "-XX:Tier4BackEdgeThreshold=400000");

  /** The class list the build carries (the classes a start to the first frame loads). */
  public static final String CLASS_LIST = "/org/apicflow/launch/startup.classlist";

  static final String MAIN = "org.apicflow.cli.Launcher";

  private Relaunch() {}

  /**
   * What this runtime is: its {@code java} executable, the jar it runs from (null when not from a
   * jar), its own Java options, the system properties that decide, the cache folder, and how much
   * processor time it has used.
   */
  public record Here(
      Path javaExe,
      Path jar,
      List<String> jvmOptions,
      java.util.function.UnaryOperator<String> property,
      Path cacheDir,
      long startMillis,
      long processorMillis) {

    /** This runtime. */
    public static Here current() {
      Path exe =
          Path.of(
              System.getProperty("java.home"),
              "bin",
              System.getProperty("os.name", "").startsWith("Windows") ? "java.exe" : "java");
      var runtime = ManagementFactory.getRuntimeMXBean();
      return new Here(
          exe,
          ownJar(),
          runtime.getInputArguments(),
          System::getProperty,
          Relaunch.cacheDir(),
          runtime.getStartTime(),
          Relaunch.processorMillis());
    }
  }

  /**
   * Runs the window in a second runtime if it should, and returns that runtime's exit code; empty
   * when the window is to open in this runtime (switched off, not from a jar, already the second,
   * or the second could not be started: then after one line on standard error).
   */
  public static OptionalInt run(String[] args) {
    if ("false".equals(System.getProperty(ENABLED)) || System.getProperty(CHILD) != null) {
      return OptionalInt.empty(); // decided before anything is loaded
    }
    Here here;
    try {
      here = Here.current();
    } catch (RuntimeException | LinkageError e) {
      return OptionalInt.empty();
    }
    return run(here, args, System.err);
  }

  /** {@link #run(String[])} for {@code here}; the one line goes to {@code err}. */
  static OptionalInt run(Here here, String[] args, java.io.PrintStream err) {
    Optional<List<String>> command = command(here, args);
    if (command.isEmpty()) {
      return OptionalInt.empty();
    }
    Process child;
    try {
      child = new ProcessBuilder(command.get()).inheritIO().start();
    } catch (IOException | RuntimeException e) {
      err.println(
          "apicflow: could not start "
              + here.javaExe()
              + " again with the app's options ("
              + oneLine(e)
              + "); opening the window in this Java runtime");
      return OptionalInt.empty();
    }
    // the second runtime ends with this one (a terminal's Ctrl-C reaches both anyway)
    Thread stop = new Thread(child::destroy, "apicflow-relaunch");
    Runtime.getRuntime().addShutdownHook(stop);
    while (true) {
      try {
        int code = child.waitFor();
        Runtime.getRuntime().removeShutdownHook(stop);
        return OptionalInt.of(code);
      } catch (InterruptedException e) {
        // keep waiting: this runtime has nothing else to do
      } catch (IllegalStateException e) {
        return OptionalInt.of(child.exitValue()); // shutting down already
      }
    }
  }

  /**
   * The command line of the second runtime, or empty when there is to be none: {@code java}, the
   * installed app's options (the collector only when this runtime's own options name none), the
   * archive when it exists and is valid, this runtime's own options (so that they win), the
   * markers, the jar and the arguments.
   */
  public static Optional<List<String>> command(Here here, String[] args) {
    if (!wanted(here)) {
      return Optional.empty();
    }
    List<String> own = here.jvmOptions();
    List<String> c = new ArrayList<>();
    c.add(here.javaExe().toString());
    for (String o : OPTIONS) {
      if (o.startsWith("-XX:+Use") && own.stream().anyMatch(Relaunch::choosesCollector)) {
        continue;
      }
      c.add(o);
    }
    boolean archives = !"false".equals(here.property().apply(ARCHIVE));
    Path archive = archives && here.cacheDir() != null ? archiveFor(here) : null;
    boolean valid = archive != null && valid(archive, here.property().apply("java.vm.version"));
    if (valid) {
      c.add("-XX:SharedArchiveFile=" + archive);
    }
    c.addAll(own);
    c.add("-D" + CHILD + "=true");
    c.add("-D" + FIRST_START + "=" + here.startMillis());
    c.add("-D" + FIRST_PROCESSOR + "=" + here.processorMillis());
    if (archive != null && !valid && hasClassList()) {
      c.add("-D" + MAKE_ARCHIVE + "=" + archive);
    }
    c.add("-cp");
    c.add(here.jar().toString());
    c.add(MAIN);
    c.addAll(List.of(args));
    return Optional.of(c);
  }

  /** Whether to start a second runtime at all. */
  static boolean wanted(Here here) {
    var p = here.property();
    if ("false".equals(p.apply(ENABLED)) || p.apply(CHILD) != null) {
      return false;
    }
    if (p.apply("jpackage.app-path") != null) {
      return false; // the installed app's launcher: its options are already there
    }
    if (here.jar() == null || !Files.isExecutable(here.javaExe())) {
      return false;
    }
    // a start that chose its own class-data archive (packaging/appcds.sh, a training run) keeps it
    return here.jvmOptions().stream().noneMatch(Relaunch::aboutArchives);
  }

  private static boolean aboutArchives(String o) {
    return o.startsWith("-Xshare")
        || o.contains("SharedArchiveFile")
        || o.contains("ArchiveClassesAtExit")
        || o.contains("DumpLoadedClassList")
        || o.contains("SharedClassListFile");
  }

  private static boolean choosesCollector(String o) {
    return o.startsWith("-XX:+Use") && o.endsWith("GC");
  }

  /**
   * The archive for this jar and this Java runtime: {@code apicflow-P-V.jsa} in the cache folder,
   * where P stands for the jar's path and the runtime's folder, and V for the jar's size and time,
   * the runtime's version and the options. Another build of the jar or an updated runtime has
   * another V; the archive it replaces has the same P ({@link StartupArchive} removes it).
   */
  public static Path archiveFor(Here here) {
    String place = here.jar().toAbsolutePath() + "|" + here.javaExe().toAbsolutePath();
    String version;
    try {
      BasicFileAttributes a = Files.readAttributes(here.jar(), BasicFileAttributes.class);
      version =
          a.size()
              + "|"
              + a.lastModifiedTime().toMillis()
              + "|"
              + here.property().apply("java.runtime.version")
              + "|"
              + here.property().apply("java.vm.version")
              + "|"
              + String.join(" ", OPTIONS);
    } catch (IOException e) {
      return null;
    }
    return here.cacheDir().resolve("apicflow-" + hash(place) + "-" + hash(version) + ".jsa");
  }

  /** The part of an archive's name that stands for the jar's path and the runtime's folder. */
  static String placeOf(Path archive) {
    String n = archive.getFileName().toString();
    int dash = n.lastIndexOf('-');
    return dash < 0 ? n : n.substring(0, dash + 1);
  }

  /** 64-bit FNV-1a, in hex: a name, not a secret (and nothing to load at start). */
  static String hash(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    String hex = Long.toHexString(h);
    return "0".repeat(16 - hex.length()) + hex;
  }

  /** The magic number that starts a static class-data archive of a HotSpot runtime. */
  static final int STATIC_ARCHIVE_MAGIC = 0xf00baba2;

  /**
   * Whether {@code archive} is a complete static class-data archive made by a runtime of this
   * version: it exists, starts with the archive's magic number, and its header names the version.
   * (A missing or mismatched archive is ignored without a word on Java 17, but then the runtime's
   * own archive is not used either, so it is never passed unchecked.) The archive is only ever put
   * in place whole, after the runtime has loaded it once ({@link StartupArchive}).
   */
  public static boolean valid(Path archive, String vmVersion) {
    if (archive == null || vmVersion == null || !Files.isRegularFile(archive)) {
      return false;
    }
    byte[] head = new byte[4096];
    int n = 0;
    try (InputStream in = Files.newInputStream(archive)) {
      int r;
      while (n < head.length && (r = in.read(head, n, head.length - n)) > 0) {
        n += r;
      }
    } catch (IOException e) {
      return false;
    }
    if (n < 64) {
      return false;
    }
    int magic = ByteBuffer.wrap(head, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    if (magic != STATIC_ARCHIVE_MAGIC) {
      return false;
    }
    String header = new String(head, 0, n, StandardCharsets.ISO_8859_1);
    return header.contains("(" + vmVersion + ")");
  }

  static boolean hasClassList() {
    return Relaunch.class.getResource(CLASS_LIST) != null;
  }

  /** The jar this class was loaded from; null when it came from a folder (tests, an IDE). */
  static Path ownJar() {
    try {
      var source = Relaunch.class.getProtectionDomain().getCodeSource();
      if (source == null || source.getLocation() == null) {
        return null;
      }
      Path p = Path.of(source.getLocation().toURI()).toAbsolutePath();
      return Files.isRegularFile(p) && p.toString().endsWith(".jar") ? p : null;
    } catch (java.net.URISyntaxException | RuntimeException e) {
      return null;
    }
  }

  /**
   * The user's cache folder for the app: {@value #CACHE_DIR} when given, else {@code
   * $XDG_CACHE_HOME/apicflow} or {@code ~/.cache/apicflow} on Linux, {@code
   * ~/Library/Caches/APICFlow} on macOS, {@code %LOCALAPPDATA%\APICFlow\Cache} on Windows.
   */
  public static Path cacheDir() {
    return AppFolders.of(AppFolders.Kind.CACHE, CACHE_DIR);
  }

  /** The processor time this process has used (Linux; -1 elsewhere), in milliseconds. */
  public static long processorMillis() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10; // utime + stime, 100 Hz ticks
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  static String oneLine(Throwable e) {
    String m = e.getMessage();
    return (m == null || m.isBlank() ? e.getClass().getSimpleName() : m).replaceAll("\\s+", " ");
  }
}
