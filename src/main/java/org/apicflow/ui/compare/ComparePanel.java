package org.apicflow.ui.compare;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.apicflow.ui.machine.CpuCardViewModel;
import org.apicflow.ui.timeline.TimelineCanvas;

/**
 * One run in the compare grid: the fix's name and title, an outcome badge, the machine as compact
 * CPU cards (a message in flight shows on its target's card), a timeline strip, and on demand the
 * fix's patch as a diff against none.
 */
public final class ComparePanel extends VBox {
  private static final javafx.css.PseudoClass DENSE =
      javafx.css.PseudoClass.getPseudoClass("dense");
  private final ComparePanelModel model;
  private final List<MiniCpuCard> cards = new ArrayList<>();
  private final GridPane cardPane = new GridPane();
  private int columns = -1;
  private java.util.function.Consumer<ComparePanelModel> onOpen = m -> {};
  private final ScrollPane cardScroll;
  private final Label ended = new Label();
  private final ToggleButton patchToggle = new ToggleButton("patch");
  private final VBox machine;
  private final ScrollPane patch;
  private final TimelineCanvas strip;

  public ComparePanel(ComparePanelModel model) {
    this.model = model;
    getStyleClass().add("compare-panel");
    getStyleClass().add("result-" + model.outcomeWord());
    setId("compare-panel-" + model.key());

    Label name = new Label(model.name());
    name.getStyleClass().add("compare-fix");
    // a long name ("deliver · clear-pending") gives way before the outcome badge does
    name.setMinWidth(0);
    Label title = new Label(model.title());
    title.getStyleClass().add("compare-fix-title");
    title.setId("fix-title-" + model.key());
    // a long title wraps onto a second line rather than end in "…"
    title.setWrapText(true);
    title.setMinWidth(0);
    title.setMinHeight(Region.USE_PREF_SIZE);
    title.setMaxWidth(Double.MAX_VALUE);
    Tooltip tip = new Tooltip(model.title() + "\n\n" + model.summary());
    tip.setWrapText(true);
    tip.setMaxWidth(460);
    title.setTooltip(tip);
    name.setTooltip(tip);
    Label badge = new Label(model.outcomeWord().toUpperCase(java.util.Locale.ROOT));
    badge.getStyleClass().addAll("compare-outcome", "result-" + model.outcomeWord());
    badge.setId("outcome-" + model.key());
    badge.setMinWidth(Region.USE_PREF_SIZE);
    Tooltip why = new Tooltip(model.outcome().summary());
    why.setWrapText(true);
    why.setMaxWidth(460);
    badge.setTooltip(why);
    patchToggle.setId("patch-" + model.key());
    patchToggle.getStyleClass().add("patch-toggle");
    patchToggle.setFocusTraversable(false);
    patchToggle.setMinWidth(Region.USE_PREF_SIZE);
    patchToggle.setTooltip(
        new Tooltip("Show the functions this fix replaces, as a diff against the unpatched run"));
    Region grow = new Region();
    HBox.setHgrow(grow, Priority.ALWAYS);
    HBox head = new HBox(8, name, grow, patchToggle, badge);
    head.setAlignment(Pos.CENTER_LEFT);

    Label reason = new Label(model.outcomeLine());
    reason.getStyleClass().addAll("compare-reason", "result-" + model.outcomeWord());
    reason.setId("reason-" + model.key());
    reason.setTooltip(why);
    reason.setWrapText(true);
    reason.setMinWidth(0);
    reason.setMinHeight(Region.USE_PREF_SIZE);

    ended.getStyleClass().add("compare-ended");
    ended.setId("ended-" + model.key());
    ended.textProperty().bind(model.endedProperty());
    ended.visibleProperty().bind(model.endedProperty().isNotEmpty());

    cardPane.getStyleClass().add("card-pane");
    cardPane.setHgap(6);
    cardPane.setVgap(6);
    for (CpuCardViewModel c : model.machine().getCards()) {
      cards.add(new MiniCpuCard(c));
    }
    cardScroll = new ScrollPane(cardPane);
    cardScroll.setFitToWidth(true);
    cardScroll.getStyleClass().add("edge-to-edge");
    cardScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
    cardScroll.setVbarPolicy(ScrollPane.ScrollBarPolicy.AS_NEEDED);
    cardScroll.setMinHeight(0);
    VBox.setVgrow(cardScroll, Priority.ALWAYS);
    machine = new VBox(2, cardScroll);
    machine.getStyleClass().add("compare-machine");
    machine.setMinHeight(0);

    patch = new ScrollPane(patchBox());
    patch.setFitToWidth(true);
    patch.getStyleClass().add("compare-patch");
    patch.setId("patch-view-" + model.key());
    patch.setVisible(false);
    // the patch scrolls inside the room the machine takes; it does not ask for more
    patch.setPrefViewportHeight(60);
    patch.setMinHeight(0);
    patchToggle.selectedProperty().addListener((o, was, is) -> showPatch(is));
    if (model.patch().isEmpty()) {
      patchToggle.setDisable(true);
    }

    StackPane body = new StackPane(machine, patch);
    // the machine takes what it needs; the strip gets the rest, up to a point
    VBox.setVgrow(body, Priority.ALWAYS);
    body.setMinHeight(0);
    body.setMaxHeight(Region.USE_PREF_SIZE);

    // the run's timeline strip: the compare view stacks every panel's strip on one ruler
    strip = new TimelineCanvas(model.timeline());
    strip.getStyleClass().add("compare-strip");
    strip.setId("strip-" + model.key());
    strip.compactProperty().set(true);
    strip.titleProperty().set(model.name());
    strip.setMinHeight(Region.USE_PREF_SIZE);
    strip.setMaxHeight(Region.USE_PREF_SIZE);

    // once the cursor is past this run's end, the outcome line says so on its right
    ended.setMinWidth(Region.USE_PREF_SIZE);
    ended.managedProperty().bind(ended.visibleProperty());
    Region gap = new Region();
    HBox.setHgrow(gap, Priority.ALWAYS);
    HBox outcomeRow = new HBox(8, reason, gap, ended);
    outcomeRow.setAlignment(Pos.CENTER_LEFT);
    // the title on its own line under the name: it wraps at the panel's width, never "…"
    getChildren().addAll(head, title, outcomeRow, body);
    Tooltip open = new Tooltip("Double-click to open this run in the single view, at this moment");
    Tooltip.install(machine, open);
    machine.setOnMouseClicked(
        e -> {
          if (e.getClickCount() == 2) {
            onOpen.accept(model);
          }
        });
  }

  /** What a double-click on the machine does: open this run in the single view. */
  public void setOnOpen(java.util.function.Consumer<ComparePanelModel> action) {
    onOpen = action;
  }

  public ComparePanelModel model() {
    return model;
  }

  public List<MiniCpuCard> cards() {
    return cards;
  }

  /** The run's timeline strip (shown in the compare view's stack, not in the panel). */
  public TimelineCanvas strip() {
    return strip;
  }

  public boolean isPatchShown() {
    return patchToggle.isSelected();
  }

  /** Shows the patch diff instead of the machine, or the machine again. */
  public void showPatch(boolean on) {
    patchToggle.setSelected(on);
    patch.setVisible(on);
    machine.setVisible(!on);
  }

  private VBox patchBox() {
    VBox box = new VBox(2);
    box.getStyleClass().add("patch-box");
    if (model.patch().isEmpty()) {
      box.getChildren().add(new Label("The unpatched run: no function replaced."));
    }
    for (PatchDiff.Function f : model.patch()) {
      Label h =
          new Label(
              f.name()
                  + (f.added() ? "  (new)" : "")
                  + "   +"
                  + f.count('+')
                  + " \u2212"
                  + f.count('-'));
      h.getStyleClass().add("patch-function");
      Label src = new Label(f.src());
      src.getStyleClass().add("patch-src");
      box.getChildren().addAll(h, src);
      for (PatchDiff.Line l : f.lines()) {
        Label line = new Label(l.prefixed());
        line.getStyleClass().addAll("patch-line", "mono");
        line.getStyleClass()
            .add(
                l.kind() == '+' ? "patch-added" : l.kind() == '-' ? "patch-removed" : "patch-kept");
        line.setMinWidth(Region.USE_PREF_SIZE);
        box.getChildren().add(line);
      }
    }
    return box;
  }

  /** Lays the cards out in as many columns as fit at 170 px, at most four. */
  private void placeCards(double w) {
    int n = cards.size();
    int cols = (int) Math.max(1, Math.min(Math.min(n, 4), Math.floor((w + 6) / 176)));
    if (cols == columns || n == 0) {
      return;
    }
    columns = cols;
    cardPane.getChildren().clear();
    cardPane.getColumnConstraints().clear();
    for (int c = 0; c < cols; c++) {
      ColumnConstraints cc = new ColumnConstraints();
      cc.setPercentWidth(100.0 / cols);
      cc.setFillWidth(true);
      cardPane.getColumnConstraints().add(cc);
    }
    for (int i = 0; i < n; i++) {
      MiniCpuCard card = cards.get(i);
      card.setMinWidth(0);
      card.setMaxWidth(Double.MAX_VALUE);
      cardPane.add(card, i % cols, i / cols);
    }
    pseudoClassStateChanged(DENSE, n > 1 && w / cols < 230);
  }

  @Override
  protected void layoutChildren() {
    double w = getWidth() - snappedLeftInset() - snappedRightInset() - 16;
    if (w > 0) {
      placeCards(w);
      // the card area asks for the cards' height; the panel gives what it can
      cardScroll.setPrefViewportHeight(cardPane.prefHeight(w));
    }
    super.layoutChildren();
  }
}
