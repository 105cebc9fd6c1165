package org.apicflow.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apicflow.ui.playback.TimeInput;
import org.apicflow.ui.prefs.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the window remembers, where, and what survives a damaged file. */
class SettingsTest {

  @Test
  void testsNeverUseTheUsersFolder() {
    // the build points the settings at a folder of its own
    assertThat(System.getProperty(Settings.DIR_PROPERTY)).isNotBlank();
    assertThat(Settings.folder().toString()).doesNotContain(".config/apicflow");
    assertThat(Settings.folder()).isEqualTo(Path.of(System.getProperty(Settings.DIR_PROPERTY)));
  }

  @Test
  void valuesSurviveASaveAndALoad(@TempDir Path dir) {
    Settings s = Settings.load(dir);
    s.put("ui.zoom", 1.25);
    s.put("theme.dark", true);
    s.put("scenario.builtin", "icr-busy-nmi");
    s.addRecent(dir.resolve("a.yaml"));
    s.addRecent(dir.resolve("b.yaml"));
    s.addRecent(dir.resolve("a.yaml"));
    assertThat(s.save()).isTrue();
    Settings again = Settings.load(dir);
    assertThat(again.number("ui.zoom", 1)).isEqualTo(1.25);
    assertThat(again.bool("theme.dark", false)).isTrue();
    assertThat(again.string("scenario.builtin")).contains("icr-busy-nmi");
    assertThat(again.recent())
        .containsExactly(
            dir.resolve("a.yaml").toAbsolutePath().normalize(),
            dir.resolve("b.yaml").toAbsolutePath().normalize());
  }

  @Test
  void theRecentListKeepsTheTenNewestFiles(@TempDir Path dir) {
    Settings s = Settings.load(dir);
    for (int i = 0; i < 12; i++) {
      s.addRecent(dir.resolve("f" + i + ".yaml"));
    }
    s.save();
    var recent = Settings.load(dir).recent();
    assertThat(recent).hasSize(10);
    assertThat(recent.get(0)).isEqualTo(dir.resolve("f11.yaml").toAbsolutePath().normalize());
    assertThat(recent.get(9)).isEqualTo(dir.resolve("f2.yaml").toAbsolutePath().normalize());
  }

  @Test
  void aDamagedFileGivesTheDefaults(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve(Settings.FILE), "ui.zoom=banana\ntheme.dark=\\u12");
    Settings s = Settings.load(dir);
    assertThat(s.number("ui.zoom", 1.0)).isEqualTo(1.0);
    assertThat(s.bool("theme.dark", false)).isFalse();
  }

  @Test
  void aFolderThatCannotBeWrittenIsLeftAlone(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("not-a-folder");
    Files.writeString(file, "x");
    Settings s = Settings.load(file);
    s.put("ui.zoom", 2.0);
    assertThat(s.save()).isFalse();
    assertThat(Files.readString(file)).isEqualTo("x");
  }

  @Test
  void timesAreReadWithTheirUnits() {
    assertThat(TimeInput.parse("640")).hasValue(640);
    assertThat(TimeInput.parse("640 ns")).hasValue(640);
    assertThat(TimeInput.parse("20.4 us")).hasValue(20_400);
    assertThat(TimeInput.parse("20.4µs")).hasValue(20_400);
    assertThat(TimeInput.parse("1.5 ms")).hasValue(1_500_000);
    assertThat(TimeInput.parse("2 s")).hasValue(2_000_000_000L);
    assertThat(TimeInput.parse("soon")).isEmpty();
    assertThat(TimeInput.parse("-3 ns")).isEmpty();
  }
}
