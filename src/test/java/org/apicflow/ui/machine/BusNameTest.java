package org.apicflow.ui.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.apicflow.apic.DeliveryMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The bus's name stays readable: at the line's left end, or, while a message from the first CPU
 * covers that, in the first stretch of the line that no envelope and no card's drop crosses.
 */
@ExtendWith(ApplicationExtension.class)
class BusNameTest {
  private BusView bus;

  @Start
  void start(Stage stage) {
    bus = new BusView();
    bus.setCardX(2, i -> 100 + i * 600);
    stage.setScene(new Scene(new StackPane(bus), 900, 60));
    stage.show();
  }

  private void show(List<Envelope> envelopes) throws Exception {
    DeviceCardsTest.onFx(
        () -> {
          bus.setEnvelopes(envelopes);
          for (int i = 0; i < 2; i++) {
            bus.applyCss();
            bus.layout();
          }
          return null;
        });
  }

  private static Envelope from(int sender, double progress) {
    return new Envelope(
        1,
        sender,
        List.of(1 - sender),
        "fixed 0x40",
        DeliveryMode.FIXED,
        "in transit",
        progress,
        false,
        false);
  }

  private static Bounds in(Node n) {
    return n.getBoundsInParent();
  }

  @Test
  void theNameMovesAlongTheLineWhileAMessageCoversTheLeftEnd() throws Exception {
    show(List.of());
    assertThat(DeviceCardsTest.onFx(() -> in(bus.lookup(".bus-name")).getMinX())).isEqualTo(10);

    for (double progress : new double[] {0, 0.05}) {
      // a message leaving CPU 0 (its envelope reaching to the left end) with the name at first
      // under it: the name goes right of it, clear of the cards' drops too
      show(List.of(from(0, progress)));
      DeviceCardsTest.onFx(
          () -> {
            Bounds name = in(bus.lookup(".bus-name"));
            for (Node n : bus.getChildrenUnmodifiable()) {
              if (n.isVisible() && n.getStyleClass().contains("envelope")) {
                assertThat(name.intersects(in(n))).as("name over the envelope").isFalse();
              }
              if (n.getStyleClass().contains("bus-stub")) {
                double x = in(n).getCenterX();
                assertThat(x < name.getMinX() || x > name.getMaxX())
                    .as("a drop at %s through the name %s", x, name)
                    .isTrue();
              }
            }
            assertThat(name.getMinX()).isGreaterThan(10);
            return null;
          });
    }

    // the message on its way to the right: the left end is free again
    show(List.of(from(0, 0.8)));
    assertThat(DeviceCardsTest.onFx(() -> in(bus.lookup(".bus-name")).getMinX())).isEqualTo(10);
  }
}
