package org.apicflow.ui.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.shape.Line;
import javafx.stage.Stage;
import org.apicflow.machine.EventKind;
import org.apicflow.trace.Trace;
import org.apicflow.ui.playback.PlaybackModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The IO-APIC's and the 8259s' lines on the bus: a device message is drawn at the step it happens,
 * as a labelled connector from the device card's drop to the target CPU card's (the EOI broadcast
 * the other way), and is gone at the step before.
 */
@ExtendWith(ApplicationExtension.class)
class DeviceCardsBusTest {
  private PlaybackModel playback;
  private MachineView view;

  @Start
  void start(Stage stage) {
    playback = new PlaybackModel();
    view = new MachineView(new MachineViewModel(playback));
    stage.setScene(new Scene(view, 1280, 620));
    stage.show();
  }

  private void at(Trace t, int position) throws Exception {
    DeviceCardsTest.onFx(
        () -> {
          if (playback.getTrace() != t) {
            playback.load(t, position);
          }
          playback.seek(position);
          for (int i = 0; i < 3; i++) {
            view.applyCss();
            view.layout();
          }
          return null;
        });
  }

  private static Bounds scene(Node n) {
    return n.localToScene(n.getLayoutBounds());
  }

  /** The message drawn for event i, or null. */
  private DeviceMessage drawn(int i) throws Exception {
    return DeviceCardsTest.onFx(
        () ->
            view.bus().getDeviceMessages().stream()
                .filter(m -> m.event() == i)
                .findFirst()
                .orElse(null));
  }

  /** The connector's start and end x in scene coordinates. */
  private double[] ends(DeviceMessage m) throws Exception {
    return DeviceCardsTest.onFx(
        () -> {
          Line l = view.bus().deviceLink(m);
          Point2D a = l.localToScene(l.getStartX(), l.getStartY());
          Point2D b = l.localToScene(l.getEndX(), l.getEndY());
          return new double[] {a.getX(), b.getX(), a.getY()};
        });
  }

  private static void over(double x, Node card, String what) {
    Bounds b = scene(card);
    assertThat(x).as(what + " over " + card.getId() + " " + b).isBetween(b.getMinX(), b.getMaxX());
  }

  private static int first(Trace t, EventKind k, java.util.function.IntPredicate also) {
    for (int i = 0; i < t.size(); i++) {
      if (t.kind(i) == k && also.test(i)) {
        return i;
      }
    }
    throw new AssertionError("no " + k);
  }

  @Test
  void theEoiBroadcastGoesFromTheCpuCardToTheIoApicCardAtItsStep() throws Exception {
    Trace t = DeviceCardsTest.run("lesson-ioapic-level");
    int eoi = first(t, EventKind.EOI_BROADCAST, i -> true);
    at(t, eoi + 1);
    DeviceMessage m = drawn(eoi);
    assertThat(m).as("the EOI broadcast drawn at its step").isNotNull();
    assertThat(m.label()).isEqualTo(String.format("EOI broadcast 0x%02X", t.a(eoi)));
    assertThat(m.label()).isEqualTo("EOI broadcast 0x41");
    assertThat(m.toDevice()).isTrue();
    Label label = DeviceCardsTest.onFx(() -> view.bus().deviceLabel(m));
    assertThat(label.getText()).isEqualTo("EOI broadcast 0x41");
    assertThat(label.isVisible()).isTrue();
    double[] x = ends(m);
    CpuCard cpu = view.cards().get(t.cpu(eoi));
    over(x[0], cpu, "the broadcast's start");
    over(x[1], view.deviceCards().ioapicCard(), "the broadcast's end");
    over(x[2], view.bus(), "the connector's height");
    at(t, eoi);
    assertThat(drawn(eoi)).as("not yet at the step before").isNull();
  }

  private static void over(double y, BusView bus, String what) {
    Bounds b = scene(bus);
    assertThat(y).as(what + " inside the bus " + b).isBetween(b.getMinY(), b.getMaxY());
  }

  @Test
  void aLevelPinsMessageGoesFromTheIoApicCardToItsCpu() throws Exception {
    Trace t = DeviceCardsTest.run("lesson-ioapic-level");
    int sent =
        first(
            t,
            EventKind.IOAPIC_SET_IRQ,
            i -> (t.b(i) & 0xFFFF) != EventKind.Delivery.HELD.ordinal());
    at(t, sent + 1);
    DeviceMessage m = drawn(sent);
    assertThat(m).isNotNull();
    assertThat(m.label()).isEqualTo("pin 16 → 0x41 fixed");
    assertThat(m.modeClass()).isEqualTo("mode-fixed");
    double[] x = ends(m);
    over(x[0], view.deviceCards().ioapicCard(), "the message's start");
    over(x[1], view.cards().get(t.cpu(sent)), "the message's end");
    Label label = DeviceCardsTest.onFx(() -> view.bus().deviceLabel(m));
    assertThat(label.getStyleClass()).contains("envelope", "mode-fixed");
  }

  @Test
  void theExtIntOfTheStaleIsrReplayComesFromThePicCard() throws Exception {
    Trace t = DeviceCardsTest.run("stale-isr-timer");
    int entry = first(t, EventKind.EXTINT_ENTRY, i -> true);
    at(t, entry + 1);
    DeviceMessage m = drawn(entry);
    assertThat(m).isNotNull();
    int vector = (int) (t.a(entry) & 0xFF);
    assertThat(m.label()).isEqualTo(String.format("INTR → pin 0 (ExtINT) 0x%02X", vector));
    assertThat(m.label()).isEqualTo("INTR → pin 0 (ExtINT) 0x20");
    double[] x = ends(m);
    over(x[0], view.deviceCards().picCard(), "the ExtINT's start");
    over(x[1], view.cards().get(t.cpu(entry)), "the ExtINT's end");
    // the IO-APIC's ExtINT message for pin 0 earlier: from the IO-APIC card
    int pin0 =
        first(
            t,
            EventKind.IOAPIC_SET_IRQ,
            i -> (t.b(i) >>> 16) == 0 && (t.b(i) & 0xFFFF) == EventKind.Delivery.EXTINT.ordinal());
    at(t, pin0 + 1);
    DeviceMessage p = drawn(pin0);
    assertThat(p.label()).isEqualTo("pin 0 → ExtINT");
    over(ends(p)[0], view.deviceCards().ioapicCard(), "pin 0's start");
  }

  @Test
  void theLint0RouteIsNamedInLessonExtint() throws Exception {
    Trace t = DeviceCardsTest.run("lesson-extint");
    int entry = first(t, EventKind.EXTINT_ENTRY, i -> ((t.a(i) >>> 16) & 1) == 0);
    at(t, entry + 1);
    DeviceMessage m = drawn(entry);
    assertThat(m.label()).startsWith("INTR → LINT0 (ExtINT) 0x");
    List<DeviceMessage> all = DeviceCardsTest.onFx(() -> view.bus().getDeviceMessages());
    assertThat(all).allMatch(d -> d.event() <= entry);
  }
}
