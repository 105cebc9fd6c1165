package org.apicflow.launch;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes the class-data archive that a start from the jar uses ({@link Relaunch}), after the first
 * frame of a run that had none: in a process of its own at low priority, which outlives the window
 * if the user closes it before the archive is done.
 *
 * <p>That process ({@link #main}) writes the class list the jar carries to the cache folder, runs
 * {@code java -Xshare:dump} with it and the jar as the class path (a few seconds of processor time
 * at the lowest priority), starts a runtime once with the new archive ({@code -Xshare:on}, which
 * fails rather than ignore an archive it cannot use), and only then puts the archive in place under
 * its name, replacing an older one of the same jar and runtime. A second run meanwhile finds the
 * lock taken and leaves it to the first. What it did goes to {@code apicflow-archive.log} in the
 * cache folder; the window never waits for it and never hears of it.
 */
public final class StartupArchive {
  static final String LOG = "apicflow-archive.log";
  private static final long DUMP_LIMIT_MINUTES = 10;

  private StartupArchive() {}

  /**
   * Called by the window once its first frame and views are there: when this runtime was told to
   * make the archive ({@value Relaunch#MAKE_ARCHIVE}), starts the process that makes it; otherwise
   * does nothing. Never throws, never blocks.
   */
  public static void makeIfAsked() {
    String target = System.getProperty(Relaunch.MAKE_ARCHIVE);
    Path jar = Relaunch.ownJar();
    if (target == null || target.isBlank() || jar == null) {
      return;
    }
    Thread t =
        new Thread(
            () -> {
              try {
                Path archive = Path.of(target);
                Files.createDirectories(archive.getParent());
                List<String> c = new ArrayList<>(lowPriority());
                c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                c.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m"));
                c.addAll(List.of("-cp", jar.toString(), StartupArchive.class.getName()));
                c.add(archive.toString());
                new ProcessBuilder(c)
                    .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
              } catch (IOException | RuntimeException e) {
                // no archive this time: the next start tries again
              }
            },
            "apicflow-archive");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
  }

  /** {@code StartupArchive ARCHIVE}: makes ARCHIVE for the jar this class is loaded from. */
  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: StartupArchive ARCHIVE");
      System.exit(2);
    }
    Path archive = Path.of(args[0]).toAbsolutePath();
    Path jar = Relaunch.ownJar();
    if (jar == null) {
      System.err.println("StartupArchive: not started from a jar");
      System.exit(2);
    }
    Path dir = archive.getParent();
    try {
      Files.createDirectories(dir);
      try (FileChannel lockFile =
              FileChannel.open(
                  dir.resolve("apicflow-archive.lock"),
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE);
          FileLock lock = lockFile.tryLock()) {
        if (lock == null) {
          return; // another run is making it
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String result = make(java, jar, archive, lowPriority());
        Files.writeString(dir.resolve(LOG), result + System.lineSeparator());
      }
    } catch (IOException | RuntimeException e) {
      try {
        Files.writeString(dir.resolve(LOG), "failed: " + Relaunch.oneLine(e) + "\n");
      } catch (IOException | RuntimeException ignored) {
        // nowhere to say it
      }
    }
  }

  /**
   * Makes {@code archive} with {@code java} for {@code jar} (the class list from the jar, a dump, a
   * trial start), then puts it in place; returns one line on what happened.
   */
  static String make(Path java, Path jar, Path archive, List<String> prefix) throws IOException {
    Path dir = archive.getParent();
    Path list = dir.resolve(archive.getFileName() + ".classlist");
    Path part = dir.resolve(archive.getFileName() + ".part");
    Path dumpLog = dir.resolve("apicflow-dump.log");
    try (InputStream in = StartupArchive.class.getResourceAsStream(Relaunch.CLASS_LIST)) {
      if (in == null) {
        return "no class list in " + jar;
      }
      Files.copy(in, list, StandardCopyOption.REPLACE_EXISTING);
    }
    try {
      Files.deleteIfExists(part);
      List<String> dump = new ArrayList<>(prefix);
      dump.add(java.toString());
      dump.addAll(Relaunch.OPTIONS);
      dump.addAll(
          List.of(
              "-Xshare:dump",
              "-XX:SharedClassListFile=" + list,
              "-XX:SharedArchiveFile=" + part,
              "-cp",
              jar.toString()));
      int rc = run(dump, dumpLog);
      if (rc != 0 || !Files.isRegularFile(part)) {
        return "dump failed (exit " + rc + "; see " + dumpLog + ")";
      }
      List<String> trial = new ArrayList<>();
      trial.add(java.toString());
      trial.addAll(Relaunch.OPTIONS);
      trial.addAll(List.of("-Xshare:on", "-XX:SharedArchiveFile=" + part, "-cp", jar.toString()));
      trial.add("-version");
      Path trialLog = dir.resolve("apicflow-trial.log");
      rc = run(trial, trialLog);
      if (rc != 0) {
        return "the runtime would not start with the new archive (see " + trialLog + ")";
      }
      Files.move(
          part, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      int removed = removeOlder(archive);
      return "made " + archive + (removed > 0 ? " (replaced " + removed + " older)" : "");
    } finally {
      Files.deleteIfExists(list);
      Files.deleteIfExists(part);
    }
  }

  /** Removes the archives of the same jar path and runtime folder made for other builds. */
  static int removeOlder(Path archive) throws IOException {
    String place = Relaunch.placeOf(archive);
    int removed = 0;
    try (var files = Files.list(archive.getParent())) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String n = p.getFileName().toString();
        if (n.startsWith(place) && n.endsWith(".jsa") && !p.equals(archive)) {
          Files.deleteIfExists(p);
          removed++;
        }
      }
    }
    return removed;
  }

  private static int run(List<String> command, Path log) throws IOException {
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
            .start();
    try {
      if (!p.waitFor(DUMP_LIMIT_MINUTES, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        return -1;
      }
      return p.exitValue();
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** {@code nice -n 19} where there is one (Linux, macOS); nothing elsewhere. */
  static List<String> lowPriority() {
    for (String nice : List.of("/usr/bin/nice", "/bin/nice")) {
      if (Files.isExecutable(Path.of(nice))) {
        return List.of(nice, "-n", "19");
      }
    }
    return List.of();
  }

  private static File nullFile() {
    return new File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
  }
}
