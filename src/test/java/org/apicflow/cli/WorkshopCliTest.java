package org.apicflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apicflow.cli.CliTest.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** {@code apicflow new} templates and {@code apicflow check --junit}. */
class WorkshopCliTest {

  @ParameterizedTest
  @ValueSource(strings = {"lesson", "bug"})
  void aNewTemplatePassesCheck(String kind, @TempDir Path dir) throws IOException {
    Path f = dir.resolve("Week 3 " + kind + ".yaml");
    Result made = CliTest.run("new", kind, f.toString());
    assertThat(made.code()).isZero();
    assertThat(made.err()).isEmpty();
    String text = Files.readString(f);
    assertThat(text).startsWith("# A ").contains("id: week-3-" + kind);
    // commented: every section is explained in place
    assertThat(text.lines().filter(l -> l.strip().startsWith("#")).count()).isGreaterThan(3);
    Result checked = CliTest.run("check", f.toString());
    assertThat(checked.code()).as(checked.out() + checked.err()).isZero();
    assertThat(checked.out()).doesNotContain("FAIL").doesNotContain("NOTE");
    assertThat(checked.out().strip()).endsWith("5 passed, 0 failed");
  }

  @Test
  void newRefusesToReplaceAFileWithOneLineUnlessForced(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("mine.yaml");
    Files.writeString(f, "my work\n");
    Result r = CliTest.run("new", "lesson", f.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains("mine.yaml: exists already; --force replaces it");
    assertThat(Files.readString(f)).isEqualTo("my work\n");
    Result forced = CliTest.run("new", "lesson", f.toString(), "--force");
    assertThat(forced.code()).isZero();
    assertThat(Files.readString(f)).contains("format: apicflow/1");
    // no temporary file is left beside it
    try (var s = Files.list(dir)) {
      assertThat(s.toList()).containsExactly(f);
    }
  }

  @Test
  void newNamesAnUnknownKindOrAMissingFolderInOneLine(@TempDir Path dir) {
    Result kind = CliTest.run("new", "homework", dir.resolve("x.yaml").toString());
    assertThat(kind.code()).isEqualTo(2);
    assertThat(kind.err().strip())
        .isEqualTo("apicflow: new: unknown kind 'homework' (kinds: lesson, bug)");
    Result folder = CliTest.run("new", "bug", dir.resolve("no/such/x.yaml").toString());
    assertThat(folder.code()).isEqualTo(2);
    assertThat(folder.err().strip().lines()).hasSize(1);
    assertThat(folder.err()).contains("no such folder");
  }

  @Test
  void junitHasATestCasePerExpectationAndAnErrorPerBadFile(@TempDir Path dir) throws Exception {
    String good = CliTest.SELF_IPI;
    Path wrong = dir.resolve("wrong.yaml");
    Files.writeString(
        wrong,
        Files.readString(Path.of(good))
            .replace("{ count: 0xfb, equals: 1 }", "{ count: 0xfb, equals: 2 }"));
    Path broken = dir.resolve("broken.yaml");
    Files.writeString(broken, "format: apicflow/1\nid: x\nmachine: { cpus: 300 }\nkernels: {}\n");
    Path xml = dir.resolve("report.xml");
    Result r =
        CliTest.run("check", good, wrong.toString(), broken.toString(), "--junit", xml.toString());
    assertThat(r.code()).isEqualTo(2);
    Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
    NodeList suites = d.getElementsByTagName("testsuite");
    assertThat(suites.getLength()).isEqualTo(3);
    // the counts in the XML match what check printed, line by line
    List<String> lines = r.out().lines().filter(l -> l.matches("(PASS|FAIL) .*")).toList();
    NodeList cases = d.getElementsByTagName("testcase");
    assertThat(cases.getLength()).isEqualTo(lines.size() + 1);
    assertThat(d.getElementsByTagName("failure").getLength())
        .isEqualTo(lines.stream().filter(l -> l.startsWith("FAIL")).count())
        .isEqualTo(1);
    Element failure = (Element) d.getElementsByTagName("failure").item(0);
    assertThat(failure.getAttribute("message")).isEqualTo("handler for 0xFB ran 1 times");
    Element wrongSuite = (Element) suites.item(1);
    assertThat(wrongSuite.getAttribute("name")).endsWith("wrong.yaml");
    assertThat(wrongSuite.getAttribute("failures")).isEqualTo("1");
    Element error = (Element) d.getElementsByTagName("error").item(0);
    assertThat(error.getAttribute("message"))
        .contains("broken.yaml:3:18: machine.cpus: value 300 is out of range 1..255");
    Element root = d.getDocumentElement();
    assertThat(root.getAttribute("tests")).isEqualTo(String.valueOf(lines.size() + 1));
    assertThat(root.getAttribute("errors")).isEqualTo("1");
  }

  @Test
  void junitIntoAFolderIsOneLineAndExitTwo(@TempDir Path dir) {
    Result r = CliTest.run("check", CliTest.SELF_IPI, "--junit", dir.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains("--junit").contains("is a directory");
  }
}
