package dev.flatgrad.benchmarks;

import dev.flatgrad.benchmarks.support.Inputs;
import dev.flatgrad.benchmarks.support.ReverseTape;
import org.junit.jupiter.api.Test;

/**
 * Every benchmark kernel's gradient, computed by every implementation the benchmarks time, on a
 * fixed input: flatgrad's generated code, the hand-written gradient, the runtime tape, Hipparchus
 * forward mode, and central finite differences of the user's own method all agree.
 */
class KernelGradientTest {

  private final ReverseTape tape = new ReverseTape(16);

  @Test
  void neuron() {
    double[] wx = {2, -1, -3, -2, -3};
    var g = NeuronGrad.neuron(wx[0], wx[1], wx[2], wx[3], wx[4]);
    double[] hand = new double[5];
    double[] taped = new double[5];
    double[] forward = new double[5];
    double[] fd = new double[5];
    new Agreement("neuron", Neuron.neuron(wx[0], wx[1], wx[2], wx[3], wx[4]))
        .exact("flatgrad", g.value(), g.w0(), g.x0(), g.w1(), g.x1(), g.w2())
        .exact("hand-written",
            NeuronAlternatives.handWritten(wx[0], wx[1], wx[2], wx[3], wx[4], hand), hand)
        .exact("tape", NeuronAlternatives.tape(tape, wx[0], wx[1], wx[2], wx[3], wx[4], taped),
            taped)
        .exact("hipparchus",
            NeuronAlternatives.hipparchus(wx[0], wx[1], wx[2], wx[3], wx[4], forward), forward)
        .finiteDifferences(NeuronAlternatives.finiteDifferences(wx, fd), fd)
        .check();
  }

  @Test
  void mlp() {
    Mlp.Data d = new Mlp.Data(2);
    var g = MlpGrad.loss(d.w1, d.b1, d.w2, d.b2, d.x, d.labels);
    Agreement agreement = new Agreement("mlp", Mlp.loss(d.w1, d.b1, d.w2, d.b2, d.x, d.labels))
        .exact("flatgrad", g.value(), g.w1(), g.b1(), g.w2(), g.b2());
    Object[] hand = mlpGradient(d);
    agreement.exact("hand-written", MlpAlternatives.handWritten(d.w1, d.b1, d.w2, d.b2, d.x,
        d.labels, (double[][]) hand[0], (double[]) hand[1], (double[][]) hand[2],
        (double[]) hand[3]), hand);
    Object[] taped = mlpGradient(d);
    agreement.exact("tape", MlpAlternatives.tape(tape, d.w1, d.b1, d.w2, d.b2, d.x, d.labels,
        (double[][]) taped[0], (double[]) taped[1], (double[][]) taped[2],
        (double[]) taped[3]), taped);
    Object[] forward = mlpGradient(d);
    agreement.exact("hipparchus", MlpAlternatives.hipparchus(d.w1, d.b1, d.w2, d.b2, d.x,
        d.labels, (double[][]) forward[0], (double[]) forward[1], (double[][]) forward[2],
        (double[]) forward[3]), forward);
    Object[] fd = mlpGradient(d);
    agreement.finiteDifferences(MlpAlternatives.finiteDifferences(d.w1, d.b1, d.w2, d.b2, d.x,
        d.labels, (double[][]) fd[0], (double[]) fd[1], (double[][]) fd[2], (double[]) fd[3]),
        fd);
    agreement.check();
  }

  private static Object[] mlpGradient(Mlp.Data d) {
    return new Object[] {Inputs.zerosLike(d.w1), new double[d.b1.length], Inputs.zerosLike(d.w2),
        new double[d.b2.length]};
  }

  @Test
  void llsq() {
    double[] x = Llsq.input(3);
    int n = Llsq.N;
    var g = LlsqGrad.llsq(x, n);
    double[] hand = new double[x.length];
    double[] taped = new double[x.length];
    double[] forward = new double[x.length];
    double[] fd = new double[x.length];
    new Agreement("llsq", Llsq.llsq(x, n))
        .exact("flatgrad", g.value(), g.x())
        .exact("hand-written", LlsqAlternatives.handWritten(x, n, hand), hand)
        .exact("tape", LlsqAlternatives.tape(tape, x, n, taped), taped)
        .exact("hipparchus", LlsqAlternatives.hipparchus(x, n, forward), forward)
        .finiteDifferences(LlsqAlternatives.finiteDifferences(x, n, fd), fd)
        .check();
  }

  @Test
  void lse() {
    double[] x = Lse.input(4);
    var g = LseGrad.lse(x);
    double[] hand = new double[x.length];
    double[] taped = new double[x.length];
    double[] forward = new double[x.length];
    double[] fd = new double[x.length];
    new Agreement("lse", Lse.lse(x))
        .exact("flatgrad", g.value(), g.x())
        .exact("hand-written", LseAlternatives.handWritten(x, hand), hand)
        .exact("tape", LseAlternatives.tape(tape, x, taped), taped)
        .exact("hipparchus", LseAlternatives.hipparchus(x, forward), forward)
        .finiteDifferences(LseAlternatives.finiteDifferences(x, fd), fd)
        .check();
  }

  @Test
  void gmm() {
    Gmm.Data d = new Gmm.Data(5);
    var g = GmmGrad.gmm(d.alpha, d.means, d.icf, d.x, d.gamma, d.m, d.wishartConstant);
    Agreement agreement = new Agreement("gmm",
        Gmm.gmm(d.alpha, d.means, d.icf, d.x, d.gamma, d.m, d.wishartConstant))
        .exact("flatgrad", g.value(), g.alpha(), g.means(), g.icf());
    Object[] hand = gmmGradient(d);
    agreement.exact("hand-written", GmmAlternatives.handWritten(d.alpha, d.means, d.icf, d.x,
        d.gamma, d.m, d.wishartConstant, (double[]) hand[0], (double[][]) hand[1],
        (double[][]) hand[2]), hand);
    Object[] taped = gmmGradient(d);
    agreement.exact("tape", GmmAlternatives.tape(tape, d.alpha, d.means, d.icf, d.x, d.gamma,
        d.m, d.wishartConstant, (double[]) taped[0], (double[][]) taped[1],
        (double[][]) taped[2]), taped);
    Object[] forward = gmmGradient(d);
    agreement.exact("hipparchus", GmmAlternatives.hipparchus(d.alpha, d.means, d.icf, d.x,
        d.gamma, d.m, d.wishartConstant, (double[]) forward[0], (double[][]) forward[1],
        (double[][]) forward[2]), forward);
    Object[] fd = gmmGradient(d);
    agreement.finiteDifferences(GmmAlternatives.finiteDifferences(d.alpha, d.means, d.icf, d.x,
        d.gamma, d.m, d.wishartConstant, (double[]) fd[0], (double[][]) fd[1],
        (double[][]) fd[2]), fd);
    agreement.check();
  }

  private static Object[] gmmGradient(Gmm.Data d) {
    return new Object[] {new double[d.alpha.length], Inputs.zerosLike(d.means),
        Inputs.zerosLike(d.icf)};
  }

  @Test
  void rnn() {
    Rnn.Data d = new Rnn.Data(7);
    var g = RnnGrad.rnn(d.w, d.u, d.b, d.v, d.xs, d.targets);
    Agreement agreement = new Agreement("rnn", Rnn.rnn(d.w, d.u, d.b, d.v, d.xs, d.targets))
        .exact("flatgrad", g.value(), g.w(), g.u(), g.b(), g.v());
    Object[] hand = rnnGradient(d);
    agreement.exact("hand-written", RnnAlternatives.handWritten(d.w, d.u, d.b, d.v, d.xs,
        d.targets, (double[][]) hand[0], (double[][]) hand[1], (double[]) hand[2],
        (double[]) hand[3]), hand);
    Object[] taped = rnnGradient(d);
    agreement.exact("tape", RnnAlternatives.tape(tape, d.w, d.u, d.b, d.v, d.xs, d.targets,
        (double[][]) taped[0], (double[][]) taped[1], (double[]) taped[2],
        (double[]) taped[3]), taped);
    Object[] forward = rnnGradient(d);
    agreement.exact("hipparchus", RnnAlternatives.hipparchus(d.w, d.u, d.b, d.v, d.xs,
        d.targets, (double[][]) forward[0], (double[][]) forward[1], (double[]) forward[2],
        (double[]) forward[3]), forward);
    Object[] fd = rnnGradient(d);
    agreement.finiteDifferences(RnnAlternatives.finiteDifferences(d.w, d.u, d.b, d.v, d.xs,
        d.targets, (double[][]) fd[0], (double[][]) fd[1], (double[]) fd[2], (double[]) fd[3]),
        fd);
    agreement.check();
  }

  private static Object[] rnnGradient(Rnn.Data d) {
    return new Object[] {Inputs.zerosLike(d.w), Inputs.zerosLike(d.u), new double[d.b.length],
        new double[d.v.length]};
  }

  @Test
  void straightLine() {
    double[] x = StraightLineBenchmark.INPUT.clone();
    var g = StraightLineGrad.straightLine(x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7]);
    double[] hand = new double[8];
    double[] taped = new double[8];
    double[] forward = new double[8];
    double[] fd = new double[8];
    new Agreement("straightLine",
        StraightLine.straightLine(x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7]))
        .exact("flatgrad", g.value(), g.x0(), g.x1(), g.x2(), g.x3(), g.x4(), g.x5(), g.x6(),
            g.x7())
        .exact("hand-written", StraightLineAlternatives.handWritten(x[0], x[1], x[2], x[3], x[4],
            x[5], x[6], x[7], hand), hand)
        .exact("tape", StraightLineAlternatives.tape(tape, x[0], x[1], x[2], x[3], x[4], x[5],
            x[6], x[7], taped), taped)
        .exact("hipparchus", StraightLineAlternatives.hipparchus(x[0], x[1], x[2], x[3], x[4],
            x[5], x[6], x[7], forward), forward)
        .finiteDifferences(StraightLineAlternatives.finiteDifferences(x, fd), fd)
        .check();
  }
}
