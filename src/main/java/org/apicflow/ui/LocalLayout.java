package org.apicflow.ui;

import javafx.scene.layout.Region;

/**
 * A pane whose content lays itself out without laying out the window. When a label in the content
 * gets new text, JavaFX asks every ancestor up to the scene's root for a new layout, and each of
 * them measures its children again (the window's whole column of views, wrapped text included),
 * although the content's place and size do not change. Here the content is unmanaged: its layout
 * requests stop at it, it is laid out again in its own bounds, and this pane lays it out (places
 * and sizes it) only when this pane itself is resized.
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
