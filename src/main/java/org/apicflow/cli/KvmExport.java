package org.apicflow.cli;

import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apicflow.trace.export.AtomicFiles;
import org.apicflow.trace.kvm.KvmChromeTrace;
import org.apicflow.trace.kvm.KvmImport;
import org.apicflow.trace.kvm.KvmImportException;
import org.apicflow.trace.kvm.KvmReader;
import org.apicflow.trace.kvm.KvmTrace;
import org.apicflow.ui.kvm.KvmImages;
import org.apicflow.ui.kvm.KvmViewModel;

/**
 * {@code apicflow export} on a KVM trace file: the trace window as PNG (at a position, or a frame
 * per IPI and EOI), an animated GIF of a range, or the reconstruction as Chrome trace JSON. Marks
 * are "ipi" and "eoi" (the first such event) and step numbers.
 */
final class KvmExport {
  /** Frames written with --all-marks at most. */
  static final int MAX_FRAMES = 500;

  private KvmExport() {}

  /** Whether export's argument is a KVM trace file rather than a scenario. */
  static boolean isTrace(String arg) {
    Path p = Path.of(arg);
    return Files.isRegularFile(p) && KvmReader.looksLikeKvmTrace(p);
  }

  static int run(ExportCommand c, PrintWriter out, PrintWriter err) {
    Path file = Path.of(c.scenario);
    try {
      if (!"none".equals(c.fix)) {
        throw new IllegalArgumentException("--fix: a KVM trace has no fixes");
      }
      if (c.view != null && !c.view.equalsIgnoreCase("window")) {
        throw new IllegalArgumentException("--view: a KVM trace exports the window only");
      }
      if (c.scale < 1 || c.scale > 3) {
        throw new IllegalArgumentException("--scale: " + c.scale + " is not 1, 2 or 3");
      }
      String[] wh = c.size.toLowerCase(Locale.ROOT).split("x");
      int w;
      int h;
      try {
        w = Integer.parseInt(wh[0].strip());
        h = Integer.parseInt(wh[1].strip());
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "--size: '" + c.size + "' is not WIDTHxHEIGHT, e.g. 1600x900");
      }
      switch (c.format) {
        case json -> {
          if (c.frames != null) {
            throw new IllegalArgumentException("--format json writes the whole trace: no frames");
          }
          AtomicFiles.checkWritable(c.out, c.overwrite);
          AtomicFiles.write(
              c.out,
              c.overwrite,
              o -> {
                try {
                  KvmChromeTrace.write(file, o);
                } catch (KvmImportException e) {
                  throw new java.io.IOException(e.getMessage(), e);
                }
              });
          out.println("wrote " + c.out);
          return 0;
        }
        case csv ->
            throw new IllegalArgumentException(
                "--format csv: a KVM trace is text already; use json (Perfetto) or an image");
        default -> {}
      }
      KvmTrace t = KvmImport.load(file);
      KvmImages.Look look = new KvmImages.Look(w, h, c.scale, c.dark, c.presenter);
      List<Integer> shots = positions(t, c);
      boolean perFrame =
          c.format == ExportCommand.Format.png
              && c.frames != null
              && (c.frames.allMarks || c.frames.range != null);
      if (c.format == ExportCommand.Format.gif) {
        AtomicFiles.checkWritable(c.out, c.overwrite);
        KvmImages.gif(t, shots, look, c.out, c.overwrite);
        out.println("wrote " + c.out + " (" + shots.size() + " frames)");
      } else if (perFrame) {
        int n = KvmImages.frames(t, shots, look, c.out, c.overwrite);
        out.println("wrote " + n + " PNG files into " + c.out);
      } else {
        AtomicFiles.checkWritable(c.out, c.overwrite);
        KvmImages.png(t, shots.get(0), look, c.out, c.overwrite);
        out.println("wrote " + c.out + " (event " + shots.get(0) + " / " + t.size() + ")");
      }
      return 0;
    } catch (KvmImportException e) {
      err.println("apicflow: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      err.println("apicflow: export: " + e.getMessage());
    } catch (FileAlreadyExistsException e) {
      err.println("apicflow: --out: " + c.out + " exists already (use --overwrite)");
    } catch (Exception e) {
      err.println("apicflow: --out: cannot write " + c.out + ": " + e.getMessage());
    }
    return ApicflowCommand.INVALID;
  }

  private static List<Integer> positions(KvmTrace t, ExportCommand c) {
    ExportCommand.Frames f = c.frames;
    if (f == null) {
      if (c.format == ExportCommand.Format.gif) {
        throw new IllegalArgumentException("--format gif of a trace needs --range FROM..TO");
      }
      return List.of(t.size());
    }
    if (f.at != null) {
      return List.of(mark(t, f.at));
    }
    if (f.step != null) {
      return List.of(step(t, f.step));
    }
    if (f.allMarks) {
      List<Integer> out = new ArrayList<>();
      for (int i = 0; i < t.size() && out.size() < MAX_FRAMES; i++) {
        if (KvmViewModel.is(t, i, KvmViewModel.MarkKind.IPI)
            || KvmViewModel.is(t, i, KvmViewModel.MarkKind.EOI)) {
          out.add(i + 1);
        }
      }
      if (out.isEmpty()) {
        throw new IllegalArgumentException("--all-marks: the trace has no IPI and no EOI");
      }
      return out;
    }
    String[] r = f.range.split("\\.\\.");
    if (r.length != 2) {
      throw new IllegalArgumentException("--range: '" + f.range + "' is not FROM..TO");
    }
    int from = endpoint(t, r[0]);
    int to = endpoint(t, r[1]);
    if (to < from || to - from > MAX_FRAMES) {
      throw new IllegalArgumentException(
          "--range: " + f.range + " must go forward, at most " + MAX_FRAMES + " steps");
    }
    List<Integer> out = new ArrayList<>();
    for (int p = from; p <= to; p++) {
      out.add(p);
    }
    return out;
  }

  private static int endpoint(KvmTrace t, String s) {
    try {
      return step(t, Integer.parseInt(s.strip()));
    } catch (NumberFormatException e) {
      return mark(t, s.strip());
    }
  }

  private static int step(KvmTrace t, int n) {
    if (n < 0 || n > t.size()) {
      throw new IllegalArgumentException("--step: " + n + " is not in 0.." + t.size());
    }
    return n;
  }

  private static int mark(KvmTrace t, String name) {
    KvmViewModel.MarkKind k =
        switch (name.toLowerCase(Locale.ROOT)) {
          case "ipi", "ipi-sent" -> KvmViewModel.MarkKind.IPI;
          case "eoi" -> KvmViewModel.MarkKind.EOI;
          default ->
              throw new IllegalArgumentException(
                  "--at: '" + name + "': a KVM trace has the marks ipi and eoi (or use --step N)");
        };
    for (int i = 0; i < t.size(); i++) {
      if (KvmViewModel.is(t, i, k)) {
        return i + 1;
      }
    }
    throw new IllegalArgumentException("--at " + name + ": the trace has none");
  }
}
