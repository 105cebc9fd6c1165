package org.apicflow.trace.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;
import org.apicflow.apic.IcrCommand;
import org.apicflow.machine.Cpu;
import org.apicflow.machine.EventKind;
import org.apicflow.machine.Machine;
import org.apicflow.trace.EventText;
import org.apicflow.trace.Trace;
import org.apicflow.trace.TraceWalker;

/**
 * The trace as Chrome Trace Event JSON (opens in Perfetto and chrome://tracing): a process per
 * kernel, a thread per CPU, handlers and waits as spans, IPIs as flow arrows from sender to target,
 * IRR/ISR/PPR as counters, event names after the Linux ipi tracepoints.
 */
public final class ChromeTraceExporter {
  private ChromeTraceExporter() {}

  public static void write(Trace t, OutputStream out) throws IOException {
    JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8);
    g.writeStartObject();
    g.writeStringField("displayTimeUnit", "ns");
    g.writeObjectFieldStart("otherData");
    g.writeStringField("generator", "APICFlow");
    g.writeStringField("fix", t.fix());
    g.writeStringField("outcome", t.outcome().summary());
    g.writeEndObject();
    g.writeArrayFieldStart("traceEvents");
    int cpus = t.program().config().cpus();
    for (int k = 0; k < t.program().kernels().size(); k++) {
      meta(g, "process_name", k, 0, "kernel " + t.program().kernel(k).name());
      meta(g, "process_sort_index", k, 0, null);
      for (int c = 0; c < cpus; c++) {
        meta(g, "thread_name", k, c, "CPU " + c);
      }
    }
    // Where each message was sent from, for flow arrows: message id -> (kernel, cpu).
    Map<Long, long[]> sentFrom = new HashMap<>();
    int[] lastPpr = new int[cpus];
    int[] lastIrr = new int[cpus];
    int[] lastIsr = new int[cpus];
    java.util.Arrays.fill(lastPpr, -1);
    TraceWalker.walk(
        t,
        (from, to, m) -> {
          try {
            for (int i = from; i < to; i++) {
              event(g, t, i, sentFrom);
            }
            counters(g, t, from, m, lastPpr, lastIrr, lastIsr);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
    g.writeEndArray();
    g.writeEndObject();
    g.flush();
  }

  private static void meta(JsonGenerator g, String name, int pid, int tid, String value)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("name", name);
    g.writeStringField("ph", "M");
    g.writeNumberField("pid", pid + 1);
    g.writeNumberField("tid", tid);
    g.writeObjectFieldStart("args");
    if (value == null) {
      g.writeNumberField("sort_index", pid);
    } else {
      g.writeStringField("name", value);
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void begin(JsonGenerator g, Trace t, int i, String ph, String name)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("name", name);
    g.writeStringField("cat", "apic");
    g.writeStringField("ph", ph);
    g.writeNumberField("ts", t.time(i) / 1000.0);
    g.writeNumberField("pid", Math.max(t.kernel(i), 0) + 1);
    g.writeNumberField("tid", t.cpu(i));
  }

  private static void event(JsonGenerator g, Trace t, int i, Map<Long, long[]> sentFrom)
      throws IOException {
    EventKind k = t.kind(i);
    String detail = EventText.describe(t, i);
    switch (k) {
      case IRQ_ENTRY, NMI_ENTRY -> {
        String name =
            k == EventKind.NMI_ENTRY ? "nmi_handler" : "ipi_entry " + Trace.vectorText(t.a(i));
        begin(g, t, i, "B", name);
      }
      case IRQ_EXIT -> {
        begin(g, t, i, "E", "");
        g.writeEndObject();
        instant(g, t, i, "ipi_exit", detail);
        return;
      }
      case SPIN_BEGIN, DELAY_BEGIN ->
          begin(g, t, i, "B", k == EventKind.SPIN_BEGIN ? "spin" : "delay");
      case SPIN_END, DELAY_END -> {
        begin(g, t, i, "E", "");
        g.writeEndObject();
        instant(g, t, i, k.traceName, detail);
        return;
      }
      default -> {
        instant(g, t, i, k.traceName, detail);
        if (k == EventKind.IPI_SEND) {
          sentFrom.put(t.a(i), new long[] {Math.max(t.kernel(i), 0) + 1, t.cpu(i), t.time(i)});
        } else if (k == EventKind.IPI_DELIVER
            && t.b(i) != EventKind.Delivery.NMI_ACCEPTED_LATE.ordinal()
            && sentFrom.containsKey(t.a(i))) {
          // One flow per (message, target), from the send to the arrival. Trace viewers sort
          // by time, so the start may be written here, after events that follow it.
          long[] from = sentFrom.get(t.a(i));
          long id = t.a(i) * 1024 + t.cpu(i);
          flowEvent(g, from[2], (int) from[0], (int) from[1], "s", id);
          flowEvent(g, t.time(i), Math.max(t.kernel(i), 0) + 1, t.cpu(i), "f", id);
        }
        return;
      }
    }
    g.writeObjectFieldStart("args");
    g.writeStringField("detail", detail);
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void instant(JsonGenerator g, Trace t, int i, String name, String detail)
      throws IOException {
    begin(g, t, i, "i", name);
    g.writeStringField("s", "t");
    g.writeObjectFieldStart("args");
    g.writeStringField("detail", detail);
    g.writeStringField("function", EventText.where(t, i));
    if (t.kind(i) == EventKind.IPI_SEND) {
      long b = t.b(i);
      g.writeStringField("icr", String.format("0x%08X", b & 0xFFFF_FFFFL));
      g.writeNumberField("vector", (int) (b & IcrCommand.VECTOR_MASK));
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void flowEvent(JsonGenerator g, long time, int pid, int tid, String ph, long id)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("name", "ipi");
    g.writeStringField("cat", "ipi");
    g.writeStringField("ph", ph);
    if (ph.equals("f")) {
      g.writeStringField("bp", "e");
    }
    g.writeNumberField("id", id);
    g.writeNumberField("ts", time / 1000.0);
    g.writeNumberField("pid", pid);
    g.writeNumberField("tid", tid);
    g.writeEndObject();
  }

  private static void counters(
      JsonGenerator g, Trace t, int i, Machine m, int[] lastPpr, int[] lastIrr, int[] lastIsr)
      throws IOException {
    for (int c = 0; c < m.cpuCount(); c++) {
      Cpu cpu = m.cpu(c);
      int ppr = cpu.apic().ppr();
      int irr = cpu.apic().irr().size();
      int isr = cpu.apic().isr().size();
      if (ppr == lastPpr[c] && irr == lastIrr[c] && isr == lastIsr[c]) {
        continue;
      }
      lastPpr[c] = ppr;
      lastIrr[c] = irr;
      lastIsr[c] = isr;
      g.writeStartObject();
      g.writeStringField("name", "CPU " + c + " APIC");
      g.writeStringField("ph", "C");
      g.writeNumberField("ts", t.time(i) / 1000.0);
      g.writeNumberField("pid", cpu.kernel() + 1);
      g.writeNumberField("tid", c);
      g.writeObjectFieldStart("args");
      g.writeNumberField("PPR", ppr);
      g.writeNumberField("IRR bits", irr);
      g.writeNumberField("ISR bits", isr);
      g.writeEndObject();
      g.writeEndObject();
    }
  }
}
