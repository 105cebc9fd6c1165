package org.apicflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code apicflow import}: every input form, the real captures, malformed and non-trace input. The
 * counts of {@code --json} are checked against a count made here, grep-style, from the file's
 * lines, not against the importer's own numbers.
 */
class ImportCliTest {
  static final String DIR = "src/test/resources/kvm/";

  /** The tracepoints the importer reads. */
  static final List<String> READ =
      List.of(
          "kvm_apic_ipi",
          "kvm_apic_accept_irq",
          "kvm_inj_virq",
          "kvm_eoi",
          "kvm_apic",
          "kvm_msr",
          "kvm_pic_set_irq",
          "kvm_ioapic_set_irq",
          "kvm_set_irq",
          "kvm_entry",
          "kvm_exit",
          "kvm_pv_eoi",
          "kvm_apicv_accept_irq");

  /** A vector, 0..255, as a regex. */
  static final String VEC = "([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])";

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = ApicflowCommand.execute(args, new PrintWriter(out), new PrintWriter(err));
    return new Result(code, out.toString(), err.toString());
  }

  static Stream<Arguments> forms() {
    return Stream.of(
        Arguments.of("handmade-ftrace.txt", "ftrace"),
        Arguments.of("handmade-trace-pipe-noflags.txt", "trace_pipe"),
        Arguments.of("handmade-trace-pipe-bare.txt", "trace_pipe"),
        Arguments.of("handmade-trace-cmd.txt", "trace-cmd"),
        Arguments.of("handmade-perf.txt", "perf"),
        Arguments.of("handmade-malformed.txt", "trace_pipe"),
        Arguments.of("real-seabios-ftrace.txt", "ftrace"),
        Arguments.of("real-seabios-trace-pipe.txt", "trace_pipe"),
        Arguments.of("real-seabios-trace-cmd.txt", "trace-cmd"),
        Arguments.of("real-seabios-perf.txt", "perf"));
  }

  /** Independent count: lines whose event column is "name:" or "kvm:name:", by regex. */
  static Map<String, Long> grepCounts(List<String> lines) {
    Pattern p = Pattern.compile("(?:^|[\\s:])(kvm_[a-z0-9_]+):(?:\\s|$)");
    Map<String, Long> out = new TreeMap<>();
    for (String l : lines) {
      Matcher m = p.matcher(l);
      if (m.find()) {
        out.merge(m.group(1), 1L, Long::sum);
      }
    }
    return out;
  }

  static long grep(List<String> lines, String regex) {
    Pattern p = Pattern.compile(regex);
    return lines.stream().filter(l -> p.matcher(l).find()).count();
  }

  @ParameterizedTest(name = "{0} is {1}")
  @MethodSource("forms")
  void jsonCountsMatchAnIndependentCountOfTheLines(String file, String format) throws IOException {
    Path f = Path.of(DIR + file);
    List<String> lines = Files.readAllLines(f);
    Result r = run("import", f.toString(), "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode j = new ObjectMapper().readTree(r.out());
    List<String> fields = new ArrayList<>();
    j.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactly("format", "events", "ignored_lines", "apics");
    assertThat(j.get("format").asText()).isEqualTo(format);

    Map<String, Long> expected = grepCounts(lines);
    Map<String, Long> got = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = j.get("events").fields(); it.hasNext(); ) {
      var e = it.next();
      got.put(e.getKey(), e.getValue().asLong());
    }
    assertThat(got).isEqualTo(expected);

    long readLines =
        expected.entrySet().stream()
            .filter(e -> READ.contains(e.getKey()))
            .mapToLong(Map.Entry::getValue)
            .sum();
    assertThat(j.get("ignored_lines").asLong()).isEqualTo(lines.size() - readLines);

    for (JsonNode a : j.get("apics")) {
      String id = Integer.toHexString(a.get("apicid").asInt());
      long fixed =
          grep(
              lines,
              "kvm_apic_accept_irq:\\s+apicid "
                  + id
                  + " vec "
                  + VEC
                  + " \\(Fixed\\|(edge|level)\\)");
      long eoi = grep(lines, "kvm_eoi:\\s+apicid " + id + " vector (-1|" + VEC + ")$");
      assertThat(a.get("accepted_fixed").asLong()).as("accepted_fixed of " + id).isEqualTo(fixed);
      assertThat(a.get("eoi").asLong()).as("eoi of " + id).isEqualTo(eoi);
      for (String reg : List.of("irr_end", "isr_end")) {
        JsonNode v = a.get(reg);
        if (v.isTextual()) {
          assertThat(v.asText()).isEqualTo("unknown");
        } else {
          v.forEach(x -> assertThat(x.asText()).matches("0x[0-9A-F]{2}"));
        }
      }
    }
  }

  @Test
  void theHandMadeRunDecidesWhatItCanAndLeavesTheRestUnknown() throws IOException {
    for (String f :
        List.of(
            "handmade-ftrace.txt",
            "handmade-trace-cmd.txt",
            "handmade-perf.txt",
            "handmade-trace-pipe-noflags.txt")) {
      JsonNode j = new ObjectMapper().readTree(run("import", DIR + f, "--json").out());
      JsonNode a0 = j.get("apics").get(0);
      JsonNode a1 = j.get("apics").get(1);
      // vCPU 1 read all of IRR (x2APIC MSRs 0x820-0x827), EOI'd with nothing in service, took
      // 0xFD through IRR -> ISR and EOI'd it; 0xEC was accepted at the end and never taken.
      assertThat(a1.get("irr_end").toString()).as(f).isEqualTo("[\"0xEC\"]");
      assertThat(a1.get("isr_end").toString()).as(f).isEqualTo("[]");
      // vCPU 0 never read its IRR and never EOI'd with a full answer.
      assertThat(a0.get("irr_end").asText()).isEqualTo("unknown");
      assertThat(a0.get("isr_end").asText()).isEqualTo("unknown");
    }
  }

  @Test
  void withoutTaskColumnsRegisterReadsAreNotAttributedSoIrrStaysUnknown() throws IOException {
    JsonNode j =
        new ObjectMapper()
            .readTree(run("import", DIR + "handmade-trace-pipe-bare.txt", "--json").out());
    JsonNode a1 = j.get("apics").get(1);
    assertThat(a1.get("irr_end").asText()).isEqualTo("unknown");
    // the EOI names its APIC in its own text, so ISR is still decided
    assertThat(a1.get("isr_end").toString()).isEqualTo("[]");
  }

  @Test
  void theRealSeaBiosCaptureShowsTheStartUpIpisAndAnEmptyIsr() throws IOException {
    Path f = Path.of(DIR + "real-seabios-ftrace.txt");
    List<String> lines = Files.readAllLines(f);
    assertThat(grep(lines, "kvm_apic_ipi: dst 0 vec 0 \\(INIT\\|")).isEqualTo(1);
    assertThat(grep(lines, "kvm_apic_ipi: dst 0 vec 16 \\(SIPI\\|")).isEqualTo(1);
    JsonNode j = new ObjectMapper().readTree(run("import", f.toString(), "--json").out());
    JsonNode a0 = j.get("apics").get(0);
    // SeaBIOS EOIs with nothing in service (vector -1): the whole ISR is known clear
    assertThat(a0.get("isr_end").toString()).isEqualTo("[]");
    assertThat(a0.get("irr_end").asText()).isEqualTo("unknown");
    assertThat(j.get("apics").get(1).get("apicid").asInt()).isEqualTo(1);
  }

  @Test
  void malformedLinesAreListedWithTheirLineNumberAndTheRestCounted() throws IOException {
    Path f = Path.of(DIR + "handmade-malformed.txt");
    Result r = run("import", f.toString(), "--json");
    assertThat(r.code()).isZero();
    List<String> errs = r.err().strip().lines().toList();
    assertThat(errs).hasSize(21);
    List<String> lines = Files.readAllLines(f);
    // each listed line number is a line of the file that holds a broken event
    for (String e : errs.subList(0, 20)) {
      Matcher m =
          Pattern.compile(
                  "handmade-malformed\\.txt:(\\d+):(\\d+): malformed, skipped: (kvm_\\w+): ")
              .matcher(e);
      assertThat(m.find()).as(e).isTrue();
      String line = lines.get(Integer.parseInt(m.group(1)) - 1);
      assertThat(line).contains(m.group(3) + ":").contains("4211.0009");
      // the column points into the event's own text, after its name
      int col = Integer.parseInt(m.group(2));
      assertThat(col).isGreaterThan(line.indexOf(m.group(3) + ":") + m.group(3).length());
      assertThat(col).isLessThanOrEqualTo(line.length() + 1);
    }
    long broken = grep(lines, "4211\\.0009\\d\\d: kvm_");
    assertThat(errs.get(20)).endsWith((broken - 20) + " more malformed lines skipped");
    assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void anEmptyFileExitsTwoWithOneLine() {
    Result r = run("import", DIR + "empty.txt");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains("empty.txt: empty file");
  }

  @Test
  void aFileWithNoKvmEventsExitsTwoWithOneLine() {
    for (String f :
        List.of(DIR + "not-a-trace.txt", "src/test/resources/scenarios/self-ipi.yaml")) {
      Result r = run("import", f, "--json");
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.out()).isEmpty();
      assertThat(r.err().strip().lines()).hasSize(1);
      assertThat(r.err()).contains("not a KVM trace");
    }
  }

  @Test
  void binaryAndMissingFilesExitTwoWithOneLine(@TempDir Path dir) throws IOException {
    Path bin = dir.resolve("perf.data");
    Files.write(bin, new byte[] {'P', 'E', 'R', 'F', 'I', 'L', 'E', '2', 0, 0, 1});
    Result r = run("import", bin.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).contains("perf.data file").contains("perf script");
    Result missing = run("import", dir.resolve("nope.txt").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err().strip()).endsWith("nope.txt: no such file");
  }

  @Test
  void toWritesChromeTraceJsonWithGuestSpansAndIpiFlows(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("kvm.json");
    Result r = run("import", DIR + "handmade-ftrace.txt", "--to", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode j = new ObjectMapper().readTree(out.toFile());
    JsonNode ev = j.get("traceEvents");
    List<String> phases = new ArrayList<>();
    List<String> names = new ArrayList<>();
    ev.forEach(
        e -> {
          phases.add(e.get("ph").asText());
          names.add(e.get("name").asText());
        });
    assertThat(phases).contains("M", "B", "E", "i", "s", "f", "C");
    assertThat(names).contains("kvm_apic_ipi", "kvm_apic_accept_irq", "kvm_eoi", "kvm_exit HLT");
    // the IPI's flow goes from vCPU 0 (the ICR writer) to vCPU 1 (the acceptor)
    JsonNode start = null;
    JsonNode finish = null;
    for (JsonNode e : ev) {
      if (e.get("ph").asText().equals("s")) {
        start = e;
      } else if (e.get("ph").asText().equals("f")) {
        finish = e;
      }
    }
    assertThat(start.get("tid").asInt()).isZero();
    assertThat(finish.get("tid").asInt()).isEqualTo(1);
    // an existing file is kept without --overwrite
    Result again = run("import", DIR + "handmade-ftrace.txt", "--to", out.toString());
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.err().strip().lines()).hasSize(1);
  }
}
