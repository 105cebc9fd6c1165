package org.apicflow.ui.code;

import java.util.ArrayList;
import java.util.List;
import javafx.css.PseudoClass;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.shape.Rectangle;

/**
 * The code pane's lines: one row per line (a gutter with the diff mark, the code, wrapped under
 * itself when long), the lit line highlighted, scrolled so that it is in view with up to three
 * lines above it.
 *
 * <p>A function has tens of lines, so every line is a row of its own: no virtual list. A list view
 * re-styles and re-places its cells while it lays them out, which asked for another layout in the
 * next pulse, and that one for the next: a step's picture settled only about five pulses later.
 * Here moving the light changes colours only (no layout), and new lines or a scroll are laid out in
 * one pass.
 */
final class CodeLines extends Region {
  private static final PseudoClass LIT = PseudoClass.getPseudoClass("lit");
  private static final PseudoClass ADDED = PseudoClass.getPseudoClass("added");
  private static final PseudoClass REMOVED = PseudoClass.getPseudoClass("removed");

  /** Lines of context kept above the lit line when scrolling to it. */
  private static final int ABOVE = 3;

  private final List<HBox> rows = new ArrayList<>();
  private final ScrollBar bar = new ScrollBar();
  private final Rectangle clip = new Rectangle();
  private final Label placeholder;
  private List<CodeLine> lines = List.of();
  private int lit = -1;

  /** How far the lines are scrolled, in pixels. */
  private double offset;

  /** Whether the next layout brings the lit line into view. */
  private boolean reveal;

  private boolean settingBar;
  private double[] tops = new double[0];
  private double[] heights = new double[0];
  private double laidWidth = -1;
  private double laidView = -1;

  CodeLines(Label placeholder) {
    this.placeholder = placeholder;
    getStyleClass().add("code-list");
    setClip(clip);
    bar.setOrientation(Orientation.VERTICAL);
    bar.setVisible(false);
    // placed by this pane; their own changes (the placeholder's text, the bar's range) lay out only
    // themselves
    bar.setManaged(false);
    placeholder.setManaged(false);
    bar.valueProperty()
        .addListener(
            (o, was, is) -> {
              if (!settingBar) {
                offset = is.doubleValue();
                scrollOnly();
              }
            });
    setOnScroll(
        e -> {
          if (bar.isVisible()) {
            bar.setValue(Math.max(bar.getMin(), Math.min(bar.getMax(), offset - e.getDeltaY())));
            e.consume();
          }
        });
    getChildren().addAll(placeholder, bar);
  }

  /** Shows lines with line {@code lit} lit (-1: none). */
  void show(List<CodeLine> newLines, int newLit) {
    if (!newLines.equals(lines)) {
      lines = List.copyOf(newLines);
      while (rows.size() < lines.size()) {
        HBox row = row();
        rows.add(row);
        getChildren().add(getChildren().size() - 1, row);
      }
      while (rows.size() > lines.size()) {
        getChildren().remove(rows.remove(rows.size() - 1));
      }
      for (int i = 0; i < lines.size(); i++) {
        fill(rows.get(i), lines.get(i));
      }
      placeholder.setVisible(lines.isEmpty());
      lit = -1;
      offset = 0;
      laidWidth = -1;
      reveal = true;
      requestLayout();
    }
    if (newLit != lit) {
      if (lit >= 0 && lit < rows.size()) {
        rows.get(lit).pseudoClassStateChanged(LIT, false);
      }
      lit = newLit;
      if (lit >= 0 && lit < rows.size()) {
        rows.get(lit).pseudoClassStateChanged(LIT, true);
        if (!inView(lit)) {
          reveal = true;
          scrollOnly();
        }
      }
    }
  }

  private boolean keepMeasures;

  /** Lays the rows out again at their measured heights: only the scroll changed. */
  private void scrollOnly() {
    keepMeasures = true;
    requestLayout();
    keepMeasures = false;
  }

  /** A row's text or type changed (new lines, a style): measure the rows again. */
  @Override
  public void requestLayout() {
    if (!keepMeasures) {
      laidWidth = -1;
    }
    super.requestLayout();
  }

  /** The rows, one per line (for tests: what the pane shows). */
  List<HBox> rows() {
    return List.copyOf(rows);
  }

  private static HBox row() {
    Label gutter = new Label();
    gutter.getStyleClass().add("gutter");
    gutter.setMinWidth(Region.USE_PREF_SIZE);
    Label code = new Label();
    code.getStyleClass().add("code-text");
    // a long line wraps under itself: the lit line is never cut at the pane's edge
    code.setWrapText(true);
    code.setMinWidth(0);
    HBox.setHgrow(code, Priority.ALWAYS);
    HBox row = new HBox(gutter, code);
    row.getStyleClass().add("code-line");
    row.setAlignment(Pos.TOP_LEFT);
    return row;
  }

  private static void fill(HBox row, CodeLine item) {
    ((Label) row.getChildren().get(0))
        .setText(item.diff() == ' ' ? " " : String.valueOf(item.diff()));
    ((Label) row.getChildren().get(1)).setText("  ".repeat(item.depth()) + item.text());
    row.pseudoClassStateChanged(LIT, false);
    row.pseudoClassStateChanged(ADDED, item.diff() == '+');
    row.pseudoClassStateChanged(REMOVED, item.diff() == '-');
  }

  /** The height the lines' view has. */
  private double viewHeight() {
    return getHeight() - snappedTopInset() - snappedBottomInset();
  }

  /** Whether line i and the lines of context above it are in view as last laid out. */
  private boolean inView(int i) {
    if (laidWidth < 0 || i >= tops.length) {
      return false;
    }
    int above = Math.max(0, Math.min(i, Math.min(1, ABOVE)));
    double top = tops[i - above];
    return top >= offset - 0.5 && tops[i] + heights[i] <= offset + viewHeight() + 0.5;
  }

  @Override
  protected void layoutChildren() {
    double left = snappedLeftInset();
    double top = snappedTopInset();
    double width = getWidth() - left - snappedRightInset();
    double view = viewHeight();
    if (view != laidView) {
      // the story under the list grew or shrank: keep the lit line in view
      reveal = true;
      laidView = view;
    }
    clip.setWidth(getWidth());
    clip.setHeight(getHeight());
    placeholder.resizeRelocate(left, top, width, Math.min(view, placeholder.prefHeight(width)));
    double barWidth = bar.prefWidth(-1);
    boolean scroll = measure(width) > view;
    if (scroll) {
      measure(width - barWidth);
    }
    double total = tops.length == 0 ? 0 : tops[tops.length - 1] + heights[heights.length - 1];
    double most = Math.max(0, total - view);
    if (reveal && lit >= 0 && lit < tops.length && !inView(lit)) {
      // up to three lines above the lit line, fewer when the view is short: the lit line itself
      // never sits under the bottom edge
      int above = Math.min(lit, ABOVE);
      while (above > 0 && tops[lit] + heights[lit] - tops[lit - above] > view) {
        above--;
      }
      offset = tops[lit - above];
    }
    reveal = false;
    offset = Math.max(0, Math.min(offset, most));
    double rowWidth = scroll ? width - barWidth : width;
    for (int i = 0; i < rows.size(); i++) {
      rows.get(i).resizeRelocate(left, top + tops[i] - offset, rowWidth, heights[i]);
    }
    bar.setVisible(scroll);
    bar.resizeRelocate(left + width - barWidth, top, barWidth, view);
    settingBar = true;
    try {
      bar.setMin(0);
      bar.setMax(most);
      bar.setVisibleAmount(most <= 0 ? 1 : view / (total) * most);
      bar.setValue(offset);
    } finally {
      settingBar = false;
    }
  }

  /** Measures the rows at a width (again only when it changed); returns their total height. */
  private double measure(double width) {
    if (width != laidWidth || tops.length != rows.size()) {
      tops = new double[rows.size()];
      heights = new double[rows.size()];
      double y = 0;
      for (int i = 0; i < rows.size(); i++) {
        HBox row = rows.get(i);
        row.applyCss();
        tops[i] = y;
        heights[i] = snapSizeY(row.prefHeight(width));
        y += heights[i];
      }
      laidWidth = width;
    }
    return tops.length == 0 ? 0 : tops[tops.length - 1] + heights[heights.length - 1];
  }

  @Override
  protected double computePrefHeight(double width) {
    return snappedTopInset() + snappedBottomInset() + 5 * 20;
  }

  @Override
  protected double computePrefWidth(double height) {
    return 0;
  }
}
