package org.apicflow.apic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The quirk settings: defaults, parsing {@code NAME=VALUE}, and the documentation of each. */
class QuirksTest {

  @Test
  void everyQuirkHasItsDefaultAndTheDefaultIsOneOfItsOptions() {
    Quirks d = Quirks.defaults();
    for (Quirk q : Quirk.values()) {
      assertThat(q.option(q.defaultOption())).as(q.key()).isPresent();
      assertThat(d.get(q)).isEqualTo(q.defaultOption());
      assertThat(d.isDefault(q)).isTrue();
      assertThat(q.options()).hasSizeGreaterThanOrEqualTo(2);
      for (Quirk.Option o : q.options()) {
        assertThat(o.behaviour()).isNotBlank();
        assertThat(o.implementations()).isNotBlank();
      }
    }
    assertThat(d.softDisabledFixed()).isEqualTo(SoftDisabledFixed.HOLD);
    assertThat(d.icrBusyUntilAccepted()).isTrue();
    assertThat(d.levelIpiSetsTmr()).isFalse();
    assertThat(d.lowestPriorityTieToHighestId()).isFalse();
  }

  @Test
  void anAssignmentChangesOneQuirkAndKeepsTheOthers() {
    Quirks q = Quirks.defaults().with("soft-disabled-fixed=deliver").with("level-ipi-tmr=set");
    assertThat(q.softDisabledFixed()).isEqualTo(SoftDisabledFixed.DELIVER);
    assertThat(q.levelIpiSetsTmr()).isTrue();
    assertThat(q.icrBusyUntilAccepted()).isTrue();
    assertThat(q.isDefault(Quirk.SOFT_DISABLED_FIXED)).isFalse();
    assertThat(q).isNotEqualTo(Quirks.defaults());
    assertThat(q.with(Quirk.SOFT_DISABLED_FIXED, "hold").with(Quirk.LEVEL_IPI_TMR, "ignore"))
        .isEqualTo(Quirks.defaults());
    assertThat(q.toString()).contains("soft-disabled-fixed=deliver").contains("level-ipi-tmr=set");
  }

  @Test
  void aBadAssignmentSaysWhatIsWrongInOneLine() {
    assertThatThrownBy(() -> Quirks.defaults().with("soft-disabled-fixed"))
        .hasMessageContaining("NAME=VALUE");
    assertThatThrownBy(() -> Quirks.defaults().with("no-such=1"))
        .hasMessageContaining("no quirk 'no-such'")
        .hasMessageContaining("soft-disabled-fixed");
    assertThatThrownBy(() -> Quirks.defaults().with("icr-busy-until-accepted=yes"))
        .hasMessageContaining("true | false");
  }

  @Test
  void theFormatReferenceAndTheReadmeNameEveryQuirkAndOption() throws Exception {
    String format = Files.readString(Path.of("docs/scenario-format.md"));
    String section = format.substring(format.indexOf("## 17. What the SDM leaves open"));
    String readme = Files.readString(Path.of("README.md"));
    assertThat(readme).contains("## What the SDM leaves open");
    for (Quirk q : Quirk.values()) {
      assertThat(section).contains("`" + q.key() + "`");
      assertThat(readme).contains("`" + q.key() + "`");
      for (Quirk.Option o : q.options()) {
        assertThat(section).as(q.key() + "=" + o.name()).contains("`" + o.name() + "`");
      }
    }
  }
}
