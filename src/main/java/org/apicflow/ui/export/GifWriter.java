package org.apicflow.ui.export;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * An animated GIF written frame by frame with the JDK's GIF writer: each frame has its own delay
 * (graphic control extension) and the animation loops (NETSCAPE2.0 application extension).
 *
 * <p>A step changes a small part of the screen, so each frame after the first holds only the
 * rectangle that changed, drawn over the previous one (disposal "doNotDispose"). Each frame gets a
 * palette of its own most used colours (histogram on 5 bits a channel, the top 256 buckets), which
 * is fast and keeps the flat colours of a user interface exact.
 */
public final class GifWriter implements AutoCloseable {
  private final ImageWriter writer;
  private final ImageOutputStream stream;
  private int[] previous;
  private int width;
  private int height;

  public GifWriter(OutputStream out) throws IOException {
    writer = ImageIO.getImageWritersByFormatName("gif").next();
    stream = ImageIO.createImageOutputStream(out);
    writer.setOutput(stream);
    writer.prepareWriteSequence(null);
  }

  /** Appends a frame shown for {@code delayMillis} (GIF counts in hundredths of a second). */
  public void add(BufferedImage image, int delayMillis) throws IOException {
    int w = image.getWidth();
    int h = image.getHeight();
    int[] px = image.getRGB(0, 0, w, h, null, 0, w);
    for (int i = 0; i < px.length; i++) {
      px[i] = opaque(px[i]);
    }
    int x0 = 0;
    int y0 = 0;
    int x1 = w;
    int y1 = h;
    boolean first = previous == null;
    if (first) {
      width = w;
      height = h;
    } else {
      if (w != width || h != height) {
        throw new IOException(
            "frames differ in size: " + w + "x" + h + " after " + width + "x" + height);
      }
      int[] box = changed(previous, px, w, h);
      x0 = box[0];
      y0 = box[1];
      x1 = box[2];
      y1 = box[3];
    }
    BufferedImage sub = indexed(px, w, x0, y0, x1 - x0, y1 - y0);
    previous = px;
    IIOMetadata meta =
        writer.getDefaultImageMetadata(
            ImageTypeSpecifier.createFromRenderedImage(sub), writer.getDefaultWriteParam());
    String format = meta.getNativeMetadataFormatName();
    IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
    IIOMetadataNode desc = child(root, "ImageDescriptor");
    desc.setAttribute("imageLeftPosition", Integer.toString(x0));
    desc.setAttribute("imageTopPosition", Integer.toString(y0));
    desc.setAttribute("imageWidth", Integer.toString(x1 - x0));
    desc.setAttribute("imageHeight", Integer.toString(y1 - y0));
    desc.setAttribute("interlaceFlag", "FALSE");
    // the palette goes in a local colour table: without one the writer pairs our indices with its
    // default table
    IIOMetadataNode old = child(root, "LocalColorTable");
    root.removeChild(old);
    IIOMetadataNode table = new IIOMetadataNode("LocalColorTable");
    IndexColorModel cm = (IndexColorModel) sub.getColorModel();
    table.setAttribute("sizeOfLocalColorTable", "256");
    table.setAttribute("sortFlag", "FALSE");
    for (int i = 0; i < 256; i++) {
      IIOMetadataNode e = new IIOMetadataNode("ColorTableEntry");
      int c = i < cm.getMapSize() ? cm.getRGB(i) : 0;
      e.setAttribute("index", Integer.toString(i));
      e.setAttribute("red", Integer.toString((c >> 16) & 255));
      e.setAttribute("green", Integer.toString((c >> 8) & 255));
      e.setAttribute("blue", Integer.toString(c & 255));
      table.appendChild(e);
    }
    root.insertBefore(table, desc.getNextSibling());
    IIOMetadataNode gce = child(root, "GraphicControlExtension");
    gce.setAttribute("disposalMethod", "doNotDispose");
    gce.setAttribute("userInputFlag", "FALSE");
    gce.setAttribute("transparentColorFlag", "FALSE");
    gce.setAttribute("delayTime", Integer.toString(Math.max(2, delayMillis / 10)));
    gce.setAttribute("transparentColorIndex", "0");
    if (first) {
      IIOMetadataNode apps = child(root, "ApplicationExtensions");
      IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
      app.setAttribute("applicationID", "NETSCAPE");
      app.setAttribute("authenticationCode", "2.0");
      app.setUserObject(new byte[] {1, 0, 0}); // sub-block 1, loop count 0 = for ever
      apps.appendChild(app);
    }
    try {
      meta.setFromTree(format, root);
    } catch (IIOInvalidTreeException e) {
      throw new IOException("GIF metadata: " + e.getMessage(), e);
    }
    writer.writeToSequence(new IIOImage(sub, null, meta), null);
  }

  @Override
  public void close() throws IOException {
    try {
      writer.endWriteSequence();
      stream.flush();
    } finally {
      writer.dispose();
      stream.close();
    }
  }

  /** Alpha composed over white: GIF frames are opaque. */
  private static int opaque(int argb) {
    int a = argb >>> 24;
    if (a == 255) {
      return argb;
    }
    int r = ((argb >> 16) & 255) * a / 255 + 255 - a;
    int g = ((argb >> 8) & 255) * a / 255 + 255 - a;
    int b = (argb & 255) * a / 255 + 255 - a;
    return 0xFF000000 | r << 16 | g << 8 | b;
  }

  /** The rectangle [x0, y0, x1, y1) where two frames differ; one pixel when they do not. */
  static int[] changed(int[] a, int[] b, int w, int h) {
    int x0 = w;
    int y0 = h;
    int x1 = -1;
    int y1 = -1;
    for (int y = 0; y < h; y++) {
      int row = y * w;
      if (Arrays.equals(a, row, row + w, b, row, row + w)) {
        continue;
      }
      y0 = Math.min(y0, y);
      y1 = y;
      for (int x = 0; x < w; x++) {
        if (a[row + x] != b[row + x]) {
          x0 = Math.min(x0, x);
          break;
        }
      }
      for (int x = w - 1; x >= 0; x--) {
        if (a[row + x] != b[row + x]) {
          x1 = Math.max(x1, x);
          break;
        }
      }
    }
    if (x1 < 0) {
      return new int[] {0, 0, 1, 1};
    }
    return new int[] {x0, y0, x1 + 1, y1 + 1};
  }

  /** A rectangle of the frame as an 8-bit indexed image with its most used colours. */
  static BufferedImage indexed(int[] px, int stride, int x0, int y0, int w, int h) {
    int[] count = new int[1 << 15];
    long[] sumR = new long[1 << 15];
    long[] sumG = new long[1 << 15];
    long[] sumB = new long[1 << 15];
    for (int y = y0; y < y0 + h; y++) {
      for (int x = x0; x < x0 + w; x++) {
        int p = px[y * stride + x];
        int k = key(p);
        count[k]++;
        sumR[k] += (p >> 16) & 255;
        sumG[k] += (p >> 8) & 255;
        sumB[k] += p & 255;
      }
    }
    int used = 0;
    for (int c : count) {
      if (c > 0) {
        used++;
      }
    }
    int[] keys = new int[used];
    int n = 0;
    for (int k = 0; k < count.length; k++) {
      if (count[k] > 0) {
        keys[n++] = k;
      }
    }
    // the most used buckets first
    Integer[] order = new Integer[used];
    for (int i = 0; i < used; i++) {
      order[i] = keys[i];
    }
    Arrays.sort(order, (a, b) -> Integer.compare(count[b], count[a]));
    int size = Math.min(256, used);
    byte[] r = new byte[size];
    byte[] g = new byte[size];
    byte[] b = new byte[size];
    int[] pr = new int[size];
    int[] pg = new int[size];
    int[] pb = new int[size];
    for (int i = 0; i < size; i++) {
      int k = order[i];
      pr[i] = (int) (sumR[k] / count[k]);
      pg[i] = (int) (sumG[k] / count[k]);
      pb[i] = (int) (sumB[k] / count[k]);
      r[i] = (byte) pr[i];
      g[i] = (byte) pg[i];
      b[i] = (byte) pb[i];
    }
    // each bucket to its nearest palette colour
    byte[] lut = new byte[1 << 15];
    for (int k : keys) {
      int kr = (int) (sumR[k] / count[k]);
      int kg = (int) (sumG[k] / count[k]);
      int kb = (int) (sumB[k] / count[k]);
      int best = 0;
      int bestD = Integer.MAX_VALUE;
      for (int i = 0; i < size; i++) {
        int dr = kr - pr[i];
        int dg = kg - pg[i];
        int db = kb - pb[i];
        int d = 3 * dr * dr + 4 * dg * dg + 2 * db * db;
        if (d < bestD) {
          bestD = d;
          best = i;
        }
      }
      lut[k] = (byte) best;
    }
    IndexColorModel cm = new IndexColorModel(8, size, r, g, b);
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, cm);
    byte[] data = new byte[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        data[y * w + x] = lut[key(px[(y0 + y) * stride + x0 + x])];
      }
    }
    out.getRaster().setDataElements(0, 0, w, h, data);
    return out;
  }

  private static int key(int p) {
    return ((p >> 19) & 31) << 10 | ((p >> 11) & 31) << 5 | ((p >> 3) & 31);
  }

  private static IIOMetadataNode child(IIOMetadataNode root, String name) {
    for (int i = 0; i < root.getLength(); i++) {
      if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
        return (IIOMetadataNode) root.item(i);
      }
    }
    IIOMetadataNode n = new IIOMetadataNode(name);
    root.appendChild(n);
    return n;
  }
}
