package org.apicflow.ui.code;

import java.util.List;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.apicflow.ui.LocalLayout;

/**
 * The code pane: the shown CPU's function with the current line lit, and the step's narration.
 *
 * <p>Its text changes at every step; the pane lays itself out ({@link LocalLayout}), so that does
 * not lay out the window around it.
 */
public final class CodeView extends LocalLayout {
  private static final javafx.css.PseudoClass BLOCKED =
      javafx.css.PseudoClass.getPseudoClass("blocked");

  private final Label header = new Label();
  private final Label location = new Label();
  private final Label patched = new Label();
  private final CodeLines list;
  private final Label stepTitle = new Label();
  private final Label narration = new Label();
  private final Label note = new Label();
  private final Label why = new Label();

  public CodeView(CodeViewModel vm) {
    super(new VBox());
    VBox body = (VBox) content();
    body.getStyleClass().addAll("panel", "code-view");
    body.setId("code-view");
    header.getStyleClass().add("panel-title");
    location.getStyleClass().add("code-location");
    location.setWrapText(true);
    patched.getStyleClass().add("patched-badge");
    Region grow = new Region();
    HBox.setHgrow(grow, Priority.ALWAYS);
    HBox head = new HBox(8, header, grow, patched);
    head.setAlignment(Pos.CENTER_LEFT);

    Label placeholder = new Label();
    placeholder.getStyleClass().add("code-placeholder");
    placeholder.setId("code-placeholder");
    placeholder.setWrapText(true);
    placeholder.textProperty().bind(location.textProperty());
    list = new CodeLines(placeholder);
    // at least five lines of code, however long the story under it grows
    list.minHeightProperty()
        .bind(
            javafx.beans.binding.Bindings.createDoubleBinding(
                () -> header.getFont().getSize() / 1.08 * 1.75 * 5, header.fontProperty()));
    VBox.setVgrow(list, Priority.ALWAYS);

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

    body.getChildren().addAll(head, location, list, story);
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
    list.show(s.lines(), s.lit());
    stepTitle.setText(s.stepTitle());
    narration.setText(s.narration());
    note.setText(s.note());
    note.setVisible(!s.note().isEmpty());
    note.setManaged(!s.note().isEmpty());
    why.setText(s.why());
    why.pseudoClassStateChanged(BLOCKED, s.whyBlocked());
  }

  /** The rows of the code, one per line (what the pane shows). */
  public List<HBox> lineRows() {
    return list.rows();
  }
}
