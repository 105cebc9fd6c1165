package org.apicflow.ui.quirks;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.apicflow.apic.Quirk;
import org.apicflow.apic.Quirks;
import org.apicflow.scenario.Scenario;
import org.apicflow.ui.MainViewModel;

/**
 * The Machine panel's state: one row per quirk with the option in effect and the option the
 * scenario file has. Choosing another option re-simulates the open run (through {@link
 * MainViewModel#setQuirks}); the row then reads as changed.
 */
public final class MachinePanelModel {

  /** One quirk of the open run. */
  public static final class Row {
    private final Quirk quirk;
    private final ReadOnlyStringWrapper option = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper fileOption = new ReadOnlyStringWrapper();

    Row(Quirk quirk) {
      this.quirk = quirk;
    }

    public Quirk quirk() {
      return quirk;
    }

    /** The option in effect. */
    public ReadOnlyStringProperty optionProperty() {
      return option.getReadOnlyProperty();
    }

    /** The option the scenario file sets (or the default). */
    public ReadOnlyStringProperty fileOptionProperty() {
      return fileOption.getReadOnlyProperty();
    }

    public boolean changed() {
      return option.get() != null && !option.get().equals(fileOption.get());
    }

    /** "what it does · who behaves this way" of the option in effect. */
    public String explanation() {
      return quirk
          .option(option.get())
          .map(o -> "In effect: " + o.behaviour() + ". Behaves so: " + o.implementations() + ".")
          .orElse("");
    }
  }

  private final MainViewModel vm;
  private final List<Row> rows = new ArrayList<>();
  private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("");

  public MachinePanelModel(MainViewModel vm) {
    this.vm = vm;
    for (Quirk q : Quirk.values()) {
      rows.add(new Row(q));
    }
    vm.scenarioProperty().addListener((o, was, is) -> refresh());
    vm.fileQuirksProperty().addListener((o, was, is) -> refresh());
    refresh();
  }

  public List<Row> rows() {
    return List.copyOf(rows);
  }

  public Row row(Quirk q) {
    return rows.get(q.ordinal());
  }

  public ReadOnlyStringProperty titleProperty() {
    return title.getReadOnlyProperty();
  }

  /** Re-simulates the open run with one quirk set to another option. */
  public void choose(Quirk q, String option) {
    Scenario s = vm.getScenario();
    if (s == null || option == null || option.equals(s.quirks().get(q))) {
      return;
    }
    vm.setQuirks(s.quirks().with(q, option));
  }

  /** Back to the settings of the scenario file. */
  public void reset() {
    Quirks file = vm.fileQuirksProperty().get();
    if (file != null) {
      vm.setQuirks(file);
    }
  }

  public boolean anyChanged() {
    return rows.stream().anyMatch(Row::changed);
  }

  private void refresh() {
    Scenario s = vm.getScenario();
    Quirks file = vm.fileQuirksProperty().get();
    for (Row r : rows) {
      r.option.set(s == null ? r.quirk.defaultOption() : s.quirks().get(r.quirk));
      r.fileOption.set(file == null ? r.option.get() : file.get(r.quirk));
    }
    title.set(s == null ? "Machine" : "Machine — " + s.id() + (anyChanged() ? " (changed)" : ""));
  }
}
