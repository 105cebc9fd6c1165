package org.apicflow.ui.export;

import java.util.function.Supplier;
import javafx.scene.Scene;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.layout.Region;
import org.apicflow.trace.Trace;
import org.apicflow.ui.MainViewModel;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** The window's Export command (toolbar button, Ctrl+E): the dialog on the run shown. */
public final class ExportAction {
  private ExportAction() {}

  /**
   * Opens the export dialog for what the window shows: its run, step, theme, presenter mode and
   * size. Does nothing while no run is loaded.
   *
   * @return the dialog, or null when there is nothing to export yet
   */
  public static ExportDialog open(MainViewModel vm, Scene scene) {
    return open(vm, scene, ExportKind.PICTURE);
  }

  /**
   * The toolbar's Export menu: an item per kind of export, each opening the dialog with that kind
   * chosen. Disabled while a run loads.
   */
  public static MenuButton menuButton(MainViewModel vm, Supplier<Scene> scene) {
    MenuButton b = new MenuButton(null, new FontIcon(Feather.SHARE));
    b.setId("export");
    org.apicflow.ui.machine.LazyTip.install(
        b, t -> t.setText("Export pictures, frames, an animation or the trace (Ctrl+E)"));
    b.setFocusTraversable(false);
    b.setMinWidth(Region.USE_PREF_SIZE);
    b.disableProperty().bind(vm.busyProperty());
    for (ExportKind k : ExportKind.values()) {
      MenuItem item = new MenuItem(k.label() + "…");
      item.setId("export-" + k.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
      item.setOnAction(e -> open(vm, scene.get(), k));
      b.getItems().add(item);
    }
    return b;
  }

  /** Opens the dialog with a kind of export chosen. */
  public static ExportDialog open(MainViewModel vm, Scene scene, ExportKind kind) {
    Trace t = vm.playback().getTrace();
    if (t == null || vm.getScenario() == null || vm.choiceProperty().get() == null || vm.isBusy()) {
      return null;
    }
    ExportDialogModel.Source source =
        new ExportDialogModel.Source(
            vm.choiceProperty().get(),
            vm.getScenario(),
            t.fix(),
            t,
            vm.playback().getPosition(),
            vm.darkProperty().get(),
            vm.presenterProperty().get(),
            new ViewState(
                vm.machine().pinnedCpuProperty().get(),
                vm.timeline().axisModeProperty().get()
                    == org.apicflow.ui.timeline.TimelineViewModel.AxisMode.STEPS,
                vm.timeline().viewStartProperty().get(),
                vm.timeline().viewEndProperty().get()),
            (int) Math.round(Math.max(640, Math.min(3840, scene.getWidth()))),
            (int) Math.round(Math.max(400, Math.min(2160, scene.getHeight()))));
    ExportDialogModel model = new ExportDialogModel(source, ExportDialogModel.defaultFolder());
    model.kindProperty().set(kind);
    if (scene.lookup("#compare-view") instanceof org.apicflow.ui.compare.CompareView cv) {
      // opened from the compare view: its grid, with the quirk settings it lines up
      model.viewProperty().set(ExportView.COMPARE);
      org.apicflow.apic.Quirk q = cv.model().getLineup();
      if (q != null) {
        model
            .lineupProperty()
            .set(
                new QuirkLineup(
                    q,
                    cv.model().options().stream()
                        .filter(org.apicflow.ui.compare.FixChoice::isSelected)
                        .map(org.apicflow.ui.compare.FixChoice::name)
                        .toList()));
      }
    }
    ExportDialog d = new ExportDialog(model, scene.getWindow(), scene.getStylesheets());
    d.show();
    return d;
  }
}
