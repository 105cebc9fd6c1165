package org.apicflow.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apicflow.trace.ExpectationCheck;

/**
 * The verdicts of {@code apicflow check} as JUnit XML, the form graders and CI servers read: a
 * {@code testsuite} per scenario given, a {@code testcase} per expectation (a {@code failure} when
 * it fails), and a file that does not load as one test case with an {@code error}.
 */
final class JunitReport {
  private record Case(String name, String className, String failure, String error, long nanos) {}

  private record Suite(String name, List<Case> cases, long nanos) {}

  private final List<Suite> suites = new ArrayList<>();

  void addSuite(String arg, List<ExpectationCheck.Result> results, long nanos) {
    List<Case> cases = new ArrayList<>();
    for (ExpectationCheck.Result r : results) {
      String name = "[" + r.expectation().fix() + "] " + r.expectation().text();
      if (r.expectation().line() > 0) {
        name += " (line " + r.expectation().line() + ")";
      }
      cases.add(
          new Case(name, r.scenario().id(), r.passed() ? null : r.detail(), null, nanos / 1000));
    }
    suites.add(new Suite(arg, cases, nanos));
  }

  void addError(String arg, String message, long nanos) {
    suites.add(new Suite(arg, List.of(new Case("load", arg, null, message, nanos)), nanos));
  }

  String xml() {
    StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    int tests = 0;
    int failures = 0;
    int errors = 0;
    for (Suite s : suites) {
      for (Case c : s.cases()) {
        tests++;
        failures += c.failure() != null ? 1 : 0;
        errors += c.error() != null ? 1 : 0;
      }
    }
    b.append("<testsuites name=\"apicflow check\"")
        .append(attr("tests", tests))
        .append(attr("failures", failures))
        .append(attr("errors", errors))
        .append(">\n");
    for (Suite s : suites) {
      long f = s.cases().stream().filter(c -> c.failure() != null).count();
      long e = s.cases().stream().filter(c -> c.error() != null).count();
      b.append("  <testsuite name=\"")
          .append(esc(s.name()))
          .append('"')
          .append(attr("tests", s.cases().size()))
          .append(attr("failures", f))
          .append(attr("errors", e))
          .append(" skipped=\"0\"")
          .append(" time=\"")
          .append(seconds(s.nanos()))
          .append("\">\n");
      for (Case c : s.cases()) {
        b.append("    <testcase name=\"")
            .append(esc(c.name()))
            .append("\" classname=\"")
            .append(esc(c.className()))
            .append("\" time=\"0\"");
        if (c.failure() == null && c.error() == null) {
          b.append("/>\n");
          continue;
        }
        b.append(">\n");
        if (c.failure() != null) {
          b.append("      <failure message=\"")
              .append(esc(c.failure()))
              .append("\" type=\"expectation\">")
              .append(esc(c.failure()))
              .append("</failure>\n");
        } else {
          b.append("      <error message=\"")
              .append(esc(c.error()))
              .append("\" type=\"invalid scenario\">")
              .append(esc(c.error()))
              .append("</error>\n");
        }
        b.append("    </testcase>\n");
      }
      b.append("  </testsuite>\n");
    }
    return b.append("</testsuites>\n").toString();
  }

  void write(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new java.nio.file.FileSystemException(file.toString(), null, "is a directory");
    }
    if (Files.exists(file) && !Files.isRegularFile(file)) {
      throw new java.nio.file.FileSystemException(
          file.toString(), null, "is not a regular file; only files are written");
    }
    org.apicflow.trace.export.AtomicFiles.writeText(file, xml());
  }

  private static String attr(String name, long v) {
    return " " + name + "=\"" + v + "\"";
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
  }

  /** Text fit for an XML attribute or element: markup escaped, other control characters dropped. */
  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&apos;");
        case '\n' -> b.append("&#10;");
        case '\t' -> b.append("&#9;");
        default -> {
          if (c >= 0x20 && c != 0xFFFE && c != 0xFFFF) {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }
}
