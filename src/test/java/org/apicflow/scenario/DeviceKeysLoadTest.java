package org.apicflow.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.apicflow.machine.MachineConfig;
import org.apicflow.machine.Op;
import org.junit.jupiter.api.Test;

/**
 * The format keys of the IO-APIC and the 8259s (format section 8, ops table): what loads, and one
 * line with file:line:col for what does not.
 */
class DeviceKeysLoadTest {

  /** A scenario whose sources (line 5) and op (line 13) the test supplies. */
  static String scenario(String sources, String op) {
    return String.join(
        "\n",
        "format: apicflow/1",
        "id: dev",
        "machine:",
        "  cpus: 1",
        "  sources: " + sources,
        "kernels:",
        "  first:",
        "    vars: { x: 0 }",
        "    start: { cpu0: main }",
        "    functions:",
        "      main:",
        "        ops:",
        "          " + op,
        "");
  }

  static final String WIRED =
      "[ { name: disk, ioapic-pin: 16, trigger: level }, { name: kbd, pic-irq: 1 },"
          + " { name: pit, pic-irq: 0, ioapic-pin: 2, period: 1ms } ]";

  static ScenarioException error(String text) {
    return catchThrowableOfType(
        () -> ScenarioLoader.parse("dev.yaml", text), ScenarioException.class);
  }

  @Test
  void wiredSourcesAndDeviceOpsLoad() throws ScenarioException {
    Scenario s =
        ScenarioLoader.parse(
            "dev.yaml", scenario(WIRED, "- { op: irq-line, source: disk, level: 0 }"));
    MachineConfig.SourceConfig disk = s.machine().sources().get(0);
    assertThat(disk.ioapicPin()).isEqualTo(16);
    assertThat(disk.picIrq()).isEqualTo(-1);
    assertThat(disk.level()).isTrue();
    MachineConfig.SourceConfig kbd = s.machine().sources().get(1);
    assertThat(kbd.picIrq()).isEqualTo(1);
    assertThat(kbd.level()).isFalse();
    MachineConfig.SourceConfig pit = s.machine().sources().get(2);
    assertThat(pit.picIrq()).isZero();
    assertThat(pit.ioapicPin()).isEqualTo(2);
    for (String op :
        new String[] {
          "- { op: outb, port: 0x21, value: 0xfb }",
          "- { op: inb, port: 0xa0, into: x }",
          "- { op: ioapic-write, index: 0x30, value: x }",
          "- { op: ioapic-read, index: 0x01, into: x }",
          "- { op: outb, port: 0x4d1, value: 0x02 }"
        }) {
      Op compiled =
          ScenarioLoader.parse("dev.yaml", scenario(WIRED, op))
              .program("none")
              .kernel(0)
              .function(0)
              .ops()
              .get(0);
      assertThat(compiled.name()).isEqualTo(op.substring(8, op.indexOf(',')));
    }
  }

  @Test
  void aPortWithNoDeviceIsOneLineWithItsPosition() {
    ScenarioException e = error(scenario("[]", "- { op: outb, port: 0x60, value: 1 }"));
    assertThat(e.getMessage())
        .startsWith("dev.yaml:13:31: ")
        .contains("no device answers at port 0x60")
        .doesNotContain("\n");
  }

  @Test
  void readOnlyAndMissingIoApicRegistersAreLoadErrors() {
    assertThat(error(scenario("[]", "- { op: ioapic-write, index: 1, value: 0 }")).getMessage())
        .startsWith("dev.yaml:13:")
        .contains("read-only");
    assertThat(error(scenario("[]", "- { op: ioapic-read, index: 0x40, into: x }")).getMessage())
        .contains("the IO-APIC has no register 0x40");
  }

  @Test
  void pinZeroAndIrqTwoAreNotDeviceLines() {
    assertThat(error(scenario("[ { name: a, ioapic-pin: 0 } ]", "- { op: nop }")).getMessage())
        .startsWith("dev.yaml:5:")
        .contains("pin 0 carries the 8259");
    assertThat(error(scenario("[ { name: a, pic-irq: 2 } ]", "- { op: nop }")).getMessage())
        .contains("IRQ 2 is the cascade");
    assertThat(error(scenario("[ { name: a, ioapic-pin: 24 } ]", "- { op: nop }")).getMessage())
        .startsWith("dev.yaml:5:");
  }

  @Test
  void aWiredSourceHasNoVectorAndAnApicSourceNoTrigger() {
    assertThat(
            error(scenario("[ { name: a, ioapic-pin: 3, vector: 0x40 } ]", "- { op: nop }"))
                .getMessage())
        .contains("vector belongs to a source wired to a local APIC");
    assertThat(
            error(scenario("[ { name: a, vector: 0x40, trigger: level } ]", "- { op: nop }"))
                .getMessage())
        .contains("trigger belongs to a source wired to an IO-APIC pin or 8259 IRQ");
  }

  @Test
  void irqLineNeedsAWiredSource() {
    String apicSource = "[ { name: t, vector: 0x31 } ]";
    assertThat(error(scenario(apicSource, "- { op: irq-line, source: t, level: 1 }")).getMessage())
        .startsWith("dev.yaml:13:")
        .contains("no source named 't' wired to an IO-APIC pin or 8259 IRQ");
    assertThat(error(scenario(WIRED, "- { op: irq-line, source: disk, level: 2 }")).getMessage())
        .startsWith("dev.yaml:13:");
  }
}
