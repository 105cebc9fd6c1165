package org.apicflow.ui.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.apicflow.machine.EventKind;
import org.apicflow.scenario.Catalogue;
import org.apicflow.trace.Simulator;
import org.apicflow.trace.Trace;
import org.apicflow.ui.playback.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The IO-APIC and 8259 cards: shown only when a scenario uses them, outlined where they change. */
@ExtendWith(ApplicationExtension.class)
class DeviceCardsTest {
  private static final PseudoClass CHANGED = PseudoClass.getPseudoClass("changed");
  private DeviceCards cards;

  @Start
  void start(Stage stage) {
    cards = new DeviceCards();
    stage.setScene(new javafx.scene.Scene(new javafx.scene.layout.StackPane(cards), 900, 300));
    stage.show();
  }

  static <T> T onFx(java.util.concurrent.Callable<T> c) throws Exception {
    CompletableFuture<T> f = new CompletableFuture<>();
    Platform.runLater(
        () -> {
          try {
            f.complete(c.call());
          } catch (Exception e) {
            f.completeExceptionally(e);
          }
        });
    return f.get(10, TimeUnit.SECONDS);
  }

  static Trace run(String id) throws Exception {
    return Simulator.run(Catalogue.load(id).program("none"));
  }

  static int first(Trace t, EventKind k) {
    for (int i = 0; i < t.size(); i++) {
      if (t.kind(i) == k) {
        return i;
      }
    }
    throw new AssertionError("no " + k);
  }

  private String text(String id) {
    return ((Label) cards.lookup("#" + id)).getText();
  }

  private boolean changed(String id) {
    Node n = cards.lookup("#" + id);
    return n.getPseudoClassStates().contains(CHANGED);
  }

  @Test
  void hiddenForAScenarioWithoutThemShownForOneWithThem() throws Exception {
    Trace plain = run("lesson-fixed-ipi");
    onFx(
        () -> {
          cards.show(Frame.at(plain, plain.size()));
          return null;
        });
    assertThat(cards.isVisible()).isFalse();
    assertThat(cards.isManaged()).isFalse();
    Trace t = run("lesson-extint");
    onFx(
        () -> {
          cards.show(Frame.at(t, t.size()));
          return null;
        });
    assertThat(cards.isVisible()).isTrue();
    assertThat(text("pic-master-base")).isEqualTo("0x30");
    assertThat(text("pic-slave-base")).isEqualTo("0x38");
    assertThat(text("pic-master-imr")).isEqualTo("1111 1101");
    assertThat(text("ioapic-pin-0")).contains("ExtINT");
  }

  @Test
  void theMasterIsrByteIsOutlinedAtTheStepThatSetsIt() throws Exception {
    Trace t = run("lesson-extint");
    int entry = first(t, EventKind.EXTINT_ENTRY);
    onFx(
        () -> {
          cards.show(Frame.at(t, entry + 1));
          return null;
        });
    assertThat(text("pic-master-isr")).isEqualTo("0000 0010");
    assertThat(changed("pic-master-isr")).isTrue();
    assertThat(changed("pic-master-imr")).isFalse();
  }

  @Test
  void theRemoteIrrLampLightsWhileALevelEntryWaitsForItsEoi() throws Exception {
    Trace t = run("lesson-ioapic-level");
    int held = t.firstMark("line-held").orElseThrow().event();
    onFx(
        () -> {
          cards.show(Frame.at(t, held + 1));
          return null;
        });
    assertThat(text("ioapic-pin-16")).contains("0x41 fixed").contains("level");
    Node lamp = ((Label) cards.lookup("#ioapic-rirr-16")).getGraphic();
    assertThat(lamp.getPseudoClassStates()).contains(PseudoClass.getPseudoClass("busy"));
  }
}
