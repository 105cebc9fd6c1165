package org.apicflow.ui.code;

import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The code pane: the shown CPU's function with the current line lit, and the step's narration. */
public final class CodeView extends VBox {
  private static final PseudoClass LIT = PseudoClass.getPseudoClass("lit");
  private static final PseudoClass ADDED = PseudoClass.getPseudoClass("added");
  private static final PseudoClass REMOVED = PseudoClass.getPseudoClass("removed");
  private static final PseudoClass BLOCKED = PseudoClass.getPseudoClass("blocked");

  private final Label header = new Label();
  private final Label location = new Label();
  private final Label patched = new Label();
  private final ListView<CodeLine> list = new ListView<>();
  private final Label stepTitle = new Label();
  private final Label narration = new Label();
  private final Label note = new Label();
  private final Label why = new Label();

  public CodeView(CodeViewModel vm) {
    getStyleClass().addAll("panel", "code-view");
    setId("code-view");
    header.getStyleClass().add("panel-title");
    location.getStyleClass().add("code-location");
    location.setWrapText(true);
    patched.getStyleClass().add("patched-badge");
    Region grow = new Region();
    HBox.setHgrow(grow, Priority.ALWAYS);
    HBox head = new HBox(8, header, grow, patched);
    head.setAlignment(Pos.CENTER_LEFT);

    list.getStyleClass().add("code-list");
    list.setFocusTraversable(false);
    list.setCellFactory(l -> new LineCell());
    // at least five lines of code, however long the story under it grows
    list.minHeightProperty()
        .bind(
            javafx.beans.binding.Bindings.createDoubleBinding(
                () -> header.getFont().getSize() / 1.08 * 1.75 * 5, header.fontProperty()));
    Label placeholder = new Label();
    placeholder.getStyleClass().add("code-placeholder");
    placeholder.setId("code-placeholder");
    placeholder.setWrapText(true);
    placeholder.textProperty().bind(location.textProperty());
    list.setPlaceholder(placeholder);
    VBox.setVgrow(list, Priority.ALWAYS);
    list.heightProperty().addListener((o, was, is) -> scrollToLit());

    stepTitle.getStyleClass().add("step-title");
    narration.getStyleClass().add("narration");
    narration.setId("narration");
    narration.setWrapText(true);
    note.getStyleClass().add("note");
    note.setWrapText(true);
    why.getStyleClass().add("why");
    why.setId("why");
    why.setWrapText(true);
    VBox story = new VBox(4, stepTitle, narration, note, why);
    story.getStyleClass().add("story");
    story.setMinHeight(Region.USE_PREF_SIZE);

    getChildren().addAll(head, location, list, story);
    vm.stateProperty().addListener((o, was, is) -> show(is));
    show(vm.getState());
  }

  private void show(CodeState s) {
    header.setText(s.header());
    location.setText(s.location());
    location.setVisible(!s.lines().isEmpty());
    location.setManaged(!s.lines().isEmpty());
    patched.setText(s.patchedBy().isEmpty() ? "" : "replaced by fix: " + s.patchedBy());
    patched.setVisible(!s.patchedBy().isEmpty());
    if (!list.getItems().equals(s.lines())) {
      list.getItems().setAll(s.lines());
    }
    list.getSelectionModel().clearSelection();
    litIndex.set(s.lit());
    scrollToLit();
    stepTitle.setText(s.stepTitle());
    narration.setText(s.narration());
    note.setText(s.note());
    note.setVisible(!s.note().isEmpty());
    note.setManaged(!s.note().isEmpty());
    why.setText(s.why());
    why.pseudoClassStateChanged(BLOCKED, s.whyBlocked());
  }

  /**
   * Scrolls the lit line into view with up to three lines of context above it, fewer when the list
   * is short: the lit line itself must never sit under the bottom edge.
   */
  private void scrollToLit() {
    int lit = litIndex.get();
    if (lit < 0) {
      return;
    }
    double cell =
        list.getFixedCellSize() > 0 ? list.getFixedCellSize() : header.getFont().getSize() * 1.7;
    // whole rows that fit, less one for a horizontal scroll bar
    int rows = (int) Math.floor(list.getHeight() / cell) - 1;
    int above = Math.max(0, Math.min(3, (rows - 1) / 2));
    list.scrollTo(Math.max(0, lit - above));
  }

  /** The lit line; cells watch it, so moving the light restyles two cells, not the list. */
  private final javafx.beans.property.IntegerProperty litIndex =
      new javafx.beans.property.SimpleIntegerProperty(-1);

  private final class LineCell extends ListCell<CodeLine> {
    private final Label gutter = new Label();
    private final Label code = new Label();
    private final HBox box = new HBox(gutter, code);

    LineCell() {
      getStyleClass().add("code-line");
      gutter.getStyleClass().add("gutter");
      gutter.setMinWidth(Region.USE_PREF_SIZE);
      code.getStyleClass().add("code-text");
      // a long line wraps under itself: the lit line is never cut at the pane's edge
      code.setWrapText(true);
      code.setMinWidth(0);
      HBox.setHgrow(code, Priority.ALWAYS);
      box.setAlignment(Pos.TOP_LEFT);
      setPrefWidth(0);
      litIndex.addListener(
          (o, was, is) -> pseudoClassStateChanged(LIT, !isEmpty() && getIndex() == is.intValue()));
    }

    @Override
    protected void updateItem(CodeLine item, boolean empty) {
      super.updateItem(item, empty);
      if (empty || item == null) {
        setGraphic(null);
        pseudoClassStateChanged(LIT, false);
        pseudoClassStateChanged(ADDED, false);
        pseudoClassStateChanged(REMOVED, false);
        return;
      }
      gutter.setText(item.diff() == ' ' ? " " : String.valueOf(item.diff()));
      code.setText("  ".repeat(item.depth()) + item.text());
      setGraphic(box);
      pseudoClassStateChanged(LIT, getIndex() == litIndex.get());
      pseudoClassStateChanged(ADDED, item.diff() == '+');
      pseudoClassStateChanged(REMOVED, item.diff() == '-');
    }
  }
}
