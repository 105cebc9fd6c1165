package org.apicflow.ui.machine;

import java.util.ArrayList;
import java.util.List;
import javafx.css.PseudoClass;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The machine: one card per CPU, on a shared APIC bus. */
public final class MachineView extends VBox {
  private static final PseudoClass DENSE = PseudoClass.getPseudoClass("dense");
  private static final PseudoClass MEDIUM = PseudoClass.getPseudoClass("medium");
  private final MachineViewModel vm;
  private final Label header = new Label();
  private final FlowPane cardPane = new FlowPane(12, 12);
  private final ScrollPane scroll = new ScrollPane(cardPane);
  private final BusView bus = new BusView();
  private final List<CpuCard> cards = new ArrayList<>();
  private final Label legend;

  public MachineView(MachineViewModel vm) {
    this.vm = vm;
    getStyleClass().addAll("panel", "machine-view");
    setId("machine-view");
    header.getStyleClass().add("panel-title");
    header.textProperty().bind(vm.headerProperty());
    cardPane.getStyleClass().add("card-pane");
    scroll.setFitToWidth(true);
    scroll.getStyleClass().add("edge-to-edge");
    scroll.setMinHeight(120);
    // one line at the default window size, so it is not cut when the cards need the height
    legend =
        new Label(
            "IRR / ISR / TMR: a row per priority class (F on top) · filled = set · outlined ="
                + " changed at this step · glow = the vector of interest");
    legend.getStyleClass().add("grid-legend");
    legend.setWrapText(true);
    legend.setTooltip(
        new javafx.scene.control.Tooltip(
            "IRR / ISR / TMR: a row per priority class (F on top, vector 0xN0 at the left);"
                + " filled = set · outlined = changed at this step · glow = the vector of"
                + " interest"));
    Region fill = new Region();
    VBox.setVgrow(fill, Priority.ALWAYS);
    getChildren().addAll(header, scroll, bus, legend, fill);
    vm.cardsProperty().addListener((o, was, is) -> rebuild(is));
    vm.busProperty().addListener((o, was, is) -> bus.setEnvelopes(is));
    rebuild(vm.getCards());
    bus.setEnvelopes(vm.busProperty().get());
  }

  private void rebuild(List<CpuCardViewModel> list) {
    cards.clear();
    int n = list.size();
    pseudoClassStateChanged(DENSE, n > 8);
    pseudoClassStateChanged(MEDIUM, n > 2 && n <= 8);
    for (CpuCardViewModel c : list) {
      CpuCard card = new CpuCard(c);
      card.setCompact(n > 8);
      // from three CPUs up a card is too narrow for three grids: IRR and ISR tell the story
      card.setTmrShown(n <= 2);
      card.setOnMouseClicked(e -> vm.toggleSelect(c.cpu()));
      javafx.scene.control.Tooltip.install(
          card,
          new javafx.scene.control.Tooltip(
              "Click to pin CPU "
                  + c.cpu()
                  + " in the code pane; click again to follow the events"));
      cards.add(card);
    }
    cardPane.getChildren().setAll(cards);
    bus.setCardX(n, this::cardCenterX);
  }

  /** Shows or hides the line that explains the grids (presenter mode needs the room). */
  public void setLegendVisible(boolean v) {
    legend.setVisible(v);
    legend.setManaged(v);
  }

  public List<CpuCard> cards() {
    return cards;
  }

  public BusView bus() {
    return bus;
  }

  private double cardCenterX(int cpu) {
    if (cpu < 0 || cpu >= cards.size()) {
      return 0;
    }
    CpuCard c = cards.get(cpu);
    Bounds b = c.localToScene(c.getLayoutBounds());
    Point2D p = bus.sceneToLocal((b.getMinX() + b.getMaxX()) / 2, 0);
    return p == null ? 0 : p.getX();
  }

  @Override
  protected void layoutChildren() {
    // Cards take the width; with few CPUs each card gets an equal share of it.
    double w = scroll.getViewportBounds().getWidth();
    int n = cards.size();
    if (n > 0 && n <= 4 && w > 0) {
      double each = Math.floor((w - 24 - 12 * (n - 1)) / n);
      for (CpuCard c : cards) {
        c.setPrefWidth(Math.max(each, c.minWidth(-1)));
      }
    }
    // the card area is as tall as the cards need, up to the room there is
    if (w > 0) {
      scroll.setPrefViewportHeight(cardPane.prefHeight(w));
    }
    super.layoutChildren();
    // cards wrap their rows at their real width, which prefHeight(w) cannot know in advance:
    // once laid out, ask for the height the cards really took
    double laid = cardPane.getLayoutBounds().getHeight();
    if (w > 0 && laid > scroll.getPrefViewportHeight() + 0.5) {
      scroll.setPrefViewportHeight(laid);
      super.layoutChildren();
    }
    bus.requestLayout();
  }
}
