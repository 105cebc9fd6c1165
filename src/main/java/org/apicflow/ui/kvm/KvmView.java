package org.apicflow.ui.kvm;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.apicflow.trace.kvm.KvmText;
import org.apicflow.trace.kvm.KvmTrace;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The window's content for an imported KVM trace: vCPU cards (IRR, ISR, TMR with undecided bits
 * hatched), the IPI of the current event on the bus, the raw trace line with its decoded fields and
 * the narration where a scenario shows pseudo-C, and the timeline. Keys: Left/Right step,
 * Shift+Left/Right previous/next APIC event, I / Shift+I next/previous IPI, E / Shift+E
 * next/previous EOI, Home/End, F5 presenter mode.
 */
public final class KvmView extends BorderPane {
  private final KvmViewModel vm;
  private final Label fileLabel = new Label();
  private final Label summary = new Label();
  private final Label bus = new Label();
  private final FlowPane cardPane = new FlowPane(12, 12);
  private final List<KvmCard> cards = new ArrayList<>();
  private final Label where = new Label();
  private final Label raw = new Label();
  private final GridPane fields = new GridPane();
  private final Label narration = new Label();
  private final Label status = new Label();
  private final KvmTimeline timeline = new KvmTimeline();
  private final ScrollPane cardsScroll;

  public KvmView(KvmViewModel vm) {
    this.vm = vm;
    getStyleClass().add("apicflow");
    setTop(toolbar());

    bus.getStyleClass().add("kvm-bus");
    bus.setMaxWidth(Double.MAX_VALUE);
    bus.setPadding(new Insets(6, 10, 6, 10));
    cardPane.setPadding(new Insets(12));
    cardPane.getStyleClass().add("card-pane");
    cardsScroll = new ScrollPane(cardPane);
    cardsScroll.setFitToWidth(true);
    cardsScroll.viewportBoundsProperty().addListener((o, was, is) -> sizeCards());
    Label machineTitle = new Label("vCPUs, as far as the trace decides them (hatched: unknown)");
    machineTitle.getStyleClass().add("panel-title");
    VBox machine = new VBox(4, machineTitle, bus, cardsScroll);
    machine.getStyleClass().add("panel");
    VBox.setVgrow(cardsScroll, Priority.ALWAYS);

    Label codeTitle = new Label("Trace line");
    codeTitle.getStyleClass().add("panel-title");
    where.getStyleClass().add("code-location");
    raw.getStyleClass().addAll("mono", "kvm-raw");
    raw.setWrapText(true);
    raw.setPadding(new Insets(6));
    raw.setStyle("-fx-background-color: -color-bg-subtle; -fx-background-radius: 4;");
    raw.setMaxWidth(Double.MAX_VALUE);
    fields.setHgap(12);
    fields.setVgap(2);
    fields.getStyleClass().add("kvm-fields");
    narration.getStyleClass().add("narration");
    narration.setWrapText(true);
    narration.setStyle("-fx-font-size: 1.25em; -fx-font-weight: bold;");
    Label narrTitle = new Label("What it did");
    narrTitle.getStyleClass().add("step-title");
    VBox code = new VBox(8, codeTitle, where, raw, fields, narrTitle, narration);
    code.setPadding(new Insets(0, 10, 10, 10));
    code.getStyleClass().add("panel");
    ScrollPane codeScroll = new ScrollPane(code);
    codeScroll.setFitToWidth(true);
    codeScroll.setFitToHeight(true);

    SplitPane top = new SplitPane(machine, codeScroll);
    top.setDividerPositions(0.62);
    VBox timelineBox = new VBox(timeline);
    VBox.setVgrow(timeline, Priority.ALWAYS);
    timelineBox.getStyleClass().add("panel");
    SplitPane main = new SplitPane(top, timelineBox);
    main.setOrientation(Orientation.VERTICAL);
    main.setDividerPositions(0.78);
    setCenter(main);
    status.getStyleClass().add("status-bar");
    status.setMaxWidth(Double.MAX_VALUE);
    setBottom(status);

    timeline.onSeek(vm::seek);
    vm.traceProperty().addListener((o, was, t) -> setTrace(t));
    vm.frameProperty().addListener((o, was, f) -> show(f));
    if (vm.getTrace() != null) {
      setTrace(vm.getTrace());
      show(vm.getFrame());
    }
    addEventFilter(KeyEvent.KEY_PRESSED, this::key);
  }

  private ToolBar toolbar() {
    fileLabel.getStyleClass().add("outcome");
    Button home = button("", "Start (Home)", vm::home);
    home.setGraphic(new FontIcon(Feather.SKIP_BACK));
    Button back = button("", "Step back (Left)", vm::stepBack);
    back.setGraphic(new FontIcon(Feather.CHEVRON_LEFT));
    Button fwd = button("", "Step forward (Right)", vm::stepForward);
    fwd.setGraphic(new FontIcon(Feather.CHEVRON_RIGHT));
    Button end = button("", "End (End)", vm::toEnd);
    end.setGraphic(new FontIcon(Feather.SKIP_FORWARD));
    Button prevIpi =
        button(
            "\u25C0 IPI", "Previous IPI (Shift+I)", () -> vm.previous(KvmViewModel.MarkKind.IPI));
    Button nextIpi = button("IPI \u25B6", "Next IPI (I)", () -> vm.next(KvmViewModel.MarkKind.IPI));
    Button prevEoi =
        button(
            "\u25C0 EOI", "Previous EOI (Shift+E)", () -> vm.previous(KvmViewModel.MarkKind.EOI));
    Button nextEoi = button("EOI \u25B6", "Next EOI (E)", () -> vm.next(KvmViewModel.MarkKind.EOI));
    Region grow = new Region();
    HBox.setHgrow(grow, Priority.ALWAYS);
    ToolBar bar =
        new ToolBar(
            fileLabel, home, back, fwd, end, prevIpi, nextIpi, prevEoi, nextEoi, grow, summary);
    bar.getStyleClass().add("app-toolbar");
    return bar;
  }

  private static Button button(String text, String tip, Runnable r) {
    Button b = new Button(text);
    b.setTooltip(new Tooltip(tip));
    b.setOnAction(e -> r.run());
    b.setFocusTraversable(false);
    return b;
  }

  private void key(KeyEvent e) {
    boolean shift = e.isShiftDown();
    KeyCode k = e.getCode();
    switch (k) {
      case RIGHT -> {
        if (shift) {
          vm.next(KvmViewModel.MarkKind.ANY);
        } else {
          vm.stepForward();
        }
      }
      case LEFT -> {
        if (shift) {
          vm.previous(KvmViewModel.MarkKind.ANY);
        } else {
          vm.stepBack();
        }
      }
      case HOME -> vm.home();
      case END -> vm.toEnd();
      case I -> {
        if (shift) {
          vm.previous(KvmViewModel.MarkKind.IPI);
        } else {
          vm.next(KvmViewModel.MarkKind.IPI);
        }
      }
      case E -> {
        if (shift) {
          vm.previous(KvmViewModel.MarkKind.EOI);
        } else {
          vm.next(KvmViewModel.MarkKind.EOI);
        }
      }
      case F5 -> togglePresenter();
      default -> {
        return;
      }
    }
    e.consume();
  }

  /** Presenter mode: the stylesheet's larger type and contrast. */
  public void togglePresenter() {
    if (getStyleClass().contains("presenter")) {
      getStyleClass().remove("presenter");
    } else {
      getStyleClass().add("presenter");
    }
    sizeCards();
  }

  private boolean presenter() {
    return getStyleClass().contains("presenter");
  }

  /**
   * Grid cells as big as the card pane allows with every card in view (one card per row, or two
   * when they fit side by side), within limits; presenter mode allows larger ones.
   */
  private void sizeCards() {
    int n = Math.max(1, cards.size());
    double w = cardsScroll.getViewportBounds().getWidth();
    double h = cardsScroll.getViewportBounds().getHeight();
    double px = 8;
    if (w > 0 && h > 0) {
      double best = 0;
      for (int perRow = 1; perRow <= Math.min(n, 4); perRow++) {
        int rows = (n + perRow - 1) / perRow;
        double byH = ((h - 24) / rows - 12 * rows / (double) rows - 110) / 16;
        double byW = ((w - 24) / perRow - 12 - 70) / 3 / 16;
        best = Math.max(best, Math.min(byH, byW));
      }
      px = Math.floor(best);
    }
    px = Math.max(4, Math.min(px, presenter() ? 16 : 13));
    for (KvmCard c : cards) {
      c.setCellSize(px);
    }
    timeline.setTextScale(presenter() ? 1.4 : 1.0);
  }

  private void setTrace(KvmTrace t) {
    if (t == null) {
      return;
    }
    fileLabel.setText(t.file().getFileName().toString());
    var r = t.readResult();
    summary.setText(
        r.format().jsonName
            + " · "
            + t.size()
            + " KVM events · "
            + t.apicIds().size()
            + " vCPUs"
            + (r.malformedCount() > 0
                ? " · " + r.malformedCount() + " malformed lines skipped"
                : ""));
    cards.clear();
    cardPane.getChildren().clear();
    for (int i = 0; i < t.apicIds().size(); i++) {
      KvmCard c = new KvmCard();
      cards.add(c);
      cardPane.getChildren().add(c);
    }
    timeline.setTrace(t);
    sizeCards();
  }

  private void show(KvmViewModel.Frame f) {
    if (f == null) {
      return;
    }
    for (int i = 0; i < cards.size() && i < f.cards().size(); i++) {
      cards.get(i).show(f.cards().get(i));
    }
    KvmViewModel.Envelope env = f.envelope();
    if (env == null) {
      bus.setText("APIC bus: no IPI at this event");
      bus.setStyle("-fx-text-fill: -color-fg-muted;");
    } else {
      String from = env.from() >= 0 ? "vCPU " + env.from() : "a vCPU not identified";
      StringBuilder to = new StringBuilder();
      for (int t : env.to()) {
        to.append(to.length() == 0 ? "" : ", ").append("vCPU ").append(t);
      }
      bus.setText(
          "\u2709 "
              + env.label()
              + " IPI: "
              + from
              + " \u2192 "
              + (to.length() == 0 ? "no APIC accepted it (yet)" : to));
      String colour = env.mode() <= 1 ? "-af-mode-fixed" : "-af-mode-nmi";
      bus.setStyle(
          "-fx-text-fill: white; -fx-font-weight: bold; -fx-background-radius: 4;"
              + " -fx-background-color: "
              + colour
              + ";");
    }
    where.setText(f.where());
    raw.setText(f.rawLine().isEmpty() ? "(no event yet)" : f.rawLine());
    fields.getChildren().clear();
    int row = 0;
    for (KvmText.Field fd : f.fields()) {
      Label n = new Label(fd.name());
      n.getStyleClass().add("cpu-kernel");
      Label v = new Label(fd.value());
      v.getStyleClass().add("mono");
      fields.addRow(row++, n, v);
    }
    narration.setText(f.narration());
    status.setText(f.status());
    timeline.setPosition(f.position());
    setAlignment(bus, Pos.CENTER_LEFT);
  }
}
