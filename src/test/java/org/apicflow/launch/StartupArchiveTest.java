package org.apicflow.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Making the jar's class-data archive: a real dump with this runtime, and a failed one. */
class StartupArchiveTest {
  private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

  @TempDir Path dir;

  private Path jar() throws Exception {
    Path jar = dir.resolve("app.jar");
    Manifest m = new Manifest();
    m.getMainAttributes().putValue("Manifest-Version", "1.0");
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream j = new JarOutputStream(out, m)) {
      j.flush();
    }
    return jar;
  }

  @Test
  void makesAnArchiveThisRuntimeAcceptsAndPutsItInPlaceOfTheOlderOne() throws Exception {
    Path cache = Files.createDirectories(dir.resolve("cache"));
    Path older = cache.resolve("apicflow-00000000000000aa-00000000000000bb.jsa");
    Path otherJar = cache.resolve("apicflow-00000000000000cc-00000000000000bb.jsa");
    Files.write(older, new byte[] {1});
    Files.write(otherJar, new byte[] {1});
    Path archive = cache.resolve("apicflow-00000000000000aa-00000000000000dd.jsa");

    String said = StartupArchive.make(JAVA, jar(), archive, List.of());

    assertThat(said).startsWith("made " + archive).contains("replaced 1 older");
    assertThat(Relaunch.valid(archive, System.getProperty("java.vm.version"))).isTrue();
    assertThat(older).doesNotExist();
    assertThat(otherJar).exists(); // another jar's archive is not this one's to remove
    try (var left = Files.list(cache)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.endsWith(".part") || n.endsWith(".classlist"));
    }
  }

  @Test
  void aFailedDumpLeavesNoArchive() throws Exception {
    Path failing = dir.resolve("java");
    Files.writeString(failing, "#!/bin/sh\necho 'Error: no dump today'\nexit 1\n");
    Files.setPosixFilePermissions(failing, PosixFilePermissions.fromString("rwx------"));
    Path archive = Files.createDirectories(dir.resolve("cache")).resolve("apicflow-a-b.jsa");

    String said = StartupArchive.make(failing, jar(), archive, List.of());

    assertThat(said).startsWith("dump failed (exit 1");
    assertThat(archive).doesNotExist();
    assertThat(Files.readString(dir.resolve("cache/apicflow-dump.log"))).contains("no dump today");
    try (var left = Files.list(dir.resolve("cache"))) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.endsWith(".part") || n.endsWith(".classlist"));
    }
  }
}
