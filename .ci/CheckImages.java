import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * Checks that each file named on the command line exists and is an image ImageIO can read. Run
 * as a single-file program: {@code java .ci/CheckImages.java a.png b.png}.
 */
public final class CheckImages {

  public static void main(String[] args) throws IOException {
    boolean ok = true;
    for (String name : args) {
      File file = new File(name);
      BufferedImage image = file.isFile() ? ImageIO.read(file) : null;
      if (image == null || image.getWidth() == 0 || image.getHeight() == 0) {
        String problem = file.isFile() ? " is not a readable image" : " is missing";
        System.err.println("FAIL: " + name + problem);
        ok = false;
      } else {
        System.out.println("image " + name + ": " + image.getWidth() + " x " + image.getHeight());
      }
    }
    if (!ok) {
      System.exit(1);
    }
  }
}
