package org.apicflow.ui;

import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.layout.Region;

/**
 * A pane whose content lays itself out without laying out the window. When a label in the content
 * gets new text, JavaFX asks every ancestor up to the scene's root for a new layout, and each of
 * them measures its children again (the window's whole column of views, wrapped text included),
 * although the content's place and size do not change. Here the content is unmanaged: its layout
 * requests stop at it, it is laid out again in its own bounds, and this pane lays it out (places
 * and sizes it) only when this pane itself is resized.
 *
 * <p>Settled in the pulse that changed it: a box that moves or resizes a child while laying it out
 * (a wrapped label whose text grew a line pushes the labels under it down; a table's flow places
 * its rows) asks for another layout after this one, which would be made in the next pulse, with a
 * paint of its own. So once the scene is laid out, before anything is painted, this pane lays out
 * again whatever in its content still waits for a layout (at most {@value #SETTLE_PASSES} passes);
 * a box whose children are already in place lays out without moving them, so the pane settles.
 *
 * <p>For places where the content's size is decided from outside (a split pane's item, a growing
 * cell of a bar): the minimum, preferred and maximum sizes this pane reports are the content's as
 * they were when this pane was last laid out or asked, not as they change step by step.
 */
public class LocalLayout extends Region {
  private final Region content;

  public LocalLayout(Region content) {
    this.content = content;
    content.setManaged(false);
    getChildren().add(content);
    settleInPulse(content);
  }

  /** How many times a pulse lays a settling branch out again at most after the scene's layout. */
  static final int SETTLE_PASSES = 3;

  /**
   * Makes {@code branch} settle in the pulse that changed it: once the scene is laid out, before
   * anything is painted, whatever under it still waits for a layout is laid out again (at most
   * {@value #SETTLE_PASSES} passes). For a branch whose boxes move children while laying them out
   * (this pane's content; the machine view, which is laid out by its split pane).
   */
  public static void settleInPulse(Parent branch) {
    Runnable settle =
        () -> {
          for (int pass = 0; pass < SETTLE_PASSES && layOutWaiting(branch); pass++) {
            // laid out again: look once more, a pass may have left another request
          }
        };
    if (branch.getScene() != null) {
      branch.getScene().addPostLayoutPulseListener(settle);
    }
    branch
        .sceneProperty()
        .addListener(
            (o, was, is) -> {
              if (was != null) {
                was.removePostLayoutPulseListener(settle);
              }
              if (is != null) {
                is.addPostLayoutPulseListener(settle);
              }
            });
  }

  /**
   * Lays out the topmost parents under {@code p} (itself included) that wait for a layout, each of
   * which lays out its branch; true if any did.
   */
  static boolean layOutWaiting(Parent p) {
    if (p.isNeedsLayout()) {
      p.layout();
      return true;
    }
    boolean any = false;
    for (Node n : p.getChildrenUnmodifiable()) {
      if (n instanceof Parent c && layOutWaiting(c)) {
        any = true;
      }
    }
    return any;
  }

  /** The pane laid out inside. */
  public Region content() {
    return content;
  }

  @Override
  protected void layoutChildren() {
    content.resizeRelocate(
        snappedLeftInset(),
        snappedTopInset(),
        getWidth() - snappedLeftInset() - snappedRightInset(),
        getHeight() - snappedTopInset() - snappedBottomInset());
  }

  @Override
  protected double computeMinWidth(double height) {
    return content.minWidth(height) + snappedLeftInset() + snappedRightInset();
  }

  @Override
  protected double computeMinHeight(double width) {
    return content.minHeight(width) + snappedTopInset() + snappedBottomInset();
  }

  @Override
  protected double computePrefWidth(double height) {
    return content.prefWidth(height) + snappedLeftInset() + snappedRightInset();
  }

  @Override
  protected double computePrefHeight(double width) {
    return content.prefHeight(width) + snappedTopInset() + snappedBottomInset();
  }

  @Override
  protected double computeMaxWidth(double height) {
    return content.maxWidth(height);
  }

  @Override
  protected double computeMaxHeight(double width) {
    return content.maxHeight(width);
  }
}
