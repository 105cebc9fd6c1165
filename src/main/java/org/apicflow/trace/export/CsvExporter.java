package org.apicflow.trace.export;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apicflow.trace.EventText;
import org.apicflow.trace.Trace;

/** The trace as CSV: one row per event, with a header row. */
public final class CsvExporter {
  public static final String HEADER =
      "index,time_ns,cpu,kernel,function,op,event,tracepoint,a,b,detail";

  private CsvExporter() {}

  public static void write(Trace t, OutputStream out) throws IOException {
    Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    w.write(HEADER);
    w.write('\n');
    for (int i = 0; i < t.size(); i++) {
      String kernel = t.kernel(i) < 0 ? "" : t.program().kernel(t.kernel(i)).name();
      String op = t.op(i).map(o -> o.name()).orElse("");
      w.write(
          i
              + ","
              + t.time(i)
              + ","
              + t.cpu(i)
              + ","
              + quote(kernel)
              + ","
              + quote(EventText.where(t, i))
              + ","
              + quote(op)
              + ","
              + t.kind(i).name().toLowerCase(java.util.Locale.ROOT)
              + ","
              + t.kind(i).traceName
              + ","
              + t.a(i)
              + ","
              + t.b(i)
              + ","
              + quote(EventText.describe(t, i)));
      w.write('\n');
    }
    w.flush();
  }

  /** RFC 4180 quoting when the field needs it. */
  static String quote(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
