package org.apicflow.trace.kvm;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A KVM capture's reconstruction as Chrome Trace Event JSON (opens in Perfetto), the shape of the
 * simulator's export: one process for the guest, a thread per vCPU (tid = APIC ID), guest time
 * between kvm_entry and kvm_exit as spans, every read event as an instant named after its
 * tracepoint with its narration, IPIs as flow arrows from the writing vCPU to each accepting one,
 * and IRR/ISR as counters of known-set and unknown bits. Written while streaming the file.
 */
public final class KvmChromeTrace {
  private KvmChromeTrace() {}

  /** Imports {@code file} and writes its trace JSON to {@code out}; returns the summary. */
  public static KvmImport.Summary write(Path file, OutputStream out)
      throws KvmImportException, IOException {
    JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8);
    g.writeStartObject();
    g.writeStringField("displayTimeUnit", "ns");
    g.writeObjectFieldStart("otherData");
    g.writeStringField("generator", "APICFlow import");
    g.writeStringField("source", file.getFileName().toString());
    g.writeEndObject();
    g.writeArrayFieldStart("traceEvents");
    meta(g, "process_name", -1, "KVM guest (" + file.getFileName() + ")");
    Map<Integer, long[]> ipiFrom = new HashMap<>();
    Map<Integer, int[]> lastCounts = new HashMap<>();
    Map<Integer, Boolean> inGuest = new HashMap<>();
    Map<Integer, Boolean> named = new HashMap<>();
    long[] t0 = {-1};
    KvmImport.Summary s;
    try {
      s =
          KvmImport.summarize(
              file,
              (r, vcpu, ipi, rec) -> {
                try {
                  if (t0[0] < 0) {
                    t0[0] = Math.max(0, r.time);
                  }
                  long ts = r.time < 0 ? r.line * 1000 : r.time - t0[0];
                  int tid = tidOf(r, vcpu);
                  if (named.putIfAbsent(tid, true) == null) {
                    meta(g, "thread_name", tid, tid >= 0 ? "vCPU " + tid : "host (not a vCPU)");
                  }
                  if (r.event == KvmEvent.ENTRY) {
                    if (!inGuest.getOrDefault(tid, false)) {
                      span(g, "B", "guest", ts, tid);
                      inGuest.put(tid, true);
                    }
                  } else if (r.event == KvmEvent.EXIT && inGuest.getOrDefault(tid, false)) {
                    span(g, "E", "guest", ts, tid);
                    inGuest.put(tid, false);
                  }
                  String name =
                      r.event == KvmEvent.EXIT ? "kvm_exit " + r.reason : r.event.tracepoint;
                  g.writeStartObject();
                  g.writeStringField("name", name);
                  g.writeStringField("cat", "kvm");
                  g.writeStringField("ph", "i");
                  g.writeStringField("s", "t");
                  g.writeNumberField("ts", ts / 1000.0);
                  g.writeNumberField("pid", 1);
                  g.writeNumberField("tid", tid);
                  g.writeObjectFieldStart("args");
                  g.writeStringField("detail", KvmText.describe(r, vcpu, null));
                  g.writeNumberField("line", r.line);
                  g.writeStringField("text", r.text());
                  g.writeEndObject();
                  g.writeEndObject();
                  if (r.event == KvmEvent.APIC_IPI) {
                    ipiFrom.put(ipi, new long[] {ts, tid});
                  } else if (ipi >= 0 && ipiFrom.containsKey(ipi)) {
                    long[] from = ipiFrom.get(ipi);
                    long id = (long) ipi * 4096 + (r.a & 0xFFF);
                    flow(g, "s", id, from[0], (int) from[1]);
                    flow(g, "f", id, ts, r.a);
                  }
                  for (ApicKnowledge k : rec.apics()) {
                    int[] now = {
                      k.irr.setList().size(),
                      256 - countKnown(k.irr),
                      k.isr.setList().size(),
                      256 - countKnown(k.isr)
                    };
                    int[] was = lastCounts.get(k.apicId);
                    if (was != null && java.util.Arrays.equals(was, now)) {
                      continue;
                    }
                    lastCounts.put(k.apicId, now);
                    g.writeStartObject();
                    g.writeStringField("name", "vCPU " + k.apicId + " APIC");
                    g.writeStringField("ph", "C");
                    g.writeNumberField("ts", ts / 1000.0);
                    g.writeNumberField("pid", 1);
                    g.writeNumberField("tid", k.apicId);
                    g.writeObjectFieldStart("args");
                    g.writeNumberField("IRR set", now[0]);
                    g.writeNumberField("IRR unknown", now[1]);
                    g.writeNumberField("ISR set", now[2]);
                    g.writeNumberField("ISR unknown", now[3]);
                    g.writeEndObject();
                    g.writeEndObject();
                  }
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    g.writeEndArray();
    g.writeEndObject();
    g.flush();
    return s;
  }

  private static int countKnown(KnownVectors k) {
    int n = 0;
    for (int v = 0; v < 256; v++) {
      if (k.isKnown(v)) {
        n++;
      }
    }
    return n;
  }

  private static int tidOf(KvmRecord r, int vcpu) {
    return switch (r.event) {
      case APIC_ACCEPT_IRQ, APICV_ACCEPT_IRQ -> r.a;
      default -> vcpu;
    };
  }

  private static void meta(JsonGenerator g, String name, int tid, String value) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", name);
    g.writeStringField("ph", "M");
    g.writeNumberField("pid", 1);
    g.writeNumberField("tid", tid);
    g.writeObjectFieldStart("args");
    g.writeStringField("name", value);
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void span(JsonGenerator g, String ph, String name, long ts, int tid)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("name", name);
    g.writeStringField("cat", "kvm");
    g.writeStringField("ph", ph);
    g.writeNumberField("ts", ts / 1000.0);
    g.writeNumberField("pid", 1);
    g.writeNumberField("tid", tid);
    g.writeEndObject();
  }

  private static void flow(JsonGenerator g, String ph, long id, long ts, int tid)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("name", "ipi");
    g.writeStringField("cat", "ipi");
    g.writeStringField("ph", ph);
    if (ph.equals("f")) {
      g.writeStringField("bp", "e");
    }
    g.writeNumberField("id", id);
    g.writeNumberField("ts", ts / 1000.0);
    g.writeNumberField("pid", 1);
    g.writeNumberField("tid", tid);
    g.writeEndObject();
  }
}
