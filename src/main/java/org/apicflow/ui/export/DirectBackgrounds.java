package org.apicflow.ui.export;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javafx.css.StyleOrigin;
import javafx.css.StyleableProperty;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.layout.Background;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.CornerRadii;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.CycleMethod;
import javafx.scene.paint.LinearGradient;
import javafx.scene.paint.Paint;
import javafx.scene.paint.RadialGradient;
import javafx.scene.paint.Stop;

/**
 * Export pictures drawn without JavaFX's shared cache of region backgrounds.
 *
 * <p>At a plain translation (scale 1) JavaFX draws a region background of two or more solid fills,
 * and a region shape, from one texture shared by everything drawn since the toolkit started, keyed
 * by an int hash of its size and fills; a key already taken by another background, or what lies
 * next to the entry in that texture, makes the same background come out a row different in one
 * picture and not in the next. Scaled pictures never use the cache. So while a picture is taken,
 * every region of it gets a background the cache declines (its fills and one more, a transparent
 * radial gradient, which draws nothing) and a shape marked not for caching; then each gets its own
 * back, with the style origin it had, so the scene's styling and layout are as before. The pictures
 * are then the same whatever the cache holds, as at scale 2.
 */
final class DirectBackgrounds {
  /** The extra fill: the cache takes only solid and linear fills, and this one draws nothing. */
  private static final Paint NOTHING =
      new RadialGradient(
          0,
          0,
          0.5,
          0.5,
          0.5,
          true,
          CycleMethod.NO_CYCLE,
          new Stop(0, Color.TRANSPARENT),
          new Stop(1, Color.TRANSPARENT));

  private static final BackgroundFill NOTHING_FILL =
      new BackgroundFill(NOTHING, CornerRadii.EMPTY, Insets.EMPTY);

  private DirectBackgrounds() {}

  /**
   * {@code picture}'s result, taken with every region under {@code root} drawn directly; with
   * {@code scale} other than 1 the cache is not used anyway and nothing is changed.
   */
  static <T> T taken(Node root, int scale, Supplier<T> picture) {
    if (scale != 1) {
      return picture.get();
    }
    List<Runnable> undo = new ArrayList<>();
    try {
      bypass(root, undo);
      return picture.get();
    } finally {
      for (int i = undo.size() - 1; i >= 0; i--) {
        undo.get(i).run();
      }
    }
  }

  private static void bypass(Node n, List<Runnable> undo) {
    if (n instanceof Region r) {
      Background b = r.getBackground();
      boolean shaped = r.getShape() != null && r.isCacheShape();
      if (b != null && !b.getFills().isEmpty() && (shaped || b.getFills().size() > 1)) {
        if (shaped) {
          // set first: the shape reaches the peer before the background, which decides
          set(r.cacheShapeProperty(), false, undo);
        }
        if (shaped || cacheable(b)) {
          // a new background (the cache is decided when one is set): its fills and one more
          List<BackgroundFill> fills = new ArrayList<>(b.getFills().size() + 1);
          fills.add(NOTHING_FILL);
          fills.addAll(b.getFills());
          set(r.backgroundProperty(), new Background(fills, b.getImages()), undo);
        }
      }
    }
    if (n instanceof Parent p) {
      for (Node c : p.getChildrenUnmodifiable()) {
        bypass(c, undo);
      }
    }
  }

  /** Only solid and linear fills: the kind of background the cache would take. */
  private static boolean cacheable(Background b) {
    for (BackgroundFill f : b.getFills()) {
      if (!(f.getFill() instanceof Color) && !(f.getFill() instanceof LinearGradient)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Sets {@code property} with the style origin it has (so styling goes on as before) and adds what
   * puts back its value and origin to {@code undo}.
   */
  @SuppressWarnings("unchecked")
  private static <T> void set(
      javafx.beans.property.ObjectProperty<T> property, T value, List<Runnable> undo) {
    StyleableProperty<T> s = (StyleableProperty<T>) property;
    StyleOrigin origin = s.getStyleOrigin();
    T before = property.get();
    s.applyStyle(origin, value);
    undo.add(() -> s.applyStyle(origin, before));
  }

  @SuppressWarnings("unchecked")
  private static void set(
      javafx.beans.property.BooleanProperty property, boolean value, List<Runnable> undo) {
    StyleableProperty<Boolean> s = (StyleableProperty<Boolean>) property;
    StyleOrigin origin = s.getStyleOrigin();
    boolean before = property.get();
    s.applyStyle(origin, value);
    undo.add(() -> s.applyStyle(origin, before));
  }
}
