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
}
