package org.apicflow.ui.compare;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/** A fix in the compare chooser: its name, its title, and whether it is compared. */
public final class FixChoice {
  private final String name;
  private final String title;
  private final BooleanProperty selected;

  public FixChoice(String name, String title, boolean selected) {
    this.name = name;
    this.title = title;
    this.selected = new SimpleBooleanProperty(this, "selected", selected);
  }

  public String name() {
    return name;
  }

  public String title() {
    return title;
  }

  public BooleanProperty selectedProperty() {
    return selected;
  }

  public boolean isSelected() {
    return selected.get();
  }

  @Override
  public String toString() {
    return name;
  }
}
