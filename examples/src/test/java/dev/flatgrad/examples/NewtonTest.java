package dev.flatgrad.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NewtonTest {

  @Test
  void hessianIsRosenbrocksClosedForm() {
    double x = -1.2;
    double y = 1;
    double[][] h = NewtonGrad.rosenbrockHessian(x, y);
    assertArrayEquals(new double[] {2 - 400 * (y - 3 * x * x), -400 * x}, h[0], 1e-9);
    assertArrayEquals(new double[] {-400 * x, 200}, h[1], 1e-9);
  }

  @Test
  void convergesToTheMinimumInFewSteps() {
    List<Double> norms = new ArrayList<>();
    double[] minimum = Newton.minimize(-1.2, 1, 50, (step, x, y, value, norm) -> norms.add(norm));
    assertEquals(1, minimum[0], 1e-9);
    assertEquals(1, minimum[1], 1e-9);
    assertTrue(norms.size() <= 10, "Newton's method took " + norms.size() + " steps");
  }
}
