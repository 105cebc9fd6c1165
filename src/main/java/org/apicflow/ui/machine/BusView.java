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

  public BusView() {
    getStyleClass().add("bus");
    line.getStyleClass().add("bus-line");
    name.getStyleClass().add("bus-name");
    getChildren().addAll(line, name);
    setMinHeight(38);
    setPrefHeight(38);
  }

  /** Where each CPU's card column is, in this pane's x coordinates. */
  public void setCardX(int cpuCount, IntToDoubleFunction x) {
    this.cpuCount = cpuCount;
    this.cardX = x;
    requestLayout();
  }

  public void setEnvelopes(List<Envelope> list) {
    if (sameLabels(model, list)) {
      model = list; // only progress moved: relocate, no new nodes
      requestLayout();
      return;
    }
    model = list;
    getChildren().removeAll(envelopes);
    envelopes.clear();
    for (Envelope e : list) {
      Label l = new Label("\u2709 " + e.label() + "  " + e.status());
      l.getStyleClass().addAll("envelope", e.modeClass());
      l.setId("envelope-" + e.id());
      l.pseudoClassStateChanged(FOCUS, e.focus());
      l.pseudoClassStateChanged(WAITING, e.waiting());
      l.setTooltip(
          new Tooltip(
              "Message #"
                  + e.id()
                  + ": "
                  + e.label()
                  + " from CPU "
                  + e.sender()
                  + " to CPU "
                  + e.targets()
                  + " — "
                  + e.status()));
      envelopes.add(l);
    }
    getChildren().addAll(envelopes);
    requestLayout();
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
    name.relocate(10, y - name.getHeight() - 4);
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
  }
}
