package org.apicflow.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apicflow.machine.Outcome;
import org.apicflow.trace.OutcomeMatrix;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The outcome matrix of DOMAIN.md section 5, computed by running every built-in with every fix,
 * against the golden table in src/test/resources/golden/matrix.txt.
 */
class MatrixGoldenTest {
  private static OutcomeMatrix matrix;

  @BeforeAll
  static void computeTheMatrix() throws ScenarioException {
    List<Scenario> all = new ArrayList<>();
    for (String id : Catalogue.ids()) {
      all.add(Catalogue.load(id));
    }
    matrix = OutcomeMatrix.compute(all);
  }

  @Test
  void theMatrixOfAllBuiltInsMatchesTheGoldenTable() throws IOException {
    assertThat(matrix.table()).isEqualTo(golden("/golden/matrix.txt"));
  }

  @Test
  void theColumnsAreTheFixesInTheUsualOrder() {
    assertThat(matrix.fixes())
        .containsExactly("none", "blocking", "timeout", "clear-pending", "eoi-only");
  }

  @Test
  void thePendingIpiIsCuredByBlockingOrClearingPendingOnly() {
    assertRow("pending-ipi", "oops", "ok", "oops", "ok", "oops");
  }

  @Test
  void theBusyIcrIsCuredByTheTimeoutOnly() {
    assertRow("icr-busy-nmi", "hang", "hang", "ok", "hang", "-");
  }

  @Test
  void theStaleIsrIsCuredByAnEoiOfEveryIsrBit() {
    assertRow("stale-isr-timer", "hang", "hang", "hang", "ok", "ok");
  }

  private static void assertRow(String scenario, String... words) {
    List<String> row = new ArrayList<>();
    for (String fix : matrix.fixes()) {
      row.add(matrix.cell(scenario, fix).map(Outcome::kind).map(Outcome.Kind::word).orElse("-"));
    }
    assertThat(row).as(scenario).containsExactly(words);
  }

  private static String golden(String resource) throws IOException {
    try (InputStream in = MatrixGoldenTest.class.getResourceAsStream(resource)) {
      assertThat(in).as("golden file %s", resource).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
