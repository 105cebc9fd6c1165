package org.apicflow.ui;

import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.skin.ComboBoxListViewSkin;

/**
 * The skin of a toolbar drop-down whose list joins the scene only when it is needed: when the list
 * is first shown, or when {@link #join()} is called because the drop-down's width is to come from
 * its items. The default skin keeps the list in the drop-down, unmanaged, from the start, and
 * measures every item for the drop-down's width: for the toolbar's drop-downs that was three list
 * views with their scroll bars and measuring cells, styled and laid out unseen in the window's
 * first frame. A drop-down with this skin has its width set in the style sheet until it joins.
 */
final class LeanComboSkin<T> extends ComboBoxListViewSkin<T> {
  LeanComboSkin(ComboBox<T> combo) {
    super(combo);
    getChildren().remove(getPopupContent());
  }

  /**
   * Puts the list back where the default skin keeps it, unless it is in the scene already (in the
   * drop-down, or in its popup once shown); whether it did.
   */
  boolean join() {
    Node list = getPopupContent();
    if (list.getParent() != null) {
      return false;
    }
    getChildren().add(list);
    getSkinnable().requestLayout();
    return true;
  }

  @Override
  public void show() {
    if (join()) {
      // styled as the default skin has it before its first show; showing moves it into the popup
      getPopupContent().applyCss();
    }
    super.show();
  }
}
