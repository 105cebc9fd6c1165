package org.apicflow.ui.machine;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;

/** One CPU card's view model: the card state at the cursor, and whether the card is selected. */
public final class CpuCardViewModel {
  private final int cpu;
  private final ReadOnlyObjectWrapper<CpuCardState> state = new ReadOnlyObjectWrapper<>();
  private final BooleanProperty selected = new SimpleBooleanProperty();
  private final IntegerProperty focusVector = new SimpleIntegerProperty(-1);

  public CpuCardViewModel(int cpu) {
    this.cpu = cpu;
  }

  public int cpu() {
    return cpu;
  }

  public ReadOnlyObjectProperty<CpuCardState> stateProperty() {
    return state.getReadOnlyProperty();
  }

  public CpuCardState getState() {
    return state.get();
  }

  /** A state equal to the one shown changes nothing: the card is not touched. */
  void setState(CpuCardState s) {
    if (s != null && s.equals(state.get())) {
      return;
    }
    state.set(s);
  }

  public BooleanProperty selectedProperty() {
    return selected;
  }

  /** The vector of interest, glowing in the grids (-1 for none). */
  public IntegerProperty focusVectorProperty() {
    return focusVector;
  }
}
