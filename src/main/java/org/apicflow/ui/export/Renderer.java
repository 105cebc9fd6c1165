package org.apicflow.ui.export;

import javafx.application.Application;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.transform.Transform;

/**
 * Draws frames of an export off screen. Built and called on the FX thread only; the caller encodes
 * and writes the images off it.
 */
interface Renderer {
  /** Draws the frame at a shot. */
  WritableImage render(Shot shot);

  /**
   * Opens the renderer for a spec. Called off the FX thread: some renderers wait for a run to load.
   */
  static Renderer open(ExportSpec spec) throws Exception {
    FxRuntime.call(
        () -> {
          // a script owns the theme; in the app the window's theme stays (the spec asks for it)
          if (FxRuntime.ownsToolkit() || Application.getUserAgentStylesheet() == null) {
            Themes.apply(spec.dark());
          }
          return null;
        });
    return switch (spec.view()) {
      case WINDOW, MACHINE, TIMELINE, CODE -> WindowRenderer.open(spec);
      case COMPARE -> CompareRenderer.open(spec);
      case CONTACT_SHEET -> ContactSheetRenderer.open(spec);
    };
  }

  /**
   * A snapshot of a node at a scale. Layout runs a few times first: views that size their children
   * from their own width (the machine view) settle in the second pass, as they would over a few
   * pulses on screen.
   */
  static WritableImage snapshot(Parent root, int scale, boolean dark) {
    return snapshot(root, root, scale, dark, 0, 0, 0);
  }

  /** Before the frames of an animation: make every frame the same size. */
  default void sizeFor(java.util.List<Shot> shots) {}

  /**
   * A sheet (a root of our own, sized to its content) as {@link #snapshot(Parent, int, boolean)},
   * {@code height} tall: frames of an animation must all be one size.
   */
  static WritableImage snapshot(Parent root, int scale, boolean dark, double height) {
    return snapshot(root, root, scale, dark, 0, 0, height);
  }

  /** Where a sheet's content ends as it would be drawn now. */
  static double contentHeight(Region root) {
    settle(root, 0, 0);
    SnapshotParameters p = new SnapshotParameters();
    p.setTransform(Transform.scale(0.02, 0.02)); // the layout is what counts, not the pixels
    root.snapshot(p, null);
    return contentBottom(root);
  }

  /**
   * A snapshot of {@code node}, a node of the scene under {@code root}, with the root laid out at
   * {@code width} x {@code height} (a window size); 0 x 0 lays it out at its preferred size.
   */
  static WritableImage snapshot(
      Parent root, Node node, int scale, boolean dark, double width, double height) {
    return snapshot(root, node, scale, dark, width, height, 0);
  }

  private static WritableImage snapshot(
      Parent root,
      Node node,
      int scale,
      boolean dark,
      double width,
      double height,
      double sheetHeight) {
    // before the first CSS pass a split pane's items are not in the scene yet: settle the root
    settle(root, width, height);
    // The size as settled: a scene with no window of its own resizes its root to the preferred
    // size again while taking the snapshot, which for a sheet is too tall (see settle).
    Bounds b = node.getLayoutBounds();
    double w = b.getWidth();
    double h = b.getHeight();
    SnapshotParameters p = new SnapshotParameters();
    p.setTransform(Transform.scale(scale, scale));
    p.setFill(dark ? Color.web("#0d1117") : Color.WHITE);
    p.setViewport(
        new javafx.geometry.Rectangle2D(
            Math.floor(b.getMinX() * scale),
            Math.floor(b.getMinY() * scale),
            Math.round(w * scale),
            Math.round(h * scale)));
    // drawn without the shared cache of region backgrounds: the same pixels whatever it holds
    WritableImage img = DirectBackgrounds.taken(node, scale, () -> node.snapshot(p, null));

    if (height <= 0 && node == root && root instanceof Region r) {
      // A scene with no window lays its root out at its preferred height while taking the
      // snapshot, and a grid of wrapping views asks for more than its rows take: end the image
      // where the content ends, as laid out for the snapshot (or at the height asked for).
      double end = sheetHeight > 0 ? sheetHeight : contentBottom(r);
      int bottom = (int) Math.ceil(end * scale);
      int iw = (int) img.getWidth();
      if (bottom > 0 && bottom < img.getHeight()) {
        img = new WritableImage(img.getPixelReader(), iw, bottom);
      } else if (bottom > img.getHeight()) {
        WritableImage taller = new WritableImage(iw, bottom);
        javafx.scene.paint.Color bg = img.getPixelReader().getColor(0, (int) img.getHeight() - 1);
        for (int y = 0; y < bottom; y++) {
          for (int x = 0; x < iw; x++) {
            taller.getPixelWriter().setColor(x, y, bg);
          }
        }
        taller
            .getPixelWriter()
            .setPixels(0, 0, iw, (int) img.getHeight(), img.getPixelReader(), 0, 0);
        img = taller;
      }
    }
    return img;
  }

  /**
   * Lays the scene out until it stops changing (at most 10 passes). Off screen no window sizes the
   * root, so this sizes it: to the window size, or to its preferred size for a sheet. Views that
   * size their children from their own width (the machine view) settle over a few passes, as they
   * would over a few pulses on screen.
   */
  private static void settle(Parent root, double width, double height) {
    java.util.List<Double> last = java.util.List.of();
    for (int i = 0; i < SETTLE_PASSES; i++) {
      java.util.List<Double> now = settlePass(root, width, height);
      if (now.equals(last)) {
        return;
      }
      last = now;
    }
  }

  /** The most layout passes {@link #settle} makes. */
  int SETTLE_PASSES = 10;

  /**
   * One pass of {@link #settle}: CSS, the root sized, layout; returns the shape of the top of the
   * scene (bounds of the nodes four levels deep), which stops changing once the scene has settled.
   */
  static java.util.List<Double> settlePass(Parent root, double width, double height) {
    root.applyCss();
    if (root instanceof Region r) {
      double w = width > 0 ? width : r.prefWidth(-1);
      double h = height > 0 ? height : r.prefHeight(w);
      r.resize(w, h);
    }
    root.layout();
    java.util.List<Double> now = new java.util.ArrayList<>();
    shape(root, 0, now);
    return now;
  }

  /**
   * The frame at a shot in slices for {@link FramePacer}: by default the whole frame in one slice.
   */
  default FramePacer.Slices<WritableImage> slices(Shot shot) {
    return new FramePacer.Slices<>() {
      private WritableImage image;

      @Override
      public boolean step() {
        image = render(shot);
        return true;
      }

      @Override
      public WritableImage result() {
        return image;
      }
    };
  }

  private static void shape(Node n, int depth, java.util.List<Double> out) {
    Bounds b = n.getBoundsInParent();
    out.add(b.getMinX());
    out.add(b.getMinY());
    out.add(b.getWidth());
    out.add(b.getHeight());
    if (depth < 4 && n instanceof Parent p) {
      for (Node c : p.getChildrenUnmodifiable()) {
        shape(c, depth + 1, out);
      }
    }
  }

  /** Where a sheet's content ends: the lowest of its children's children, plus the padding. */
  private static double contentBottom(Region r) {
    double bottom = 0;
    for (Node c : r.getChildrenUnmodifiable()) {
      double inner = c.getLayoutBounds().getHeight();
      if (c instanceof Parent p && !p.getChildrenUnmodifiable().isEmpty()) {
        inner = 0;
        for (Node g : p.getChildrenUnmodifiable()) {
          inner = Math.max(inner, g.getBoundsInParent().getMaxY());
        }
      }
      bottom = Math.max(bottom, c.getLayoutY() + inner);
    }
    return Math.ceil(bottom + r.getInsets().getBottom());
  }
}
