package org.apicflow.ui.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;

class GifWriterTest {
  private static BufferedImage frame(int i) {
    BufferedImage img = new BufferedImage(120, 80, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 120, 80);
    g.setColor(new Color(0xD1242F));
    g.fillRect(10 + 20 * i, 20, 16, 16);
    g.dispose();
    return img;
  }

  @Test
  void writesEveryFrameWithItsDelayLoopingAndTheColoursExact() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GifWriter gif = new GifWriter(out)) {
      for (int i = 0; i < 4; i++) {
        gif.add(frame(i), i == 3 ? 3000 : 700);
      }
    }
    ImageReader r = ImageIO.getImageReadersByFormatName("gif").next();
    try (ImageInputStream in =
        ImageIO.createImageInputStream(new ByteArrayInputStream(out.toByteArray()))) {
      r.setInput(in);
      assertThat(r.getNumImages(true)).isEqualTo(4);
      assertThat(delay(r, 0)).isEqualTo(70);
      assertThat(delay(r, 3)).isEqualTo(300);
      BufferedImage first = r.read(0);
      assertThat(first.getWidth()).isEqualTo(120);
      assertThat(first.getRGB(15, 25) & 0xFFFFFF).isEqualTo(0xD1242F);
      assertThat(first.getRGB(100, 70) & 0xFFFFFF).isEqualTo(0xFFFFFF);
      // later frames hold only the rectangle that changed
      assertThat(r.read(1).getWidth()).isLessThan(120);
    } finally {
      r.dispose();
    }
  }

  private static int delay(ImageReader r, int i) throws IOException {
    IIOMetadataNode root =
        (IIOMetadataNode) r.getImageMetadata(i).getAsTree("javax_imageio_gif_image_1.0");
    IIOMetadataNode gce =
        (IIOMetadataNode) root.getElementsByTagName("GraphicControlExtension").item(0);
    return Integer.parseInt(gce.getAttribute("delayTime"));
  }

  @Test
  void anUnchangedFrameIsOnePixel() {
    int[] a = new int[] {1, 2, 3, 4};
    assertThat(GifWriter.changed(a, a.clone(), 2, 2)).containsExactly(0, 0, 1, 1);
    int[] b = new int[] {1, 2, 3, 9};
    assertThat(GifWriter.changed(a, b, 2, 2)).containsExactly(1, 1, 2, 2);
  }
}
