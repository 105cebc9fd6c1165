package org.apicflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LauncherTest {
  @Test
  void noArgumentsOpensTheWindow() {
    assertThat(Launcher.opensWindow(new String[0])).isTrue();
  }

  @Test
  void aScenarioFileAloneOpensTheWindow() {
    assertThat(Launcher.opensWindow(new String[] {CliTest.SELF_IPI})).isTrue();
  }

  @Test
  void commandsAndMissingFilesGoToTheCommandLine() {
    assertThat(Launcher.opensWindow(new String[] {"matrix"})).isFalse();
    assertThat(Launcher.opensWindow(new String[] {"--help"})).isFalse();
    assertThat(Launcher.opensWindow(new String[] {"no-such-file.yaml"})).isFalse();
    assertThat(Launcher.opensWindow(new String[] {"check", CliTest.SELF_IPI})).isFalse();
  }

  @Test
  void aBuiltInIdAloneOpensTheWindow() {
    assertThat(Launcher.opensWindow(new String[] {"pending-ipi"})).isTrue();
    assertThat(Launcher.unknownScenario(new String[] {"pending-ipi"})).isEmpty();
  }

  @Test
  void everySubcommandGoesToTheCommandLine() {
    for (String c : new picocli.CommandLine(new ApicflowCommand()).getSubcommands().keySet()) {
      assertThat(Launcher.opensWindow(new String[] {c})).as(c).isFalse();
      assertThat(Launcher.unknownScenario(new String[] {c})).as(c).isEmpty();
    }
  }

  @Test
  void anUnknownIdGetsOneLineWithTheNearestBuiltIns() {
    var line = Launcher.unknownScenario(new String[] {"pendin-ipi"});
    assertThat(line).isPresent();
    assertThat(line.get())
        .doesNotContain("\n")
        .startsWith("apicflow: 'pendin-ipi' is neither a command, a scenario file nor a built-in")
        .contains("nearest built-ins: pending-ipi");
    assertThat(Launcher.unknownScenario(new String[] {"no-such-file.yaml"}).get())
        .isEqualTo("apicflow: no-such-file.yaml: not found (see 'apicflow --help')");
  }

  @Test
  void theNearestIdsComeClosestFirst() {
    assertThat(
            Launcher.nearest(
                "stale", java.util.List.of("pending-ipi", "stale-isr-timer", "icr-busy-nmi"), 2))
        .hasSize(2)
        .first()
        .isEqualTo("stale-isr-timer");
  }
}
