package org.apicflow.ui.machine;

import java.util.function.Consumer;
import javafx.event.EventHandler;
import javafx.scene.Node;
import javafx.scene.control.Control;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.util.Duration;

/**
 * A tooltip made when the pointer first enters its node, not when the node is built: a Tooltip is a
 * styled control of its own, and a card with a dozen of them, rebuilt as the machine changes, spent
 * more time making tooltips than drawing itself.
 */
public final class LazyTip {
  private LazyTip() {}

  /** A wrapping tooltip with fixed text, made on first hover. */
  public static void install(Node n, String text) {
    install(
        n,
        t -> {
          t.setText(text);
          t.setWrapText(true);
          t.setMaxWidth(420);
          t.setShowDelay(Duration.millis(300));
        });
  }

  /**
   * A tooltip made on first hover and set up by {@code setup} then (which may bind its text). The
   * first hover shows it after the usual delay, as a tooltip installed up front would.
   */
  public static void install(Node n, Consumer<Tooltip> setup) {
    EventHandler<MouseEvent> first =
        new EventHandler<>() {
          @Override
          public void handle(MouseEvent e) {
            n.removeEventHandler(MouseEvent.MOUSE_ENTERED, this);
            Tooltip t = new Tooltip();
            setup.accept(t);
            if (n instanceof Control c) {
              c.setTooltip(t);
            } else {
              Tooltip.install(n, t);
            }
          }
        };
    n.addEventHandler(MouseEvent.MOUSE_ENTERED, first);
  }
}
