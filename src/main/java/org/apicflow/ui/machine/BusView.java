package org.apicflow.ui.machine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import javafx.css.PseudoClass;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.shape.Line;

/**
 * The shared APIC bus under the CPU cards: a line with a stub to each card column, and the messages
 * on it as labelled envelopes coloured by delivery mode. A message in transit sits between its
 * sender and its target by the fraction of its latency gone; a waiting one sits at its target.
 */
public final class BusView extends Pane {
  private static final PseudoClass FOCUS = PseudoClass.getPseudoClass("focus");
  private static final PseudoClass WAITING = PseudoClass.getPseudoClass("waiting");
  private final Region line = new Region();
  private final Label name = new Label("APIC bus");
  private final List<Line> stubs = new ArrayList<>();
  private final List<Label> envelopes = new ArrayList<>();
  private List<Envelope> model = List.of();
  private IntToDoubleFunction cardX = i -> 0;
  private int cpuCount;
  private final List<Line> deviceStubs = new ArrayList<>();
  private final List<javafx.scene.Node> deviceNodes = new ArrayList<>();
  private final List<Label> deviceLabels = new ArrayList<>();
  private final List<Line> deviceLinks = new ArrayList<>();
  private final List<javafx.scene.shape.Polygon> deviceHeads = new ArrayList<>();
  private List<DeviceMessage> deviceModel = List.of();
  private java.util.function.ToDoubleFunction<String> deviceX = d -> Double.NaN;

  public BusView() {
    getStyleClass().add("bus");
    line.getStyleClass().add("bus-line");
    name.getStyleClass().add("bus-name");
    // the bus places every line and label itself (envelopes move along it at every step): its
    // children are unmanaged, so moving one while the bus lays it out does not ask the machine for
    // another layout after this one; the bus's own height is fixed
    getChildren()
        .addListener(
            (javafx.collections.ListChangeListener<javafx.scene.Node>)
                c -> {
                  while (c.next()) {
                    for (javafx.scene.Node n : c.getAddedSubList()) {
                      n.setManaged(false);
                    }
                  }
                });
    getChildren().addAll(line, name);
    getStylesheets()
        .add(
            org.apicflow.ui.StyleSheets.url(
                BusView.class, "/org/apicflow/ui/machine/device-cards.css"));
    setMinHeight(38);
    setPrefHeight(38);
  }

  /** Where each CPU's card column is, in this pane's x coordinates. */
  public void setCardX(int cpuCount, IntToDoubleFunction x) {
    this.cpuCount = cpuCount;
    this.cardX = x;
    requestLayout();
  }

  /**
   * Where the IO-APIC's and the 8259s' cards are ({@code "ioapic"}, {@code "pic"}), in this pane's
   * x coordinates; NaN when not shown.
   */
  public void setDeviceX(java.util.function.ToDoubleFunction<String> x) {
    this.deviceX = x;
    requestLayout();
  }

  /**
   * The device messages of this step: each a connector along the bus from its device's drop to its
   * CPU's (or back, for the EOI broadcast) with a label in the envelopes' colours.
   */
  public void setDeviceMessages(List<DeviceMessage> list) {
    if (list.equals(deviceModel)) {
      return;
    }
    deviceModel = list;
    getChildren().removeAll(deviceNodes);
    deviceNodes.clear();
    deviceLabels.clear();
    deviceLinks.clear();
    deviceHeads.clear();
    for (DeviceMessage m : list) {
      Line link = new Line();
      link.getStyleClass().addAll("device-link", m.modeClass());
      javafx.scene.shape.Polygon head = new javafx.scene.shape.Polygon();
      head.getStyleClass().addAll("device-head", m.modeClass());
      Label l = new Label(m.label());
      l.getStyleClass().addAll("envelope", "device-message", m.modeClass());
      l.setId("device-message-" + m.event());
      LazyTip.install(l, t -> t.setText(m.detail()));
      deviceLinks.add(link);
      deviceHeads.add(head);
      deviceLabels.add(l);
      deviceNodes.add(link);
      deviceNodes.add(head);
    }
    deviceNodes.addAll(deviceLabels);
    getChildren().addAll(deviceNodes);
    requestLayout();
  }

  public List<DeviceMessage> getDeviceMessages() {
    return deviceModel;
  }

  /** The connector drawn for a device message (its ends in this pane's coordinates). */
  public Line deviceLink(DeviceMessage m) {
    int i = deviceModel.indexOf(m);
    return i < 0 ? null : deviceLinks.get(i);
  }

  /** The label drawn for a device message. */
  public Label deviceLabel(DeviceMessage m) {
    int i = deviceModel.indexOf(m);
    return i < 0 ? null : deviceLabels.get(i);
  }

  public void setEnvelopes(List<Envelope> list) {
    if (sameLabels(model, list)) {
      model = list; // only progress moved: relocate, no new nodes
      requestLayout();
      return;
    }
    model = list;
    // the labels are kept and given the new messages (at 64 CPUs messages come and go every
    // step, and a jump changes most of them): the ones left over are hidden and kept for later
    // messages, and only the ones still missing are made. A label added to the scene, or given
    // another id, is styled anew with everything its selectors match: that was 40% of a jump's
    // FX thread at 64 CPUs
    int keep = Math.min(envelopes.size(), list.size());
    while (envelopes.size() > keep) {
      Label l = envelopes.remove(envelopes.size() - 1);
      l.setVisible(false);
      spare.add(l);
    }
    List<Label> made = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Envelope e = list.get(i);
      Label l;
      if (i < keep) {
        l = envelopes.get(i);
      } else if (!spare.isEmpty()) {
        l = spare.remove(spare.size() - 1);
        l.setVisible(true);
        envelopes.add(l);
      } else {
        l = new Label();
        l.getStyleClass().addAll("envelope", e.modeClass());
        Label self = l;
        // the tooltip is made on first hover and names the message the label shows then
        LazyTip.install(
            l,
            t -> {
              tipFor(self, t);
              t.setOnShowing(ev -> tipFor(self, t));
            });
        made.add(l);
        envelopes.add(l);
      }
      l.setText("\u2709 " + e.label() + "  " + e.status());
      String mode = e.modeClass();
      if (!l.getStyleClass().contains(mode)) {
        l.getStyleClass().removeIf(c -> c.startsWith("mode-"));
        l.getStyleClass().add(mode);
      }
      l.pseudoClassStateChanged(FOCUS, e.focus());
      l.pseudoClassStateChanged(WAITING, e.waiting());
    }
    getChildren().addAll(made);
    requestLayout();
  }

  /** Envelope labels not in use now, hidden, for the next messages. */
  private final List<Label> spare = new ArrayList<>();

  private void tipFor(Label l, Tooltip t) {
    int at = envelopes.indexOf(l);
    t.setText(at >= 0 && at < model.size() ? describe(model.get(at)) : "");
  }

  private static String describe(Envelope e) {
    return "Message #"
        + e.id()
        + ": "
        + e.label()
        + " from CPU "
        + e.sender()
        + " to CPU "
        + e.targets()
        + " — "
        + e.status();
  }

  private static boolean sameLabels(List<Envelope> a, List<Envelope> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      Envelope x = a.get(i);
      Envelope y = b.get(i);
      if (x.id() != y.id()
          || !x.status().equals(y.status())
          || x.focus() != y.focus()
          || x.waiting() != y.waiting()) {
        return false;
      }
    }
    return true;
  }

  public List<Envelope> getEnvelopes() {
    return model;
  }

  @Override
  protected void layoutChildren() {
    double w = getWidth();
    double y = getHeight() * 0.62;
    line.resizeRelocate(8, y - 2, Math.max(0, w - 16), 4);
    name.autosize();
    java.util.TreeSet<Long> xs = new java.util.TreeSet<>();
    for (int i = 0; i < cpuCount; i++) {
      xs.add(Math.round(cardX.applyAsDouble(i)));
    }
    boolean same = stubs.size() == xs.size();
    if (same) {
      int k = 0;
      for (long x : xs) {
        Line l = stubs.get(k++);
        same &= l.getStartX() == x && l.getEndY() == y;
      }
    }
    if (!same) {
      getChildren().removeAll(stubs);
      stubs.clear();
      for (long x : xs) {
        Line s = new Line(x, 0, x, y);
        s.getStyleClass().add("bus-stub");
        stubs.add(s);
      }
      getChildren().addAll(0, stubs);
    }
    // every envelope on the line, at its place between sender and targets; envelopes that would
    // cover each other move apart along the line, and none leaves the bus's height
    int n = envelopes.size();
    double[] lx = new double[n];
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      Envelope e = model.get(i);
      Label l = envelopes.get(i);
      l.autosize();
      double from = cardX.applyAsDouble(e.sender());
      double to = 0;
      for (int t : e.targets()) {
        to += cardX.applyAsDouble(t);
      }
      to /= e.targets().size();
      double x = from + (to - from) * e.progress();
      lx[i] = x - l.getWidth() / 2;
      order[i] = i;
    }
    java.util.Arrays.sort(order, java.util.Comparator.comparingDouble(i -> lx[i]));
    double gap = 6;
    double end = 4 - gap;
    for (int i : order) {
      lx[i] = Math.max(lx[i], end + gap);
      end = lx[i] + envelopes.get(i).getWidth();
    }
    double over = end - (w - 4);
    if (over > 0) {
      // past the right edge: slide the row back, keeping the order
      double start = 4 - gap;
      for (int k = 0; k < n; k++) {
        int i = order[k];
        lx[i] = Math.max(start + gap, lx[i] - over);
        start = lx[i] + envelopes.get(i).getWidth();
      }
    }
    double h = getHeight();
    for (int i = 0; i < n; i++) {
      Label l = envelopes.get(i);
      double lh = l.getHeight();
      double ly = Math.max(0, Math.min(h - lh, y - lh / 2));
      l.relocate(lx[i], ly);
    }
    layoutDevices(w, y, end);
    placeName(w, y);
  }

  /**
   * The bus's name just over the line, in the first stretch from the left that nothing crosses: no
   * card's or device's drop, no envelope, no device message (a message from the first CPU starts at
   * the left end). At the left end when no stretch is long enough.
   */
  private void placeName(double w, double y) {
    double nw = name.getWidth();
    double nh = name.getHeight();
    double ny = y - nh - 4;
    List<double[]> taken = new ArrayList<>(); // x ranges along the line
    for (javafx.scene.Node n : getChildren()) {
      if (n == name || n == line || !n.isVisible()) {
        continue;
      }
      javafx.geometry.Bounds b = n.getBoundsInParent();
      if (b.getMaxY() > ny && b.getMinY() < ny + nh) {
        taken.add(new double[] {b.getMinX() - 4, b.getMaxX() + 4});
      }
    }
    taken.sort(java.util.Comparator.comparingDouble(r -> r[0]));
    double x = 10;
    for (double[] r : taken) {
      if (r[0] >= x + nw) {
        break; // the name fits before this one
      }
      x = Math.max(x, r[1]);
    }
    name.relocate(x + nw <= w - 8 ? x : 10, ny);
  }

  /**
   * A drop for each device card shown, and the device messages of this step: a connector just over
   * the line between the device's drop and the CPU's, an arrow head at the receiving end, the label
   * over the connector (side by side when there are several, after any envelope).
   */
  private void layoutDevices(double w, double y, double envelopesEnd) {
    List<Double> xs = new ArrayList<>();
    for (String d : List.of("ioapic", "pic")) {
      double x = deviceX.applyAsDouble(d);
      if (!Double.isNaN(x)) {
        xs.add((double) Math.round(x));
      }
    }
    if (deviceStubs.size() != xs.size()) {
      getChildren().removeAll(deviceStubs);
      deviceStubs.clear();
      for (int i = 0; i < xs.size(); i++) {
        Line s = new Line();
        s.getStyleClass().addAll("bus-stub", "device-stub");
        deviceStubs.add(s);
      }
      getChildren().addAll(0, deviceStubs);
    }
    for (int i = 0; i < xs.size(); i++) {
      Line s = deviceStubs.get(i);
      s.setStartX(xs.get(i));
      s.setEndX(xs.get(i));
      s.setStartY(0);
      s.setEndY(y);
    }
    double ly = y - 7;
    double h = getHeight();
    int n = deviceModel.size();
    double[] want = new double[n];
    double[] lw = new double[n];
    boolean[] shown = new boolean[n];
    double total = 0;
    for (int i = 0; i < n; i++) {
      DeviceMessage m = deviceModel.get(i);
      Label l = deviceLabels.get(i);
      Line link = deviceLinks.get(i);
      javafx.scene.shape.Polygon head = deviceHeads.get(i);
      double dx = deviceX.applyAsDouble(m.device());
      if (Double.isNaN(dx)) {
        dx = 8;
      }
      double cx = m.cpu() >= 0 && m.cpu() < cpuCount ? cardX.applyAsDouble(m.cpu()) : dx;
      double from = m.toDevice() ? cx : dx;
      double to = m.toDevice() ? dx : cx;
      link.setStartX(from);
      link.setEndX(to);
      link.setStartY(ly);
      link.setEndY(ly);
      boolean arrow = Math.abs(to - from) > 1;
      head.setVisible(arrow);
      if (arrow) {
        double dir = Math.signum(to - from);
        head.getPoints().setAll(to, ly, to - dir * 9, ly - 5, to - dir * 9, ly + 5);
      }
      l.autosize();
      lw[i] = l.getWidth();
      want[i] = (from + to) / 2 - lw[i] / 2;
      shown[i] = true;
      total += lw[i] + 6;
    }
    // more labels than the bus holds: the held pins step aside first, then the oldest messages
    double room = w - 8 - Math.max(0, envelopesEnd);
    for (int pass = 0; pass < 2 && total > room; pass++) {
      for (int i = 0; i < n && total > room; i++) {
        boolean held = "mode-held".equals(deviceModel.get(i).modeClass());
        if (shown[i] && (pass == 1 || held)) {
          shown[i] = false;
          total -= lw[i] + 6;
        }
      }
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, java.util.Comparator.comparingDouble(i -> want[i]));
    double[] x = new double[n];
    double placed = Math.max(4, envelopesEnd + 6);
    for (int i : order) {
      if (shown[i]) {
        x[i] = Math.max(placed, want[i]);
        placed = x[i] + lw[i] + 6;
      }
    }
    double over = placed - 6 - (w - 4);
    if (over > 0) {
      // past the right edge: slide the row back, keeping the order
      double start = Math.max(4, envelopesEnd + 6);
      for (int i : order) {
        if (shown[i]) {
          x[i] = Math.max(start, x[i] - over);
          start = x[i] + lw[i] + 6;
        }
      }
    }
    for (int i = 0; i < n; i++) {
      Label l = deviceLabels.get(i);
      l.setVisible(shown[i]);
      deviceLinks.get(i).setVisible(shown[i]);
      deviceHeads.get(i).setVisible(shown[i] && deviceHeads.get(i).isVisible());
      double lh = l.getHeight();
      l.relocate(x[i], Math.max(0, Math.min(h - lh, ly - lh / 2)));
    }
  }
}
