package org.apicflow.ui.export;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
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
 * (graphic control extension), and the animation loops (NETSCAPE2.0 application extension).
 */
public final class GifWriter implements AutoCloseable {
  private final ImageWriter writer;
  private final ImageOutputStream stream;
  private boolean first = true;

  public GifWriter(OutputStream out) throws IOException {
    writer = ImageIO.getImageWritersByFormatName("gif").next();
    stream = ImageIO.createImageOutputStream(out);
    writer.setOutput(stream);
    writer.prepareWriteSequence(null);
  }

  /** Appends a frame shown for {@code delayMillis} (GIF counts in hundredths of a second). */
  public void add(BufferedImage image, int delayMillis) throws IOException {
    BufferedImage rgb = opaque(image);
    ImageTypeSpecifier type = ImageTypeSpecifier.createFromRenderedImage(rgb);
    IIOMetadata meta = writer.getDefaultImageMetadata(type, writer.getDefaultWriteParam());
    String format = meta.getNativeMetadataFormatName();
    IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
    IIOMetadataNode gce = child(root, "GraphicControlExtension");
    gce.setAttribute("disposalMethod", "none");
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
      first = false;
    }
    try {
      meta.setFromTree(format, root);
    } catch (IIOInvalidTreeException e) {
      throw new IOException("GIF metadata: " + e.getMessage(), e);
    }
    writer.writeToSequence(new IIOImage(rgb, null, meta), null);
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

  private static BufferedImage opaque(BufferedImage in) {
    if (in.getType() == BufferedImage.TYPE_INT_RGB) {
      return in;
    }
    BufferedImage out =
        new BufferedImage(in.getWidth(), in.getHeight(), BufferedImage.TYPE_INT_RGB);
    var g = out.createGraphics();
    g.setColor(java.awt.Color.WHITE);
    g.fillRect(0, 0, in.getWidth(), in.getHeight());
    g.drawImage(in, 0, 0, null);
    g.dispose();
    return out;
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
