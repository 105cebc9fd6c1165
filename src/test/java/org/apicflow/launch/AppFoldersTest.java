package org.apicflow.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.apicflow.launch.AppFolders.Kind;
import org.junit.jupiter.api.Test;

/** Where the settings and the cache live on each platform, and the property that overrides it. */
class AppFoldersTest {
  private static final Map<String, String> NONE = Map.of();

  @Test
  void linuxFollowsTheXdgFoldersOrTheirDefaults() {
    assertThat(AppFolders.of(Kind.CONFIG, null, "/home/u", "Linux", NONE::get))
        .isEqualTo(Path.of("/home/u/.config/apicflow"));
    assertThat(AppFolders.of(Kind.CACHE, null, "/home/u", "Linux", NONE::get))
        .isEqualTo(Path.of("/home/u/.cache/apicflow"));
    Map<String, String> xdg = Map.of("XDG_CONFIG_HOME", "/x/conf", "XDG_CACHE_HOME", "/x/cache");
    assertThat(AppFolders.of(Kind.CONFIG, null, "/home/u", "Linux", xdg::get))
        .isEqualTo(Path.of("/x/conf/apicflow"));
    assertThat(AppFolders.of(Kind.CACHE, null, "/home/u", "Linux", xdg::get))
        .isEqualTo(Path.of("/x/cache/apicflow"));
  }

  @Test
  void macAndWindowsUseTheirOwnFolders() {
    assertThat(AppFolders.of(Kind.CONFIG, null, "/Users/u", "Mac OS X", NONE::get))
        .isEqualTo(Path.of("/Users/u/Library/Application Support/APICFlow"));
    assertThat(AppFolders.of(Kind.CACHE, null, "/Users/u", "Mac OS X", NONE::get))
        .isEqualTo(Path.of("/Users/u/Library/Caches/APICFlow"));
    Map<String, String> win = Map.of("APPDATA", "/w/Roaming", "LOCALAPPDATA", "/w/Local");
    assertThat(AppFolders.of(Kind.CONFIG, null, "/w/u", "Windows 11", win::get))
        .isEqualTo(Path.of("/w/Roaming", "APICFlow"));
    assertThat(AppFolders.of(Kind.CACHE, null, "/w/u", "Windows 11", win::get))
        .isEqualTo(Path.of("/w/Local", "APICFlow", "Cache"));
  }

  @Test
  void aGivenFolderWinsAndABlankOneIsIgnored() {
    assertThat(AppFolders.of(Kind.CACHE, "/given", "/home/u", "Linux", NONE::get))
        .isEqualTo(Path.of("/given"));
    assertThat(AppFolders.of(Kind.CONFIG, " ", "/home/u", "Linux", NONE::get))
        .isEqualTo(Path.of("/home/u/.config/apicflow"));
  }
}
