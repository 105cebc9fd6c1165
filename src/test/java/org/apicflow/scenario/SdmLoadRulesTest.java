package org.apicflow.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.apicflow.apic.Quirk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SDM rules a scenario is checked against when it loads: the invalid ICR combinations of SDM Table
 * 10-3, a start-up IPI with nowhere to start, x2APIC-only registers, quirk options.
 */
class SdmLoadRulesTest {

  static String scenario(String machine, String apEntry, String op) {
    return String.join(
        "\n",
        "format: apicflow/1",
        "id: rules",
        "machine: { cpus: 2" + machine + " }",
        "kernels:",
        "  first:",
        "    start: { cpu0: main }",
        apEntry.isEmpty() ? "    vars: {}" : "    ap-entry: " + apEntry,
        "    functions:",
        "      main:",
        "        ops:",
        "          " + op,
        "          - { op: nop }",
        "");
  }

  static ScenarioException error(String text) {
    return catchThrowableOfType(
        () -> ScenarioLoader.parse("rules.yaml", text), ScenarioException.class);
  }

  @ParameterizedTest
  @CsvSource({
    "'mode: nmi, shorthand: self', self, nmi",
    "'mode: init, shorthand: self', self, init",
    "'mode: startup, vector: 0x10, shorthand: self', self, startup",
    "'mode: lowest, vector: 0x40, shorthand: self', self, lowest",
    "'mode: smi, shorthand: self', self, smi",
    "'mode: lowest, vector: 0x40, shorthand: all', all, lowest"
  })
  void invalidIcrCombinationsOfTable10_3AreRefusedWithFileLineColumnAndTheRule(
      String keys, String shorthand, String mode) {
    ScenarioException e = error(scenario("", "main", "- { op: send-ipi, " + keys + " }"));
    assertThat(e).isNotNull();
    assertThat(e.getMessage()).startsWith("rules.yaml:11:");
    assertThat(e.getMessage()).contains("Table 10-3").contains(mode);
    assertThat(e.getMessage().lines()).hasSize(1);
  }

  @Test
  void validShorthandCombinationsLoad() throws ScenarioException {
    ScenarioLoader.parse(
        "ok.yaml", scenario("", "main", "- { op: send-ipi, vector: 0x40, shorthand: self }"));
    ScenarioLoader.parse(
        "ok.yaml", scenario("", "main", "- { op: send-ipi, vector: 0x40, shorthand: all }"));
    ScenarioLoader.parse(
        "ok.yaml", scenario("", "main", "- { op: send-ipi, mode: nmi, shorthand: others }"));
  }

  @Test
  void aRawIcrWriteWithAConstantIsCheckedLikeASendIpi() {
    // 0x40400: NMI (delivery mode 100) with the self shorthand (01)
    ScenarioException e =
        error(scenario("", "main", "- { op: apic-write, reg: ICR, value: 0x40400 }"));
    assertThat(e).isNotNull();
    assertThat(e.getMessage()).startsWith("rules.yaml:11:").contains("Table 10-3");
    // 0x4610: a start-up IPI, from a kernel without ap-entry
    ScenarioException sipi =
        error(scenario("", "", "- { op: apic-write, reg: ICR, value: 0x4610 }"));
    assertThat(sipi).isNotNull();
    assertThat(sipi.getMessage()).contains("ap-entry");
  }

  @Test
  void aStartUpIpiFromAKernelWithoutApEntryIsALoadError() {
    ScenarioException e =
        error(scenario("", "", "- { op: send-ipi, mode: startup, vector: 0x10, dest: 1 }"));
    assertThat(e).isNotNull();
    assertThat(e.getMessage()).startsWith("rules.yaml:11:").contains("ap-entry");
  }

  @Test
  void theSelfIpiRegisterExistsOnlyInX2apicMode() throws ScenarioException {
    ScenarioException e =
        error(scenario("", "main", "- { op: apic-write, reg: SELF-IPI, value: 0x40 }"));
    assertThat(e).isNotNull();
    assertThat(e.getMessage()).startsWith("rules.yaml:11:").contains("x2APIC");
    ScenarioLoader.parse(
        "ok.yaml",
        scenario(", apic: x2apic", "main", "- { op: apic-write, reg: SELF-IPI, value: 0x40 }"));
    ScenarioLoader.parse(
        "ok.yaml",
        scenario(", apic: x2apic", "main", "- { op: apic-write, reg: 0x83F, value: 1 }"));
    assertThat(error(scenario("", "main", "- { op: apic-write, reg: 0x83F, value: 1 }")))
        .hasMessageContaining("xAPIC");
  }

  @Test
  void everyQuirkLoadsFromTheMachineSectionAndABadOptionNamesTheOptions() throws ScenarioException {
    Scenario s =
        ScenarioLoader.parse(
            "ok.yaml",
            scenario(
                ", quirks: { soft-disabled-fixed: deliver, icr-busy-until-accepted: false,"
                    + " level-ipi-tmr: set, lowest-priority-tie: highest-id }",
                "main",
                "- { op: nop }"));
    assertThat(s.quirks().asMap())
        .containsEntry("soft-disabled-fixed", "deliver")
        .containsEntry("icr-busy-until-accepted", "false")
        .containsEntry("level-ipi-tmr", "set")
        .containsEntry("lowest-priority-tie", "highest-id");
    assertThat(s.quirks().asMap()).hasSize(Quirk.values().length);
    ScenarioException e =
        error(scenario(", quirks: { level-ipi-tmr: maybe }", "main", "- { op: nop }"));
    assertThat(e.getMessage()).startsWith("rules.yaml:3:").contains("ignore | set");
  }
}
