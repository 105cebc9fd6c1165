package org.apicflow.ui.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import javafx.css.PseudoClass;
import javafx.css.StyleOrigin;
import javafx.css.StyleableProperty;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Background;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.paint.LinearGradient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * While an export picture is taken at scale 1 no region of it can be drawn from JavaFX's shared
 * cache of region backgrounds (the cache takes a background of two or more solid or linear fills,
 * or a shape marked for caching); afterwards every region has its own background back, with its
 * style origin, and the style sheets go on styling it.
 */
class DirectBackgroundsTest {
  @BeforeAll
  static void start() throws Exception {
    org.testfx.api.FxToolkit.registerPrimaryStage();
  }

  private static final PseudoClass HOVER = PseudoClass.getPseudoClass("hover");

  @Test
  void noRegionIsCacheableWhileThePictureIsTakenAndEachIsAsBeforeAfterIt() throws Exception {
    FxRuntime.call(
        () -> {
          Button button = new Button("Step");
          ComboBox<String> speed = new ComboBox<>();
          speed.getItems().add("1x");
          speed.getSelectionModel().select(0);
          CheckBox check = new CheckBox("on");
          check.setSelected(true);
          VBox root = new VBox(8, button, speed, check);
          new Scene(root, 200, 160);
          root.applyCss();
          root.layout();
          List<Region> regions = new ArrayList<>();
          collect(root, regions);
          Map<Region, Background> backgrounds = new IdentityHashMap<>();
          Map<Region, StyleOrigin> origins = new IdentityHashMap<>();
          Map<Region, Boolean> cacheShapes = new IdentityHashMap<>();
          int cacheable = 0;
          for (Region r : regions) {
            backgrounds.put(r, r.getBackground());
            origins.put(r, origin(r));
            cacheShapes.put(r, r.isCacheShape());
            cacheable += cacheable(r) ? 1 : 0;
          }
          // the controls' own style (the theme) gives several cacheable backgrounds and shapes
          assertThat(cacheable).isGreaterThan(3);

          int[] during = {-1};
          WritableImage img =
              DirectBackgrounds.taken(
                  root,
                  1,
                  () -> {
                    int n = 0;
                    for (Region r : regions) {
                      n += cacheable(r) ? 1 : 0;
                    }
                    during[0] = n;
                    return root.snapshot(null, null);
                  });
          assertThat(img.getWidth()).isPositive();
          assertThat(during[0]).isZero();
          for (Region r : regions) {
            assertThat(r.getBackground()).isSameAs(backgrounds.get(r));
            assertThat(origin(r)).isEqualTo(origins.get(r));
            assertThat(r.isCacheShape()).isEqualTo(cacheShapes.get(r));
          }

          // the style sheets still decide: a state change restyles the button as before
          Background plain = button.getBackground();
          button.pseudoClassStateChanged(HOVER, true);
          root.applyCss();
          assertThat(button.getBackground()).isNotEqualTo(plain);

          // at another scale the cache is not used: nothing is changed at all
          for (Region r : regions) {
            backgrounds.put(r, r.getBackground());
          }
          List<Region> changed = new ArrayList<>();
          DirectBackgrounds.taken(
              root,
              2,
              () -> {
                for (Region r : regions) {
                  if (r.getBackground() != backgrounds.get(r)
                      || r.isCacheShape() != cacheShapes.get(r)) {
                    changed.add(r);
                  }
                }
                return null;
              });
          assertThat(changed).isEmpty();
          return null;
        });
  }

  private static void collect(Node n, List<Region> out) {
    if (n instanceof Region r) {
      out.add(r);
    }
    if (n instanceof Parent p) {
      for (Node c : p.getChildrenUnmodifiable()) {
        collect(c, out);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static StyleOrigin origin(Region r) {
    return ((StyleableProperty<Background>) r.backgroundProperty()).getStyleOrigin();
  }

  /** What JavaFX's region cache would take at a plain translation. */
  private static boolean cacheable(Region r) {
    Background b = r.getBackground();
    if (b == null || b.getFills().isEmpty()) {
      return false;
    }
    boolean solid = true;
    for (BackgroundFill f : b.getFills()) {
      solid &= f.getFill() instanceof Color || f.getFill() instanceof LinearGradient;
    }
    if (r.getShape() != null) {
      return r.isCacheShape();
    }
    return solid && b.getFills().size() > 1;
  }
}
