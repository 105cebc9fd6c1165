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
 * The bus's name stays readable: at the line's left end, or at its right end while a message from
 * the first CPU covers the left.
 */
@ExtendWith(ApplicationExtension.class)
class BusNameTest {
  private BusView bus;

  @Start
  void start(Stage stage) {
    bus = new BusView();
    bus.setCardX(2, i -> 60 + i * 600);
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
  void theNameMovesToTheRightEndWhileAMessageCoversTheLeft() throws Exception {
    show(List.of());
    assertThat(DeviceCardsTest.onFx(() -> in(bus.lookup(".bus-name")).getMinX())).isEqualTo(10);

    show(List.of(from(0, 0)));
    DeviceCardsTest.onFx(
        () -> {
          Bounds name = in(bus.lookup(".bus-name"));
          Node envelope =
              bus.getChildrenUnmodifiable().stream()
                  .filter(n -> n.isVisible() && n.getStyleClass().contains("envelope"))
                  .findFirst()
                  .orElseThrow();
          assertThat(name.intersects(in(envelope))).isFalse();
          assertThat(name.getMaxX()).isGreaterThan(bus.getWidth() / 2);
          return null;
        });

    // the message on its way to the right: the left end is free again
    show(List.of(from(0, 0.8)));
    assertThat(DeviceCardsTest.onFx(() -> in(bus.lookup(".bus-name")).getMinX())).isEqualTo(10);
  }
}
