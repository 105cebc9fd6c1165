package org.apicflow.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jar's relaunch: when, with what command line, which archive, and what happens when not. */
class RelaunchTest {
  private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
  private static final String VM = System.getProperty("java.vm.version");

  @TempDir Path dir;

  private Path jar() throws Exception {
    Path jar = dir.resolve("apicflow.jar");
    if (!Files.exists(jar)) {
      Files.write(jar, new byte[] {'P', 'K', 3, 4});
    }
    return jar;
  }

  private Relaunch.Here here(Path java, List<String> options, Map<String, String> props)
      throws Exception {
    Map<String, String> p = new HashMap<>(props);
    p.putIfAbsent("java.vm.version", VM);
    p.putIfAbsent("java.runtime.version", System.getProperty("java.runtime.version"));
    return new Relaunch.Here(
        java, jar(), options, p::get, dir.resolve("cache"), 1_700_000_000_000L, 120);
  }

  private Relaunch.Here here(List<String> options, Map<String, String> props) throws Exception {
    return here(JAVA, options, props);
  }

  @Test
  void theSecondRuntimeGetsTheAppsOptionsThenTheUsersThenTheMarkersJarAndArguments()
      throws Exception {
    Relaunch.Here h = here(List.of("-Duser.home=/tmp/x", "-Xmx3g"), Map.of());
    List<String> c = Relaunch.command(h, new String[] {"my file.yaml"}).orElseThrow();

    assertThat(c.get(0)).isEqualTo(JAVA.toString());
    assertThat(c.subList(1, 1 + Relaunch.OPTIONS.size()))
        .containsExactlyElementsOf(Relaunch.OPTIONS)
        .startsWith("-XX:+UseSerialGC", "-Xms32m", "-Xmx2g");
    // the user's own options come after the app's, so that theirs win (-Xmx3g over -Xmx2g)
    assertThat(c.indexOf("-Xmx3g")).isGreaterThan(c.indexOf("-Xmx2g"));
    assertThat(c).contains("-Duser.home=/tmp/x", "-D" + Relaunch.CHILD + "=true");
    assertThat(c).contains("-D" + Relaunch.FIRST_START + "=1700000000000");
    assertThat(c).contains("-D" + Relaunch.FIRST_PROCESSOR + "=120");
    // no archive yet: none is passed, and the second runtime is told where to make it
    assertThat(c).noneMatch(o -> o.startsWith("-XX:SharedArchiveFile"));
    assertThat(c).contains("-D" + Relaunch.MAKE_ARCHIVE + "=" + Relaunch.archiveFor(h).toString());
    assertThat(c.subList(c.size() - 4, c.size()))
        .containsExactly("-cp", jar().toString(), "org.apicflow.cli.Launcher", "my file.yaml");
  }

  @Test
  void theInstalledAppHasTheSameOptionsAsTheSecondRuntime() throws Exception {
    // packaging/jpackage.sh gives the installed launcher its Java options one --java-options each
    List<String> packaged = new java.util.ArrayList<>();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("--java-options \"([^\"]*)\"")
            .matcher(Files.readString(Path.of("packaging", "jpackage.sh")));
    while (m.find()) {
      packaged.add(m.group(1));
    }
    // every JVM option but the installed archive's, in the same order
    assertThat(packaged)
        .filteredOn(o -> o.startsWith("-X") && !o.contains("SharedArchiveFile"))
        .containsExactlyElementsOf(Relaunch.OPTIONS);
  }

  @Test
  void aValidArchiveIsPassedAndNotMadeAgain() throws Exception {
    Relaunch.Here h = here(List.of(), Map.of());
    Path archive = Relaunch.archiveFor(h);
    Files.createDirectories(archive.getParent());
    Files.write(archive, header(Relaunch.STATIC_ARCHIVE_MAGIC, VM));

    List<String> c = Relaunch.command(h, new String[0]).orElseThrow();

    assertThat(c).contains("-XX:SharedArchiveFile=" + archive);
    assertThat(c.indexOf("-XX:SharedArchiveFile=" + archive)).isLessThan(c.indexOf("-cp"));
    assertThat(c).noneMatch(o -> o.startsWith("-D" + Relaunch.MAKE_ARCHIVE));
  }

  @Test
  void anArchiveOfAnotherRuntimeOrNotAnArchiveIsNeverPassed() throws Exception {
    Relaunch.Here h = here(List.of(), Map.of());
    Path archive = Relaunch.archiveFor(h);
    Files.createDirectories(archive.getParent());

    Files.write(archive, header(Relaunch.STATIC_ARCHIVE_MAGIC, "17.0.1+12"));
    assertThat(Relaunch.valid(archive, VM)).isFalse();
    assertThat(Relaunch.command(h, new String[0]).orElseThrow())
        .noneMatch(o -> o.startsWith("-XX:SharedArchiveFile"))
        .contains("-D" + Relaunch.MAKE_ARCHIVE + "=" + archive);

    Files.write(archive, header(0xf00baba8, VM)); // a dynamic archive's magic
    assertThat(Relaunch.valid(archive, VM)).isFalse();
    Files.write(archive, new byte[10]); // cut short
    assertThat(Relaunch.valid(archive, VM)).isFalse();
    Files.delete(archive);
    assertThat(Relaunch.valid(archive, VM)).isFalse();
  }

  @Test
  void theArchiveIsNamedAfterTheJarAndTheRuntime() throws Exception {
    Relaunch.Here h = here(List.of(), Map.of());
    Path first = Relaunch.archiveFor(h);
    assertThat(first.getParent()).isEqualTo(dir.resolve("cache"));
    assertThat(first.getFileName().toString()).matches("apicflow-[0-9a-f]{16}-[0-9a-f]{16}\\.jsa");
    assertThat(Relaunch.archiveFor(h)).isEqualTo(first);

    // another build of the jar in the same place: same place part, another archive
    Files.write(jar(), new byte[] {'P', 'K', 3, 4, 0, 0});
    Path rebuilt = Relaunch.archiveFor(h);
    assertThat(rebuilt).isNotEqualTo(first);
    assertThat(Relaunch.placeOf(rebuilt)).isEqualTo(Relaunch.placeOf(first));

    Files.setLastModifiedTime(jar(), FileTime.fromMillis(1_000_000_000_000L));
    assertThat(Relaunch.archiveFor(h)).isNotEqualTo(rebuilt);

    // an updated runtime in the same folder
    Relaunch.Here updated = here(List.of(), Map.of("java.vm.version", "17.0.99+1"));
    assertThat(Relaunch.archiveFor(updated)).isNotEqualTo(Relaunch.archiveFor(h));
    assertThat(Relaunch.placeOf(Relaunch.archiveFor(updated))).isEqualTo(Relaunch.placeOf(first));

    // the same jar run by another runtime: another place
    Relaunch.Here other =
        new Relaunch.Here(
            dir.resolve("other-jdk/bin/java"), jar(), List.of(), h.property(), h.cacheDir(), 0, 0);
    assertThat(Relaunch.placeOf(Relaunch.archiveFor(other))).isNotEqualTo(Relaunch.placeOf(first));
  }

  @Test
  void noSecondRuntimeWhenMarkedSwitchedOffInstalledNotAJarOrWithItsOwnArchive() throws Exception {
    assertThat(Relaunch.command(here(List.of(), Map.of(Relaunch.CHILD, "true")), new String[0]))
        .isEmpty();
    assertThat(Relaunch.command(here(List.of(), Map.of(Relaunch.ENABLED, "false")), new String[0]))
        .isEmpty();
    assertThat(
            Relaunch.command(
                here(List.of(), Map.of("jpackage.app-path", "/opt/apicflow/bin/APICFlow")),
                new String[0]))
        .isEmpty();
    for (String own :
        List.of(
            "-XX:SharedArchiveFile=/tmp/a.jsa",
            "-Xshare:off",
            "-XX:ArchiveClassesAtExit=/tmp/a.jsa",
            "-XX:DumpLoadedClassList=/tmp/a.classlist")) {
      assertThat(Relaunch.command(here(List.of(own), Map.of()), new String[0])).as(own).isEmpty();
    }
    Relaunch.Here fromFolder =
        new Relaunch.Here(JAVA, null, List.of(), k -> null, dir, 0, 0); // tests, an IDE
    assertThat(Relaunch.command(fromFolder, new String[0])).isEmpty();
    Relaunch.Here noJava = here(dir.resolve("nowhere/java"), List.of(), Map.of());
    assertThat(Relaunch.command(noJava, new String[0])).isEmpty();
  }

  @Test
  void aCollectorTheUserChoseIsKeptAndTheArchiveCanBeLeftOut() throws Exception {
    List<String> c =
        Relaunch.command(
                here(List.of("-XX:+UseG1GC"), Map.of(Relaunch.ARCHIVE, "false")), new String[0])
            .orElseThrow();
    assertThat(c).doesNotContain("-XX:+UseSerialGC").contains("-XX:+UseG1GC", "-Xmx2g");
    assertThat(c)
        .noneMatch(o -> o.startsWith("-XX:SharedArchiveFile"))
        .noneMatch(o -> o.startsWith("-D" + Relaunch.MAKE_ARCHIVE));
  }

  @Test
  void theSecondRuntimesArgumentsAndExitCodeComeThrough() throws Exception {
    Path out = dir.resolve("args.txt");
    Path fake = dir.resolve("java");
    Files.writeString(
        fake,
        "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > '" + out + "'\nexit 7\n");
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));

    OptionalInt code =
        Relaunch.run(
            here(fake, List.of(), Map.of()),
            new String[] {"a file with spaces.yaml"},
            new PrintStream(new ByteArrayOutputStream()));

    assertThat(code).hasValue(7);
    List<String> got = Files.readAllLines(out);
    assertThat(got).contains("-XX:+UseSerialGC", "-D" + Relaunch.CHILD + "=true");
    assertThat(got.get(got.size() - 1)).isEqualTo("a file with spaces.yaml");
  }

  @Test
  void whenTheSecondRuntimeCannotStartOneLineSaysSoAndTheWindowOpensHere() throws Exception {
    // a folder where java should be: it looks runnable, but the system will not start it
    Path notAProgram = Files.createDirectories(dir.resolve("jdk/bin/java"));
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    OptionalInt code =
        Relaunch.run(
            here(notAProgram, List.of(), Map.of()),
            new String[0],
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(code).isEmpty();
    String said = err.toString(StandardCharsets.UTF_8);
    assertThat(said.lines()).hasSize(1);
    assertThat(said)
        .startsWith("apicflow: could not start " + notAProgram)
        .contains("opening the window in this Java runtime")
        .doesNotContain("\tat ", "Exception");
  }

  @Test
  void theJarCarriesItsClassList() throws Exception {
    assertThat(Relaunch.hasClassList()).isTrue();
    try (var in = Relaunch.class.getResourceAsStream(Relaunch.CLASS_LIST)) {
      List<String> classes =
          new String(in.readAllBytes(), StandardCharsets.UTF_8)
              .lines()
              .filter(l -> l.startsWith("org/apicflow/"))
              .map(l -> l.split(" ")[0].replace('/', '.'))
              .toList();
      assertThat(classes).hasSizeGreaterThan(100);
      // the list may lag behind the code a little (names it has and the jar has not are skipped);
      // most of it must still name the app's classes
      long found = classes.stream().filter(RelaunchTest::exists).count();
      assertThat(found).isGreaterThan(classes.size() * 8 / 10);
    }
  }

  private static boolean exists(String name) {
    try {
      Class.forName(name, false, RelaunchTest.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** The start of an archive file: the magic number, then the runtime's name with its version. */
  private static byte[] header(int magic, String version) {
    byte[] ident =
        ("OpenJDK 64-Bit Server VM (" + version + ") for linux-amd64 JRE (" + version + ")")
            .getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer b = ByteBuffer.allocate(8192).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(magic).putInt(0x12345678);
    b.position(64);
    b.put(ident);
    return b.array();
  }
}
