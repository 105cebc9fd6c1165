package org.apicflow.trace.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apicflow.scenario.ScenarioLoader;
import org.apicflow.trace.Simulator;
import org.apicflow.trace.Trace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceExportTest {
  static Trace trace(String file) throws Exception {
    return Simulator.run(
        ScenarioLoader.load(Path.of("src/test/resources/scenarios/" + file)).program("none"));
  }

  static JsonNode json(Trace t) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ChromeTraceExporter.write(t, out);
    return new ObjectMapper().readTree(out.toByteArray());
  }

  @Test
  void chromeTraceHasAProcessPerKernelAndAThreadPerCpu() throws Exception {
    JsonNode j = json(trace("ops-tour.yaml"));
    List<String> processes = new ArrayList<>();
    List<String> threads = new ArrayList<>();
    for (JsonNode e : j.get("traceEvents")) {
      if (e.get("ph").asText().equals("M") && e.get("name").asText().equals("process_name")) {
        processes.add(e.get("args").get("name").asText());
      }
      if (e.get("ph").asText().equals("M") && e.get("name").asText().equals("thread_name")) {
        threads.add(e.get("pid").asInt() + "/" + e.get("args").get("name").asText());
      }
    }
    assertThat(processes).containsExactly("kernel first", "kernel second");
    assertThat(threads).contains("1/CPU 0", "1/CPU 1", "2/CPU 0", "2/CPU 1");
  }

  @Test
  void everyIpiIsAFlowFromSenderToTarget() throws Exception {
    JsonNode j = json(trace("nmi-hlt.yaml"));
    Map<Long, JsonNode> starts = new HashMap<>();
    Map<Long, JsonNode> ends = new HashMap<>();
    for (JsonNode e : j.get("traceEvents")) {
      String ph = e.get("ph").asText();
      if (ph.equals("s")) {
        starts.put(e.get("id").asLong(), e);
      } else if (ph.equals("f")) {
        ends.put(e.get("id").asLong(), e);
      }
    }
    assertThat(starts).hasSize(2).containsOnlyKeys(ends.keySet());
    for (long id : starts.keySet()) {
      assertThat(starts.get(id).get("tid").asInt()).isZero();
      assertThat(ends.get(id).get("tid").asInt()).isEqualTo(1);
      assertThat(ends.get(id).get("ts").asDouble())
          .isGreaterThan(starts.get(id).get("ts").asDouble());
    }
  }

  @Test
  void eventsAreNamedAfterTheIpiTracepointsAndApicStateIsCounted() throws Exception {
    JsonNode j = json(trace("self-ipi.yaml"));
    List<String> names = new ArrayList<>();
    int counters = 0;
    for (JsonNode e : j.get("traceEvents")) {
      names.add(e.get("name").asText());
      if (e.get("ph").asText().equals("C")) {
        counters++;
        assertThat(e.get("args").has("PPR")).isTrue();
        assertThat(e.get("args").has("IRR bits")).isTrue();
      }
    }
    assertThat(names).contains("ipi_send_cpumask", "ipi_entry 0xFB", "ipi_exit");
    assertThat(counters).isGreaterThanOrEqualTo(3);
  }

  @Test
  void csvHasAHeaderAndOneRowPerEvent() throws Exception {
    Trace t = trace("ops-tour.yaml");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CsvExporter.write(t, out);
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines.get(0)).isEqualTo(CsvExporter.HEADER);
    assertThat(lines).hasSize(t.size() + 1);
    assertThat(lines.get(1)).startsWith("0,0,0,first,boot,phase,phase,phase,");
  }

  @Test
  void csvQuotesFieldsWithCommas() {
    assertThat(CsvExporter.quote("a, b")).isEqualTo("\"a, b\"");
    assertThat(CsvExporter.quote("say \"x\"")).isEqualTo("\"say \"\"x\"\"\"");
    assertThat(CsvExporter.quote("plain")).isEqualTo("plain");
  }

  @Test
  void aFailedWriteLeavesNothingBehind(@TempDir Path dir) throws IOException {
    Path target = dir.resolve("out.json");
    assertThatThrownBy(
            () ->
                AtomicFiles.write(
                    target,
                    false,
                    o -> {
                      o.write(new byte[100]);
                      throw new IOException("disk full");
                    }))
        .hasMessage("disk full");
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s).isEmpty();
    }
  }

  @Test
  void anExistingFileIsNotReplacedWithoutAsking(@TempDir Path dir) throws IOException {
    Path target = dir.resolve("out.csv");
    Files.writeString(target, "keep");
    assertThatThrownBy(() -> AtomicFiles.write(target, false, o -> o.write(1)))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readString(target)).isEqualTo("keep");
    AtomicFiles.write(target, true, o -> o.write('x'));
    assertThat(Files.readString(target)).isEqualTo("x");
  }
}
