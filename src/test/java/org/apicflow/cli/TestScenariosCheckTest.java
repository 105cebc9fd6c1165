package org.apicflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code apicflow check} over every scenario file of the test suite. */
class TestScenariosCheckTest {

  static Stream<Path> scenarios() throws IOException {
    try (Stream<Path> s = Files.walk(Path.of("src/test/resources/scenarios"))) {
      return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void checkPasses(Path scenario) {
    CliTest.Result r = CliTest.run("check", scenario.toString());
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).doesNotContain("FAIL").containsPattern("\\d+ passed, 0 failed");
    assertThat(r.code()).isZero();
  }
}
