package org.apicflow.ui.export;

import java.util.List;
import javafx.geometry.Bounds;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.scene.transform.Transform;

/**
 * {@link Renderer#snapshot(Parent, Node, int, boolean, double, double)} for a window-sized frame,
 * in slices for {@link FramePacer}: a first step of the caller's (the seek), then one layout pass
 * per slice until the scene has settled, then the picture in horizontal bands, one band per slice.
 * Gives the very pixels of the one-piece snapshot: the same layout passes in the same order, and
 * each band is drawn with a margin of rows above and below it (within the picture) that is then
 * dropped, so blurred shadows and other effects that reach across a band's edge are drawn as in the
 * whole picture.
 */
final class SlicedSnapshot implements FramePacer.Slices<WritableImage> {
  /**
   * Rows of the picture per band, at scale 1. Band and margin are multiples of 64 rows, so every
   * band starts on the rows where the one-piece picture's rasteriser starts its tiles.
   */
  static final int BAND = 256;

  /**
   * Rows drawn above and below a band and dropped, at scale 1: more than any shadow or effect in
   * the views reaches.
   */
  static final int MARGIN = 64;

  private final Runnable first;
  private final Runnable eachSlice;
  private final Parent root;
  private final Node node;
  private final int scale;
  private final boolean dark;
  private final double width;
  private final double height;

  private boolean firstDone;
  private int passes;
  private List<Double> last = List.of();
  private boolean settled;
  private Rectangle2D viewport;
  private WritableImage image;
  private int row;

  /**
   * A window-sized frame ({@code width} and {@code height} above 0); {@code first} runs first, and
   * {@code eachSlice} at the start of every slice (to hold animations at rest).
   */
  SlicedSnapshot(
      Runnable first,
      Runnable eachSlice,
      Parent root,
      Node node,
      int scale,
      boolean dark,
      double width,
      double height) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("a sliced snapshot needs a window size");
    }
    this.first = first;
    this.eachSlice = eachSlice;
    this.root = root;
    this.node = node;
    this.scale = scale;
    this.dark = dark;
    this.width = width;
    this.height = height;
  }

  @Override
  public boolean step() {
    eachSlice.run();
    if (!firstDone) {
      first.run();
      firstDone = true;
      return false;
    }
    if (!settled) {
      List<Double> now = Renderer.settlePass(root, width, height);
      passes++;
      settled = now.equals(last) || passes == Renderer.SETTLE_PASSES;
      last = now;
      if (settled) {
        start();
      }
      return false;
    }
    int rows = (int) viewport.getHeight();
    int end = Math.min(rows, row + BAND * scale);
    int from = Math.max(0, row - MARGIN * scale);
    int to = Math.min(rows, end + MARGIN * scale);
    SnapshotParameters p = parameters();
    p.setViewport(
        new Rectangle2D(
            viewport.getMinX(), viewport.getMinY() + from, viewport.getWidth(), to - from));
    WritableImage band = DirectBackgrounds.taken(node, scale, () -> node.snapshot(p, null));
    image
        .getPixelWriter()
        .setPixels(
            0, row, (int) viewport.getWidth(), end - row, band.getPixelReader(), 0, row - from);
    row = end;
    return row >= rows;
  }

  /** The viewport as the one-piece snapshot takes it, from the settled layout. */
  private void start() {
    Bounds b = node.getLayoutBounds();
    viewport =
        new Rectangle2D(
            Math.floor(b.getMinX() * scale),
            Math.floor(b.getMinY() * scale),
            Math.round(b.getWidth() * scale),
            Math.round(b.getHeight() * scale));
    image = new WritableImage((int) viewport.getWidth(), (int) viewport.getHeight());
  }

  private SnapshotParameters parameters() {
    SnapshotParameters p = new SnapshotParameters();
    p.setTransform(Transform.scale(scale, scale));
    p.setFill(dark ? Color.web("#0d1117") : Color.WHITE);
    return p;
  }

  @Override
  public WritableImage result() {
    return image;
  }
}
