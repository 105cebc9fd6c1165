package org.apicflow.ui.export;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apicflow.scenario.Scenario;
import org.apicflow.trace.Trace;
import org.apicflow.ui.ScenarioChoice;

/**
 * One export, fully decided: which run, what to draw, at which frames, into which file or folder.
 * Holds no JavaFX types, so the command line can build one.
 *
 * @param source how the window opens the scenario (for the window and panel views)
 * @param trace the run of {@code fix}; the shots are positions in it
 * @param shots the frames, in order (unused by the contact sheet and the trace formats)
 * @param oneFilePerFrame PNG only: {@code out} is a folder and each frame is a file in it, named by
 *     {@link FrameNames}
 * @param scale 1, 2 or 3: pixels per layout unit
 * @param overwrite replace files that exist (the user said so)
 * @param dark draw in the dark theme
 * @param presenter draw the window in presenter mode (large type, no event log)
 * @param viewState how the window's views are set up (pinned CPU, timeline zoom)
 * @param width the window's width for the window and panel views (the panels are laid out in it)
 * @param height the window's height
 * @param lineup the compare view only: the quirk whose settings the panels line up, or null for a
 *     panel per fix
 */
public record ExportSpec(
    ScenarioChoice source,
    Scenario scenario,
    String fix,
    Trace trace,
    ExportView view,
    ExportFormat format,
    List<Shot> shots,
    boolean oneFilePerFrame,
    int scale,
    Path out,
    boolean overwrite,
    boolean dark,
    boolean presenter,
    ViewState viewState,
    int width,
    int height,
    QuirkLineup lineup) {

  /** The window's size, as on screen by default. */
  public static final int WINDOW_WIDTH = 1280;

  public static final int WINDOW_HEIGHT = 800;

  /** An export with no quirk line-up: the compare view shows a panel per fix. */
  public ExportSpec(
      ScenarioChoice source,
      Scenario scenario,
      String fix,
      Trace trace,
      ExportView view,
      ExportFormat format,
      List<Shot> shots,
      boolean oneFilePerFrame,
      int scale,
      Path out,
      boolean overwrite,
      boolean dark,
      boolean presenter,
      ViewState viewState,
      int width,
      int height) {
    this(
        source,
        scenario,
        fix,
        trace,
        view,
        format,
        shots,
        oneFilePerFrame,
        scale,
        out,
        overwrite,
        dark,
        presenter,
        viewState,
        width,
        height,
        null);
  }

  public ExportSpec {
    shots = List.copyOf(shots);
    if (lineup != null && view != ExportView.COMPARE) {
      throw new ExportException("a quirk line-up is drawn by the compare view only");
    }
    if (scale < 1 || scale > 3) {
      throw new ExportException("--scale: " + scale + " is not 1, 2 or 3");
    }
    if (width < 640 || height < 400 || width > 3840 || height > 2160) {
      throw new ExportException(
          "--size: " + width + "x" + height + " is outside 640x400..3840x2160");
    }
    if (oneFilePerFrame && format != ExportFormat.PNG) {
      throw new ExportException("one file per frame is for PNG only");
    }
    if (view == ExportView.CONTACT_SHEET && format == ExportFormat.GIF) {
      throw new ExportException("a contact sheet is one image: use --format png");
    }
    if (format.isImage() && view != ExportView.CONTACT_SHEET && shots.isEmpty()) {
      throw new ExportException("nothing to draw: no frames chosen");
    }
  }

  /** The files this export writes, in order. */
  public List<Path> targets() {
    if (!oneFilePerFrame) {
      return List.of(out);
    }
    List<Path> out = new ArrayList<>();
    for (Shot s : shots) {
      out.add(this.out.resolve(FrameNames.of(scenario.id(), fix, s, "png")));
    }
    return out;
  }

  /** The number of frames to draw (1 for a single image or a contact sheet, 0 for a trace). */
  public int frameCount() {
    if (!format.isImage()) {
      return 0;
    }
    if (view == ExportView.CONTACT_SHEET) {
      return 1;
    }
    return format == ExportFormat.GIF || oneFilePerFrame ? shots.size() : 1;
  }
}
