package org.apicflow.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apicflow.trace.export.AtomicFiles;
import org.apicflow.trace.kvm.KvmChromeTrace;
import org.apicflow.trace.kvm.KvmImport;
import org.apicflow.trace.kvm.KvmImportException;
import org.apicflow.trace.kvm.KvmReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code apicflow import FILE [--json] [--to out.json]}: reads a KVM trace (ftrace, trace_pipe,
 * trace-cmd report, perf script) and reports what it tells about each local APIC.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Read a KVM capture (ftrace trace or trace_pipe, trace-cmd report, perf script;",
      "the form is told from the content) and rebuild each vCPU's local APIC as far as",
      "the events decide it: IRR and ISR at the end, or 'unknown'.",
      "Malformed lines of known events are reported with their line number and skipped.",
      "Exit code 2 for a file that is empty or not a KVM trace."
    },
    footer = {
      "",
      "Examples:",
      "  apicflow import kvm.trace",
      "  apicflow import kvm.trace --json",
      "  apicflow import kvm.trace --to kvm-perfetto.json"
    })
final class ImportCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", description = "the trace text")
  Path file;

  @Option(names = "--json", description = "print one JSON object instead of text")
  boolean json;

  @Option(
      names = "--to",
      paramLabel = "OUT.json",
      description = "also write the reconstruction as Chrome Trace Event JSON (Perfetto)")
  Path to;

  @Option(names = "--overwrite", description = "replace the --to file if it exists")
  boolean overwrite;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    KvmImport.Summary s;
    try {
      if (to != null) {
        AtomicFiles.checkWritable(to, overwrite);
        KvmImport.Summary[] got = new KvmImport.Summary[1];
        AtomicFiles.write(
            to,
            overwrite,
            o -> {
              try {
                got[0] = KvmChromeTrace.write(file, o);
              } catch (KvmImportException e) {
                throw new ImportFailed(e);
              }
            });
        s = got[0];
      } else {
        s = KvmImport.summarize(file);
      }
    } catch (KvmImportException e) {
      err.println("apicflow: " + e.getMessage());
      return ApicflowCommand.INVALID;
    } catch (ImportFailed e) {
      err.println("apicflow: " + e.getCause().getMessage());
      return ApicflowCommand.INVALID;
    } catch (FileAlreadyExistsException e) {
      err.println("apicflow: " + to + ": exists already (use --overwrite to replace it)");
      return ApicflowCommand.INVALID;
    } catch (IOException e) {
      err.println("apicflow: cannot write " + to + ": " + e.getMessage());
      return ApicflowCommand.INVALID;
    }
    reportMalformed(s.read(), err);
    if (json) {
      out.println(json(s));
    } else {
      text(s, out);
    }
    if (to != null) {
      err.println("wrote " + to);
    }
    return 0;
  }

  /** A KvmImportException carried out of the atomic writer (which only throws IOException). */
  private static final class ImportFailed extends IOException {
    ImportFailed(KvmImportException cause) {
      super(cause.getMessage(), cause);
    }
  }

  private void reportMalformed(KvmReader.Result r, PrintWriter err) {
    for (KvmReader.Malformed m : r.malformed()) {
      err.println(
          file
              + ":"
              + m.line()
              + (m.column() > 0 ? ":" + m.column() : "")
              + ": malformed, skipped: "
              + m.message());
    }
    long more = r.malformedCount() - r.malformed().size();
    if (more > 0) {
      err.println(file + ": " + more + " more malformed lines skipped");
    }
  }

  static String json(KvmImport.Summary s) {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeStringField("format", s.read().format().jsonName);
      g.writeObjectFieldStart("events");
      for (Map.Entry<String, Long> e : s.read().events().entrySet()) {
        g.writeNumberField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
      g.writeNumberField("ignored_lines", s.read().ignoredLines());
      g.writeArrayFieldStart("apics");
      for (KvmImport.ApicSummary a : s.apics()) {
        g.writeStartObject();
        g.writeNumberField("apicid", a.apicId());
        g.writeNumberField("accepted_fixed", a.acceptedFixed());
        g.writeNumberField("eoi", a.eoi());
        vectors(g, "irr_end", a.irrEnd());
        vectors(g, "isr_end", a.isrEnd());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return w.toString();
  }

  private static void vectors(JsonGenerator g, String name, Optional<List<Integer>> v)
      throws IOException {
    if (v.isEmpty()) {
      g.writeStringField(name, "unknown");
      return;
    }
    g.writeArrayFieldStart(name);
    for (int x : v.get()) {
      g.writeString(String.format(Locale.ROOT, "0x%02X", x));
    }
    g.writeEndArray();
  }

  private void text(KvmImport.Summary s, PrintWriter out) {
    KvmReader.Result r = s.read();
    out.printf(
        Locale.ROOT,
        "%s: %s, %d lines: %d KVM events read, %d lines ignored%s%n",
        file,
        r.format().jsonName,
        r.lines(),
        r.eventLines() - r.malformedCount(),
        r.ignoredLines(),
        r.malformedCount() > 0 ? ", " + r.malformedCount() + " malformed" : "");
    r.events().forEach((k, v) -> out.printf(Locale.ROOT, "  %-24s %d%n", k, v));
    out.println();
    out.printf(
        Locale.ROOT,
        "  %-6s %-15s %-6s %-24s %s%n",
        "APIC",
        "accepted fixed",
        "EOIs",
        "IRR at end",
        "ISR at end");
    for (KvmImport.ApicSummary a : s.apics()) {
      out.printf(
          Locale.ROOT,
          "  %-6d %-15d %-6d %-24s %s%n",
          a.apicId(),
          a.acceptedFixed(),
          a.eoi(),
          words(a.irrEnd()),
          words(a.isrEnd()));
    }
  }

  private static String words(Optional<List<Integer>> v) {
    if (v.isEmpty()) {
      return "unknown";
    }
    if (v.get().isEmpty()) {
      return "empty";
    }
    StringBuilder b = new StringBuilder();
    for (int x : v.get()) {
      b.append(b.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "0x%02X", x));
    }
    return b.toString();
  }
}
