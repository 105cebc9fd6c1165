package org.apicflow.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.application.Application;
import javafx.stage.Stage;
import org.apicflow.launch.Relaunch;
import org.apicflow.launch.StartupArchive;
import org.apicflow.scenario.Catalogue;
import org.apicflow.scenario.Scenario;
import org.apicflow.trace.kvm.KvmReader;
import org.apicflow.ui.kvm.KvmWindow;
import org.apicflow.ui.prefs.Settings;

/**
 * The JavaFX application: the main window on the scenario the command line names, else on the one
 * shown when the window last closed (with its fix), else on the default scenario.
 */
public final class ApicFlowApp extends Application {

  /** Opens the window; {@code args} may name a scenario file or built-in id to open. */
  public static void launchApp(String[] args) {
    OutOfMemory.install();
    Application.launch(ApicFlowApp.class, args);
  }

  @Override
  public void start(Stage stage) {
    List<String> raw = getParameters().getRaw();
    if (!raw.isEmpty()
        && Files.isRegularFile(Path.of(raw.get(0)))
        && KvmReader.looksLikeKvmTrace(Path.of(raw.get(0)))) {
      // a KVM trace on the command line opens in the trace window alone
      KvmWindow.open(Path.of(raw.get(0)), stage);
      return;
    }
    boolean timed = "exit".equals(System.getProperty(FIRST_FRAME));
    Settings settings = Settings.load();
    MainViewModel vm = new MainViewModel();
    // the run is loaded and simulated (off the FX thread) while the window is built: it is shown
    // once start() returns, with the window's listeners in place
    if (timed || !raw.isEmpty() || !openLast(vm, settings)) {
      vm.openInitial(raw);
    }
    if (!timed) {
      // the remembered theme before the window is built, so its style sheet is loaded once
      vm.darkProperty().set(settings.bool("theme.dark", false));
    }
    // the first frame has the toolbar and the machine; the other views come just after it
    MainWindow window = new MainWindow(vm, true);
    // a timed start neither reads nor writes the user's remembered window and scenario
    window.show(stage, timed ? null : settings);
    if (Boolean.getBoolean(FRAME_LOG)) {
      logSteps(window, vm);
    }
    if (timed) {
      reportFirstFrames(window, vm);
    }
    if (System.getProperty(Relaunch.MAKE_ARCHIVE) != null) {
      makeArchiveAfterViews(window);
    }
  }

  /**
   * A start from the jar without its class-data archive yet (see {@link Relaunch}): once the first
   * frame and every view are there, the archive is made in a process of its own at low priority,
   * for the next start.
   */
  private static void makeArchiveAfterViews(MainWindow window) {
    Runnable[] check = {null};
    check[0] =
        () -> {
          if (window.viewsBuilt() && window.workshop().isEditorBuilt()) {
            window.scene().removePostLayoutPulseListener(check[0]);
            StartupArchive.makeIfAsked();
          }
        };
    window.scene().addPostLayoutPulseListener(check[0]);
  }

  /**
   * With {@code -Dapicflow.firstFrame=exit} the app prints when its first frame, its first frame
   * with the opened run and its first frame with every view and the scenario editor built were
   * drawn (milliseconds since the JVM started, and the processor time used by then) and quits: for
   * measuring start-up, and for the training run that records the class-data archive at packaging
   * time.
   */
  static final String FIRST_FRAME = "apicflow.firstFrame";

  /**
   * With {@code -Dapicflow.frameLog=true} the app prints a line when a frame shows another step or
   * another run than the frame before ("apicflow: frame with step 60 of 202553 at 1764772312345",
   * milliseconds since 1970): for checking from outside how far the window lags behind the keys.
   * One line per such frame, nothing else.
   */
  static final String FRAME_LOG = "apicflow.frameLog";

  private static void logSteps(MainWindow window, MainViewModel vm) {
    Object[] shown = {null, -1};
    window
        .scene()
        .addPostLayoutPulseListener(
            () -> {
              int p = vm.playback().getPosition();
              var t = vm.playback().getTrace();
              if (t != null && (t != shown[0] || p != (int) shown[1])) {
                shown[0] = t;
                shown[1] = p;
                System.out.println(
                    "apicflow: frame with step "
                        + p
                        + " of "
                        + t.size()
                        + (vm.isPreview() ? " (the start of the run)" : "")
                        + " at "
                        + System.currentTimeMillis());
              }
            });
  }

  private static void reportFirstFrames(MainWindow window, MainViewModel vm) {
    long[] first = {-1, -1, -1}; // first frame, with the run, processor time then
    // started from the jar through a second runtime: counted from the first one's start, with the
    // processor time it used before it started this one
    long start =
        Long.getLong(
            Relaunch.FIRST_START,
            java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime());
    long before = Long.getLong(Relaunch.FIRST_PROCESSOR, 0);
    window
        .scene()
        .addPostLayoutPulseListener(
            () -> {
              long now = System.currentTimeMillis() - start;
              if (first[0] < 0) {
                first[0] = now;
              }
              if (first[1] < 0 && vm.playback().getTrace() != null) {
                first[1] = now;
                first[2] = before + processorMillis();
                if (Boolean.getBoolean(FIRST_FRAME + ".threads")) {
                  System.out.println(
                      "apicflow: processor time by thread then: "
                          + threadMillis()
                          + (before > 0 ? ", first runtime (before the relaunch) " + before : ""));
                }
              }
              if (first[1] >= 0
                  && first[0] != Long.MAX_VALUE
                  && window.viewsBuilt()
                  && window.workshop().isEditorBuilt()) {
                System.out.println(
                    "apicflow: first frame "
                        + first[0]
                        + " ms, with the run "
                        + first[1]
                        + " ms, processor time "
                        + first[2]
                        + " ms; every view and the editor "
                        + now
                        + " ms, processor time "
                        + (before + processorMillis())
                        + " ms");
                first[0] = Long.MAX_VALUE;
                javafx.application.Platform.runLater(javafx.application.Platform::exit);
              }
            });
  }

  /**
   * The processor time this process has used so far (all its threads), in milliseconds; -1 where
   * {@code /proc/self/stat} is not there. A start-up figure that a busy machine distorts less than
   * the time on the clock.
   */
  static long processorMillis() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10; // utime + stime, 100 Hz ticks
    } catch (java.io.IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * The processor time of each of this process's threads so far, most first, in milliseconds ("C2
   * CompilerThre 2140, JavaFX Applicati 1830, ..."; the kernel keeps 15 characters of a name);
   * threads of the same name are added up. Empty where {@code /proc/self/task} is not there. With
   * {@code -Dapicflow.firstFrame.threads=true} a timed start prints it at its first frame with the
   * run: where the start's processor time goes (compiling, styling, simulating).
   */
  static String threadMillis() {
    java.util.Map<String, Long> byName = new java.util.HashMap<>();
    try (var tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path t : (Iterable<Path>) tasks::iterator) {
        try {
          String stat = Files.readString(t.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          long ms = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
          byName.merge(name.replaceAll("\\d+$", ""), ms, Long::sum);
        } catch (java.io.IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      return "";
    }
    return byName.entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
        .map(e -> e.getKey() + " " + e.getValue())
        .collect(java.util.stream.Collectors.joining(", "));
  }

  /** Opens the scenario and fix remembered from the last run; false when there is none. */
  static boolean openLast(MainViewModel vm, Settings s) {
    String fix = s.string("scenario.fix").orElse(Scenario.NONE);
    var builtIn = s.string("scenario.builtin").filter(Catalogue::isBuiltIn);
    if (builtIn.isPresent()) {
      vm.open(ScenarioChoice.builtIn(builtIn.get()), fix, 0);
      return true;
    }
    var file = s.string("scenario.file").map(Path::of).filter(Files::isReadable);
    if (file.isPresent()) {
      vm.open(ScenarioChoice.file(file.get()), fix, 0);
      return true;
    }
    return false;
  }
}
