package org.apicflow.ui;

import static org.apicflow.ui.UiTestSupport.awaitCondition;
import static org.apicflow.ui.UiTestSupport.awaitLoaded;
import static org.apicflow.ui.UiTestSupport.fx;
import static org.apicflow.ui.UiTestSupport.fxGet;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.apicflow.scenario.Templates;
import org.apicflow.trace.Mark;
import org.apicflow.trace.Trace;
import org.apicflow.ui.editor.ExpectationsPanel;
import org.apicflow.ui.editor.ScenarioEditor;
import org.apicflow.ui.editor.Workshop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The scenario workshop clicked through, headless: a lesson written from the template is opened,
 * edited in the editor and on disk; the run, the banner and the expectations follow.
 */
@ExtendWith(ApplicationExtension.class)
class WorkshopTest {
  private MainViewModel vm;
  private MainWindow window;
  private final List<Path> traces = new ArrayList<>();

  @TempDir Path dir;

  @Start
  void start(Stage stage) {
    vm = new MainViewModel();
    window = new MainWindow(vm);
    vm.onTraceFile(traces::add);
    window.show(stage);
  }

  private Workshop workshop() {
    return window.workshop();
  }

  private ScenarioEditor editor() {
    return window.workshop().editor();
  }

  private Trace trace() {
    return vm.playback().getTrace();
  }

  private static long markTime(Trace t, String name) {
    return t.firstMark(name).map(Mark::time).orElseThrow();
  }

  /** Writes the lesson template to a file, opens it with the editor shown and waits for both. */
  private Path openLesson() throws Exception {
    Path f = dir.resolve("lesson.yaml");
    Files.writeString(f, Templates.text("lesson", "lesson"));
    fx(
        () -> {
          workshop().editorShownProperty().set(true);
          workshop().expectationsShownProperty().set(true);
          vm.openFile(f);
        });
    String text = Files.readString(f);
    awaitCondition(
        () ->
            !vm.isBusy()
                && vm.getScenario() != null
                && "lesson".equals(vm.getScenario().id())
                && text.equals(fxGet(editor()::text)));
    awaitLoaded(vm);
    return f;
  }

  /** Replaces the first {@code from} in the editor's text, as typing would. */
  private void edit(String from, String to) {
    fx(
        () -> {
          String t = editor().text();
          int at = t.indexOf(from);
          assertThat(at).as("the text has " + from).isGreaterThanOrEqualTo(0);
          editor().area().replaceText(at, at + from.length(), to);
        });
  }

  @Test
  void anEditReSimulatesAndTheCursorStaysAtItsMark() throws Exception {
    openLesson();
    Trace before = trace();
    long doneBefore = markTime(before, "done");
    fx(() -> vm.playback().jumpToMark("in-handler"));
    int atBefore = vm.playback().getPosition();
    assertThat(before.marks().stream().anyMatch(m -> m.event() + 1 == atBefore)).isTrue();
    // a longer critical section on CPU 1: the handler runs later
    edit("time: 4us", "time: 9us");
    assertThat(fxGet(editor()::isDirty)).isTrue();
    assertThat(fxGet(() -> ((Stage) window.scene().getWindow()).getTitle())).startsWith("● ");
    awaitCondition(() -> trace() != before);
    Trace after = trace();
    assertThat(markTime(after, "done") - doneBefore).isEqualTo(5_000);
    // the cursor is at the same mark of the new run, not at the same step number
    int mark = after.firstMark("in-handler").map(Mark::event).orElseThrow() + 1;
    assertThat(vm.playback().getPosition()).isEqualTo(mark);
    assertThat(vm.getScenario().id()).isEqualTo("lesson");
    assertThat(workshop().bannerMessage()).isEmpty();
  }

  @Test
  void aRunWaitingForTypingToStopIsNotStartedOnceTheWorkshopCloses() throws Exception {
    openLesson();
    Trace before = trace();
    List<Throwable> thrown = new ArrayList<>();
    Thread.UncaughtExceptionHandler[] was = new Thread.UncaughtExceptionHandler[1];
    fx(
        () -> {
          was[0] = Thread.currentThread().getUncaughtExceptionHandler();
          Thread.currentThread().setUncaughtExceptionHandler((t, e) -> thrown.add(e));
        });
    try {
      // the window goes (it closes its workshop) before typing has been quiet for long enough
      fx(
          () -> {
            String t = editor().text();
            int at = t.indexOf("time: 4us");
            editor().area().replaceText(at, at + "time: 4us".length(), "time: 9us");
            workshop().close();
          });
      WaitForAsyncUtils.sleep((long) Workshop.QUIET.toMillis() * 3, TimeUnit.MILLISECONDS);
      WaitForAsyncUtils.waitForFxEvents();
      assertThat(thrown).isEmpty();
      assertThat(trace()).isSameAs(before);
      assertThat(workshop().bannerMessage()).isEmpty();
    } finally {
      fx(() -> Thread.currentThread().setUncaughtExceptionHandler(was[0]));
    }
  }

  @Test
  void aRunUnderWayWhenTheWorkshopClosesIsNotShown() throws Exception {
    openLesson();
    Trace before = trace();
    String longer = fxGet(editor()::text).replace("time: 4us", "time: 9us");
    fx(
        () -> {
          workshop().simulate(longer);
          // the run is under way, or done with its result waiting for this thread, when the
          // window closes its workshop
          WaitForAsyncUtils.sleep(300, TimeUnit.MILLISECONDS);
          workshop().close();
        });
    WaitForAsyncUtils.sleep(500, TimeUnit.MILLISECONDS);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(trace()).isSameAs(before);
    assertThat(vm.getScenario().id()).isEqualTo("lesson");
    assertThat(workshop().bannerMessage()).isEmpty();
  }

  @Test
  void aBrokenEditKeepsTheOldRunAndNamesTheErrorWithItsFix() throws Exception {
    Path f = openLesson();
    Trace before = trace();
    int line =
        (int) Files.readString(f).lines().takeWhile(l -> !l.contains("op: send-ipi")).count() + 1;
    edit("op: send-ipi", "op: sendipi");
    awaitCondition(() -> !workshop().bannerMessage().isEmpty());
    String banner = workshop().bannerMessage();
    assertThat(banner)
        .startsWith(f + ":" + line + ":")
        .contains("unknown op 'sendipi' (did you mean 'send-ipi'?)");
    assertThat(trace()).isSameAs(before);
    assertThat(vm.getScenario().id()).isEqualTo("lesson");
    // the error is underlined on the word, said under the text, and its fix is one click
    int[] range = fxGet(() -> editor().errorRange().orElseThrow());
    assertThat(fxGet(() -> editor().text().substring(range[0], range[1]))).isEqualTo("sendipi");
    Label strip = (Label) window.scene().lookup("#editor-error");
    assertThat(strip.isVisible()).isTrue();
    assertThat(strip.getText())
        .startsWith("line " + line + ", column ")
        .endsWith("unknown op 'sendipi' (did you mean 'send-ipi'?)");
    // resting the mouse on the underlined word shows the whole message
    fx(
        () ->
            editor()
                .area()
                .fireEvent(
                    org.fxmisc.richtext.event.MouseOverTextEvent.beginAt(
                        editor().area().localToScreen(40, 40), range[0] + 2)));
    assertThat(fxGet(editor()::hoverMessage))
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .startsWith("line " + line + ", column ")
                    .contains("sender.ops[1].op: unknown op 'sendipi'"));
    fx(() -> editor().area().fireEvent(org.fxmisc.richtext.event.MouseOverTextEvent.end()));
    assertThat(fxGet(editor()::hoverMessage)).isEmpty();
    Button fix = (Button) window.scene().lookup("#editor-fix");
    assertThat(fix.getText()).isEqualTo("Use 'send-ipi'");
    fx(fix::fire);
    assertThat(fxGet(editor()::text)).isEqualTo(Files.readString(f));
    awaitCondition(() -> trace() != before && workshop().bannerMessage().isEmpty());
    assertThat(fxGet(() -> editor().error().isEmpty())).isTrue();
    // the fixed text is the file's own text again: clean, and its run is the old one's
    assertThat(fxGet(editor()::isDirty)).isFalse();
    assertThat(trace().size()).isEqualTo(before.size());
  }

  @Test
  void aFileChangedOnDiskReloadsAndABrokenSaveKeepsTheLastGoodRun() throws Exception {
    Path f = openLesson();
    Trace first = trace();
    long done = markTime(first, "done");
    String good = Files.readString(f).replace("time: 4us", "time: 6us");
    Files.writeString(f, good);
    awaitCondition(() -> trace() != first);
    assertThat(markTime(trace(), "done") - done).isEqualTo(2_000);
    assertThat(fxGet(editor()::text)).isEqualTo(good);
    assertThat(fxGet(editor()::isDirty)).isFalse();
    Trace second = trace();
    // a save that breaks the file: the run stays, the banner names file:line:col
    Files.writeString(f, good.replace("cpus: 2", "cpus: 300"));
    awaitCondition(() -> !workshop().bannerMessage().isEmpty());
    int line = (int) good.lines().takeWhile(l -> !l.contains("cpus: 2")).count() + 1;
    assertThat(workshop().bannerMessage())
        .startsWith(f + ":" + line + ":")
        .contains("machine.cpus: value 300 is out of range 1..255");
    Label banner = (Label) window.scene().lookup("#workshop-banner-text");
    assertThat(banner.isVisible()).isTrue();
    assertThat(trace()).isSameAs(second);
    // fixed on disk: the banner goes, the run follows
    Files.writeString(f, good.replace("time: 6us", "time: 7us"));
    awaitCondition(() -> trace() != second && workshop().bannerMessage().isEmpty());
    assertThat(markTime(trace(), "done") - done).isEqualTo(3_000);
  }

  @Test
  void theExpectationsPanelTurnsRedThenGreen() throws Exception {
    openLesson();
    ExpectationsPanel panel = workshop().expectations();
    awaitCondition(
        () ->
            panel.rows().size() == 5
                && panel.rows().stream().allMatch(ExpectationsPanel.Row::passed));
    Label summary = (Label) window.scene().lookup("#expectations-summary");
    assertThat(summary.getText()).isEqualTo("Expectations: 5 of 5 pass");
    assertThat(summary.getStyleClass()).contains("all-pass");
    edit("{ count: 0x40, equals: 1 }", "{ count: 0x40, equals: 2 }");
    awaitCondition(() -> panel.rows().stream().anyMatch(r -> !r.passed()));
    ExpectationsPanel.Row red =
        panel.rows().stream().filter(r -> !r.passed()).findFirst().orElseThrow();
    assertThat(red.text()).isEqualTo("{count: 0x40, equals: 2}");
    assertThat(red.detail()).isEqualTo("handler for 0x40 ran 1 times");
    assertThat(panel.rows().stream().filter(r -> !r.passed()).count()).isEqualTo(1);
    assertThat(summary.getStyleClass()).contains("some-fail");
    assertThat(summary.getText()).isEqualTo("Expectations: 4 of 5 pass · 1 fail");
    assertThat(window.scene().lookup(".expect-fail")).isNotNull();
    // the student fixes the run instead: CPU 1 halts again after the handler, and CPU 0 sends a
    // second IPI and waits for it, so the handler runs twice
    edit("- { op: hlt, code: \"safe_halt();\" }", "- { op: hlt }\n          - { op: hlt }");
    edit(
        "          - { op: mark, name: done",
        "          - { op: send-ipi, vector: 0x40, dest: 1, dest-mode: physical }\n"
            + "          - { op: wait-var, var: handled, until: 2 }\n"
            + "          - { op: mark, name: done");
    awaitCondition(
        () ->
            panel.rows().size() == 5
                && panel.rows().stream().allMatch(ExpectationsPanel.Row::passed));
    assertThat(summary.getStyleClass()).contains("all-pass");
  }

  @Test
  void saveWritesTheFileWholeAndUndoRedoWork() throws Exception {
    Path f = openLesson();
    String original = Files.readString(f);
    edit("title: \"My lesson: one fixed IPI\"", "title: \"Week 3\"");
    assertThat(fxGet(editor()::isDirty)).isTrue();
    fx(() -> editor().area().undo());
    assertThat(fxGet(editor()::text)).isEqualTo(original);
    assertThat(fxGet(editor()::isDirty)).isFalse();
    fx(() -> editor().area().redo());
    assertThat(fxGet(editor()::text)).contains("title: \"Week 3\"");
    assertThat(fxGet(() -> workshop().save())).isTrue();
    assertThat(Files.readString(f)).isEqualTo(fxGet(editor()::text));
    assertThat(fxGet(editor()::isDirty)).isFalse();
    assertThat(fxGet(() -> ((Stage) window.scene().getWindow()).getTitle())).doesNotStartWith("●");
    try (var s = Files.list(dir)) {
      assertThat(s.toList()).containsExactly(f); // no temporary file left beside it
    }
    // our own save is not taken for a change from outside
    awaitCondition(() -> "Week 3".equals(vm.getScenario().title()));
    assertThat(workshop().bannerMessage()).isEmpty();
  }

  @Test
  void keysTypedInTheEditorEditTheTextAndLeaveTheCursorAlone(FxRobot robot) throws Exception {
    openLesson();
    fx(() -> vm.playback().seek(3));
    fx(
        () -> {
          editor().area().requestFocus();
          editor().area().moveTo(0);
        });
    robot.type(KeyCode.RIGHT, KeyCode.RIGHT, KeyCode.SPACE, KeyCode.END);
    assertThat(vm.playback().getPosition()).isEqualTo(3);
    assertThat(fxGet(editor()::text)).startsWith("# ");
    assertThat(fxGet(editor()::text).substring(0, 4)).isEqualTo("#  A");
    // completion of op names and keys where they go
    fx(
        () -> {
          String t = editor().text();
          int at = t.indexOf("op: send-ipi") + "op: se".length();
          editor().area().moveTo(at);
        });
    assertThat(fxGet(editor()::completionsAtCaret)).contains("send-ipi", "set", "set-handler");
    fx(
        () -> {
          String t = editor().text();
          int at = t.indexOf("vector: 0x40, dest: 1") + "ve".length();
          editor().area().moveTo(at);
        });
    assertThat(fxGet(editor()::completionsAtCaret)).contains("vector").doesNotContain("send-ipi");
  }

  @Test
  void openingAnotherScenarioWithUnsavedChangesAsks(FxRobot robot) throws Exception {
    Path f = openLesson();
    String original = Files.readString(f);
    edit("time: 4us", "time: 5us");
    Path other = dir.resolve("other.yaml");
    Files.writeString(other, Templates.text("bug", "other"));
    // Cancel: the lesson and its edit stay
    WaitForAsyncUtils.asyncFx(() -> vm.openFile(other));
    awaitCondition(() -> robot.lookup("#unsaved-dialog").tryQuery().isPresent());
    robot.clickOn("Cancel");
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(vm.getScenario().id()).isEqualTo("lesson");
    assertThat(fxGet(editor()::isDirty)).isTrue();
    // Discard: the other file opens, the lesson's file is as it was
    WaitForAsyncUtils.asyncFx(() -> vm.openFile(other));
    awaitCondition(() -> robot.lookup("#unsaved-dialog").tryQuery().isPresent());
    robot.clickOn("Discard");
    awaitCondition(() -> vm.getScenario() != null && "other".equals(vm.getScenario().id()));
    awaitCondition(() -> fxGet(editor()::text).equals(Files.readString(other)));
    assertThat(Files.readString(f)).isEqualTo(original);
    assertThat(fxGet(editor()::isDirty)).isFalse();
  }

  @Test
  void fileNewWritesATemplateThatPassesAndOpensItInTheEditor() throws Exception {
    Path f = dir.resolve("Bug 2.yaml");
    fx(() -> workshop().createFromTemplate("bug", f));
    awaitCondition(() -> vm.getScenario() != null && "bug-2".equals(vm.getScenario().id()));
    assertThat(fxGet(() -> workshop().editorShownProperty().get())).isTrue();
    assertThat(window.scene().lookup("#editor-area").isVisible()).isTrue();
    ExpectationsPanel panel = workshop().expectations();
    awaitCondition(
        () ->
            panel.rows().size() == 5
                && panel.rows().stream().allMatch(ExpectationsPanel.Row::passed));
    assertThat(vm.getScenario().hasFix("eoi")).isTrue();
  }

  @Test
  void droppedFilesOpenAsFileOpenDoes() throws Exception {
    Path lesson = dir.resolve("dropped.yaml");
    Files.writeString(lesson, Templates.text("lesson", "dropped"));
    Path kvm = Path.of("src/test/resources/kvm/handmade-ftrace.txt");
    fx(() -> workshop().openDropped(List.of(kvm, lesson)));
    awaitCondition(() -> vm.getScenario() != null && "dropped".equals(vm.getScenario().id()));
    assertThat(traces).containsExactly(kvm);
    assertThat(vm.choiceProperty().get().file()).contains(lesson);
  }
}
