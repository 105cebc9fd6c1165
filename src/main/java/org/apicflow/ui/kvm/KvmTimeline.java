package org.apicflow.ui.kvm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import org.apicflow.trace.kvm.KvmEvent;
import org.apicflow.trace.kvm.KvmTrace;

/**
 * The timeline of an imported trace on an event-step axis (one column per event, so bursts and long
 * idle gaps both stay readable): a lane per vCPU with guest time (between kvm_entry and kvm_exit)
 * filled, exits as ticks coloured by reason, IPIs as arrows from the ICR writer to each acceptor,
 * EOIs as dots, and the cursor. Click or drag to move the cursor.
 */
final class KvmTimeline extends Region {
  private static final double LANE = 34;
  private static final double LEFT = 88;
  private static final double TOP = 22;
  private static final Color[] REASON_COLOURS = {
    Color.web("#1f6feb"), Color.web("#e4572e"), Color.web("#8250df"), Color.web("#2da44e"),
    Color.web("#f0a020"), Color.web("#c2185b"), Color.web("#57606a"), Color.web("#0097a7")
  };

  private final Canvas canvas = new Canvas();
  private KvmTrace trace;
  private int position;
  private List<Integer> lanes = List.of();
  private final Map<String, Color> reasonColour = new LinkedHashMap<>();
  private IntConsumer onSeek = p -> {};
  private double textScale = 1;

  void setTextScale(double s) {
    textScale = s;
    if (trace != null) {
      setPrefHeight((TOP + LANE * Math.max(1, lanes.size()) + 28) * s);
    }
    draw();
  }

  KvmTimeline() {
    getStyleClass().add("timeline-canvas");
    getChildren().add(canvas);
    canvas.setOnMousePressed(e -> seekAt(e.getX()));
    canvas.setOnMouseDragged(e -> seekAt(e.getX()));
  }

  void onSeek(IntConsumer c) {
    onSeek = c;
  }

  void setTrace(KvmTrace t) {
    trace = t;
    lanes = new ArrayList<>(t.apicIds());
    reasonColour.clear();
    for (int i = 0; i < t.size(); i++) {
      if (t.event(i) == KvmEvent.EXIT) {
        reasonColour.computeIfAbsent(
            t.reason(i), r -> REASON_COLOURS[reasonColour.size() % REASON_COLOURS.length]);
      }
    }
    setPrefHeight(TOP + LANE * Math.max(1, lanes.size()) + 28);
    draw();
  }

  void setPosition(int p) {
    position = p;
    draw();
  }

  private void seekAt(double x) {
    if (trace == null || trace.size() == 0) {
      return;
    }
    double w = Math.max(1, getWidth() / textScale - LEFT - 10);
    int p = (int) Math.round((x / textScale - LEFT) / w * trace.size());
    onSeek.accept(Math.max(0, Math.min(trace.size(), p)));
  }

  @Override
  protected void layoutChildren() {
    canvas.setWidth(getWidth());
    canvas.setHeight(getHeight());
    draw();
  }

  private double xOf(int i, double w) {
    return LEFT + (i / (double) Math.max(1, trace.size())) * w;
  }

  private void draw() {
    GraphicsContext g = canvas.getGraphicsContext2D();
    double width = canvas.getWidth();
    double height = canvas.getHeight();
    g.clearRect(0, 0, width, height);
    if (trace == null) {
      return;
    }
    g.save();
    g.scale(textScale, textScale);
    width /= textScale;
    double w = Math.max(1, width - LEFT - 10);
    Color text = Color.web("#57606a");
    g.setFont(Font.font(12));
    g.setFill(text);
    g.fillText("events (one column per event)", LEFT, 14);
    Map<Integer, Integer> laneOf = new HashMap<>();
    for (int k = 0; k < lanes.size(); k++) {
      laneOf.put(lanes.get(k), k);
      double y = TOP + k * LANE;
      g.setFill(Color.web("#eaeef2"));
      g.fillRect(LEFT, y + 6, w, LANE - 12);
      g.setFill(text);
      g.fillText("vCPU " + lanes.get(k), 8, y + LANE / 2 + 4);
    }
    int n = trace.size();
    // guest spans: from a kvm_entry to the next kvm_exit of that vCPU
    int[] enteredAt = new int[lanes.size()];
    java.util.Arrays.fill(enteredAt, -1);
    g.setFill(Color.web("#2da44e", 0.75));
    for (int i = 0; i < n; i++) {
      KvmEvent e = trace.event(i);
      if (e != KvmEvent.ENTRY && e != KvmEvent.EXIT) {
        continue;
      }
      Integer k = laneOf.get(trace.subject(i));
      if (k == null) {
        continue;
      }
      double y = TOP + k * LANE;
      if (e == KvmEvent.ENTRY) {
        if (enteredAt[k] < 0) {
          enteredAt[k] = i;
        }
      } else {
        if (enteredAt[k] >= 0) {
          g.setFill(Color.web("#2da44e", 0.75));
          double x0 = xOf(enteredAt[k], w);
          g.fillRect(x0, y + 8, Math.max(1, xOf(i, w) - x0), LANE - 16);
          enteredAt[k] = -1;
        }
        g.setFill(reasonColour.getOrDefault(trace.reason(i), text));
        g.fillRect(xOf(i, w) - 1, y + 3, 3, LANE - 6);
      }
    }
    for (int k = 0; k < enteredAt.length; k++) {
      if (enteredAt[k] >= 0) {
        double x0 = xOf(enteredAt[k], w);
        g.setFill(Color.web("#2da44e", 0.75));
        g.fillRect(x0, TOP + k * LANE + 8, Math.max(1, LEFT + w - x0), LANE - 16);
      }
    }
    // EOIs and accepts as dots, IPIs as arrows
    for (int i = 0; i < n; i++) {
      KvmEvent e = trace.event(i);
      Integer k = laneOf.get(trace.subject(i));
      double x = xOf(i, w);
      if ((e == KvmEvent.EOI || e == KvmEvent.PV_EOI) && k != null) {
        g.setFill(Color.web("#8250df"));
        g.fillOval(x - 3, TOP + k * LANE + LANE / 2 - 3, 6, 6);
      } else if (e == KvmEvent.APIC_ACCEPT_IRQ && trace.ipi(i) < 0 && k != null) {
        g.setFill(Color.web("#1f6feb"));
        g.fillRect(x - 2, TOP + k * LANE + LANE / 2 - 2, 4, 4);
      } else if ((e == KvmEvent.APIC_ACCEPT_IRQ || e == KvmEvent.APICV_ACCEPT_IRQ)
          && trace.ipi(i) >= 0
          && k != null) {
        int send = i;
        while (send > 0 && trace.event(send) != KvmEvent.APIC_IPI) {
          send--;
        }
        Integer from = laneOf.get(trace.vcpu(send));
        double ys = from == null ? TOP - 4 : TOP + from * LANE + LANE / 2;
        double yt = TOP + k * LANE + LANE / 2;
        int mode = (trace.icrLow(send) >>> 8) & 7;
        g.setStroke(mode == 0 || mode == 1 ? Color.web("#1f6feb") : Color.web("#c2185b"));
        g.setLineWidth(2);
        double xs = xOf(send, w);
        g.strokeLine(xs, ys, x, yt);
        g.strokeLine(x, yt, x - 4, yt + (yt > ys ? -6 : 6));
        g.strokeLine(x, yt, x + 4, yt + (yt > ys ? -6 : 6));
      }
    }
    // legend: exit reasons
    double lx = LEFT;
    double ly = TOP + lanes.size() * LANE + 16;
    g.setFill(Color.web("#2da44e", 0.75));
    g.fillRect(lx, ly - 9, 14, 10);
    g.setFill(text);
    g.fillText("guest", lx + 18, ly);
    lx += 70;
    for (var e : reasonColour.entrySet()) {
      if (lx > width - 120) {
        break;
      }
      g.setFill(e.getValue());
      g.fillRect(lx, ly - 10, 3, 12);
      g.setFill(text);
      g.fillText("exit " + e.getKey(), lx + 6, ly);
      lx += 14 + e.getKey().length() * 7 + 34;
    }
    // cursor
    double cx = xOf(position, w);
    g.setStroke(Color.web("#fb8c00"));
    g.setLineWidth(2);
    g.strokeLine(cx, TOP - 4, cx, TOP + lanes.size() * LANE);
    g.restore();
  }
}
