package org.apicflow.ui.export;

import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.apicflow.ui.MainWindow;

/** The frame shared by the compare grid and the contact sheet: a title bar over a grid of tiles. */
final class SheetScene {
  final VBox root = new VBox();
  final Label title = new Label();
  final Label subtitle = new Label();
  final Label badge = new Label();
  final Label where = new Label();
  final GridPane grid = new GridPane();
  final Scene scene;

  SheetScene(boolean dark) {
    root.getStyleClass().addAll("apicflow", "export-sheet");
    if (dark) {
      root.getStyleClass().add("dark");
    }
    title.getStyleClass().add("sheet-title");
    subtitle.getStyleClass().add("sheet-subtitle");
    badge.getStyleClass().add("outcome");
    badge.setMinWidth(Region.USE_PREF_SIZE);
    where.getStyleClass().add("sheet-where");
    where.setMinWidth(Region.USE_PREF_SIZE);
    Region grow = new Region();
    HBox.setHgrow(grow, Priority.ALWAYS);
    VBox titles = new VBox(2, title, subtitle);
    HBox head = new HBox(12, titles, grow, where, badge);
    head.setAlignment(Pos.CENTER_LEFT);
    head.getStyleClass().add("sheet-head");
    grid.setHgap(12);
    grid.setVgap(12);
    Label legend =
        label(
            "IRR / ISR / TMR: a row per priority class (F on top, vector 0xN0 at the left);"
                + " filled = set · outlined = changed at this step · glow = the vector of interest",
            "sheet-legend");
    root.getChildren().addAll(head, grid, legend);
    scene = new Scene(root);
    scene.getStylesheets().add(org.apicflow.ui.StyleSheets.url(MainWindow.class, "app.css"));
    scene.getStylesheets().add(org.apicflow.ui.StyleSheets.url(SheetScene.class, "export.css"));
  }

  /** Columns for n tiles: one row up to 3, else 2 or 3 per row, whichever leaves fewer gaps. */
  static int columns(int n) {
    if (n <= 3) {
      return Math.max(1, n);
    }
    return n == 4 ? 2 : 3;
  }

  void add(Region tile, int index, int columns) {
    grid.add(tile, index % columns, index / columns);
  }

  static Label label(String text, String styleClass) {
    Label l = new Label(text);
    l.getStyleClass().add(styleClass);
    return l;
  }
}
