"""The peers' workloads in JAX (float64, jit): the same functions as the Java benchmarks'
@Differentiable methods, written the way one writes them in JAX (array operations; lax loops for
the sequential ones). Each maker takes the workload's arguments (as read from the file) and
returns (primal, gradient, arguments): primal(*arguments) is the value, gradient(*arguments) is
(value, tuple of gradients in the workload's wrt order)."""
import math

import jax
import jax.numpy as jnp
import numpy as np

jax.config.update("jax_enable_x64", True)


def _logsumexp(v, axis=None):
    m = jnp.max(v, axis=axis, keepdims=True)
    return jnp.squeeze(jnp.log(jnp.sum(jnp.exp(v - m), axis=axis, keepdims=True)) + m, axis=axis)


def gmm(alpha, means, icf, x, gamma, m, wishart_constant):
    n, d = x.shape
    qdiags = jnp.exp(icf[:, :d])
    sum_qs = jnp.sum(icf[:, :d], axis=1)
    # Strictly lower triangle of Q_c, filled column by column from icf[:, d:].
    rows, cols = zip(*[(b, a) for a in range(d) for b in range(a + 1, d)])
    lower = jnp.zeros((alpha.shape[0], d, d)).at[:, rows, cols].set(icf[:, d:])
    xcentered = x[:, None, :] - means[None, :, :]
    qx = qdiags[None, :, :] * xcentered + jnp.einsum("kba,nka->nkb", lower, xcentered)
    main_term = alpha[None, :] + sum_qs[None, :] - 0.5 * jnp.sum(qx * qx, axis=2)
    slse = jnp.sum(_logsumexp(main_term, axis=1))
    frobenius = jnp.sum(qdiags * qdiags, axis=1) + jnp.sum(icf[:, d:] ** 2, axis=1)
    prior = jnp.sum(0.5 * gamma * gamma * frobenius - m * sum_qs)
    constant = -n * d * 0.5 * math.log(2 * math.pi)
    return constant + slse - n * _logsumexp(alpha) - prior + wishart_constant


def mlp(w1, b1, w2, b2, x, labels):
    h = jnp.tanh(x @ w1.T + b1)
    y = h @ w2.T + b2
    picked = jnp.take_along_axis(y, labels[:, None], axis=1)[:, 0]
    return jnp.mean(_logsumexp(y, axis=1) - picked)


def lse(x):
    a = jnp.max(x)
    return jnp.log(jnp.sum(jnp.exp(x - a))) + a


def llsq(x, n):
    t = -1 + jnp.arange(n) * 2.0 / (n - 1)
    s = jnp.sign(t)
    # Powers t^j as running products, as the Java method computes them (mul *= ti).
    powers = jnp.cumprod(jnp.concatenate(
        [jnp.ones((n, 1)), jnp.repeat(t[:, None], x.shape[0] - 1, axis=1)], axis=1), axis=1)
    r = s - powers @ x
    return jnp.sum(r * r) / 2


def ode(x, s):
    h = 2.0 / s

    def f(y):
        return jnp.concatenate([x[:1], x[1:] * y[:-1]])

    def step(_, y):
        k1 = f(y)
        k2 = f(y + h * k1 / 2)
        k3 = f(y + h * k2 / 2)
        k4 = f(y + h * k3)
        return y + h * (k1 + 2 * k2 + 2 * k3 + k4) / 6

    return jax.lax.fori_loop(0, s, step, jnp.zeros_like(x))[-1]


def lstm(main_params, extra_params, state, sequence):
    layers = main_params.shape[0] // 2
    b = extra_params.shape[1]
    w = main_params[0::2].reshape(layers, 4, b)
    bias = main_params[1::2].reshape(layers, 4, b)

    def step(carry, io):
        hidden, cell = carry
        inp, gold = io
        layer_input = inp * extra_params[0]
        new_hidden, new_cell = [], []
        for layer in range(layers):
            h, c = hidden[layer], cell[layer]
            forget = jax.nn.sigmoid(layer_input * w[layer, 0] + bias[layer, 0])
            ingate = jax.nn.sigmoid(h * w[layer, 1] + bias[layer, 1])
            outgate = jax.nn.sigmoid(layer_input * w[layer, 2] + bias[layer, 2])
            change = jnp.tanh(h * w[layer, 3] + bias[layer, 3])
            c = c * forget + ingate * change
            h = outgate * jnp.tanh(c)
            new_hidden.append(h)
            new_cell.append(c)
            layer_input = h
        ypred = layer_input * extra_params[1] + extra_params[2]
        lse2 = jnp.log(jnp.sum(jnp.exp(ypred)) + 2)
        return (jnp.stack(new_hidden), jnp.stack(new_cell)), jnp.sum(gold * (ypred - lse2))

    init = (state[0::2], state[1::2])
    _, totals = jax.lax.scan(step, init, (sequence[:-1], sequence[1:]))
    return -jnp.sum(totals) / ((sequence.shape[0] - 1) * b)


FUNCTIONS = {"gmm": gmm, "mlp": mlp, "lse": lse, "llsq": llsq, "ode": ode, "ode_check": ode,
             "lstm": lstm}
# Arguments that select sizes (loop counts, shapes): static under jit.
STATIC = {"llsq": ("n",), "ode": ("s",), "ode_check": ("s",), "gmm": ("m",)}


def make(workload):
    name = workload["name"]
    f = FUNCTIONS[name]
    names = list(workload["args"])
    static = STATIC.get(name, ())
    arguments = []
    for key in names:
        value = workload["args"][key]
        if key in static:
            arguments.append(value)
        elif isinstance(value, list):
            array = np.asarray(value)
            arguments.append(jnp.asarray(array))
        else:
            arguments.append(jnp.float64(value))
    static_numbers = tuple(i for i, key in enumerate(names) if key in static)
    wrt = tuple(names.index(key) for key in workload["wrt"])
    primal = jax.jit(f, static_argnums=static_numbers)
    gradient = jax.jit(jax.value_and_grad(f, argnums=wrt), static_argnums=static_numbers)
    return primal, gradient, arguments


def block(result):
    return jax.block_until_ready(result)


def flat(result):
    value, grads = result
    return float(value), np.concatenate([np.asarray(g).ravel() for g in grads])
