"""The peers' workloads in PyTorch (float64, eager, CPU): the same functions as the Java
benchmarks' @Differentiable methods, with torch operations; the sequential loops (ode's RK4 steps,
lstm's characters) are Python loops, as eager PyTorch runs them. Same interface as
workloads_jax.make."""
import math

import numpy as np
import torch

torch.set_default_dtype(torch.float64)


def _logsumexp(v, dim=None):
    if dim is None:
        m = torch.max(v)
        return torch.log(torch.sum(torch.exp(v - m))) + m
    m = torch.max(v, dim=dim, keepdim=True).values
    return (torch.log(torch.sum(torch.exp(v - m), dim=dim, keepdim=True)) + m).squeeze(dim)


def gmm(alpha, means, icf, x, gamma, m, wishart_constant):
    n, d = x.shape
    k = alpha.shape[0]
    qdiags = torch.exp(icf[:, :d])
    sum_qs = torch.sum(icf[:, :d], dim=1)
    # Strictly lower triangle of Q_c, filled column by column from icf[:, d:].
    rows, cols = zip(*[(b, a) for a in range(d) for b in range(a + 1, d)])
    lower = torch.zeros(k, d, d)
    lower[:, list(rows), list(cols)] = icf[:, d:]
    xcentered = x[:, None, :] - means[None, :, :]
    qx = qdiags[None, :, :] * xcentered + torch.einsum("kba,nka->nkb", lower, xcentered)
    main_term = alpha[None, :] + sum_qs[None, :] - 0.5 * torch.sum(qx * qx, dim=2)
    slse = torch.sum(_logsumexp(main_term, dim=1))
    frobenius = torch.sum(qdiags * qdiags, dim=1) + torch.sum(icf[:, d:] ** 2, dim=1)
    prior = torch.sum(0.5 * gamma * gamma * frobenius - m * sum_qs)
    constant = -n * d * 0.5 * math.log(2 * math.pi)
    return constant + slse - n * _logsumexp(alpha) - prior + wishart_constant


def mlp(w1, b1, w2, b2, x, labels):
    h = torch.tanh(x @ w1.T + b1)
    y = h @ w2.T + b2
    picked = torch.gather(y, 1, labels[:, None])[:, 0]
    return torch.mean(_logsumexp(y, dim=1) - picked)


def lse(x):
    a = torch.max(x)
    return torch.log(torch.sum(torch.exp(x - a))) + a


def llsq(x, n):
    t = -1 + torch.arange(n, dtype=torch.float64) * 2.0 / (n - 1)
    s = torch.sign(t)
    powers = torch.cumprod(torch.cat(
        [torch.ones(n, 1), t[:, None].repeat(1, x.shape[0] - 1)], dim=1), dim=1)
    r = s - powers @ x
    return torch.sum(r * r) / 2


def ode(x, s):
    h = 2.0 / s

    def f(y):
        return torch.cat([x[:1], x[1:] * y[:-1]])

    y = torch.zeros_like(x)
    for _ in range(s):
        k1 = f(y)
        k2 = f(y + h * k1 / 2)
        k3 = f(y + h * k2 / 2)
        k4 = f(y + h * k3)
        y = y + h * (k1 + 2 * k2 + 2 * k3 + k4) / 6
    return y[-1]


def lstm(main_params, extra_params, state, sequence):
    layers = main_params.shape[0] // 2
    b = extra_params.shape[1]
    w = main_params[0::2].reshape(layers, 4, b)
    bias = main_params[1::2].reshape(layers, 4, b)
    hidden = list(state[0::2])
    cell = list(state[1::2])
    total = 0
    for t in range(sequence.shape[0] - 1):
        layer_input = sequence[t] * extra_params[0]
        for layer in range(layers):
            h, c = hidden[layer], cell[layer]
            forget = torch.sigmoid(layer_input * w[layer, 0] + bias[layer, 0])
            ingate = torch.sigmoid(h * w[layer, 1] + bias[layer, 1])
            outgate = torch.sigmoid(layer_input * w[layer, 2] + bias[layer, 2])
            change = torch.tanh(h * w[layer, 3] + bias[layer, 3])
            c = c * forget + ingate * change
            h = outgate * torch.tanh(c)
            hidden[layer], cell[layer] = h, c
            layer_input = h
        ypred = layer_input * extra_params[1] + extra_params[2]
        lse2 = torch.log(torch.sum(torch.exp(ypred)) + 2)
        total = total + torch.sum(sequence[t + 1] * (ypred - lse2))
    return -total / ((sequence.shape[0] - 1) * b)


FUNCTIONS = {"gmm": gmm, "mlp": mlp, "lse": lse, "llsq": llsq, "ode": ode, "ode_check": ode,
             "lstm": lstm}
PLAIN = {"llsq": ("n",), "ode": ("s",), "ode_check": ("s",), "gmm": ("m", "gamma",
                                                                      "wishartConstant")}


def make(workload):
    name = workload["name"]
    f = FUNCTIONS[name]
    names = list(workload["args"])
    arguments = []
    for key in names:
        value = workload["args"][key]
        if key in PLAIN.get(name, ()):
            arguments.append(value)
        elif key == "labels":
            arguments.append(torch.tensor(value, dtype=torch.int64))
        else:
            arguments.append(torch.tensor(np.asarray(value, dtype=np.float64),
                                          requires_grad=key in workload["wrt"]))
    params = [arguments[names.index(key)] for key in workload["wrt"]]

    def primal(*args):
        with torch.no_grad():
            return f(*args)

    def gradient(*args):
        value = f(*args)
        return value, torch.autograd.grad(value, params)

    return primal, gradient, arguments


def block(result):
    return result


def flat(result):
    value, grads = result
    return float(value.detach()), np.concatenate([g.detach().numpy().ravel() for g in grads])
