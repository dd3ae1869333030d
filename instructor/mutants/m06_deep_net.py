"""Typical wrong answers for 06_deep_net (and correct alternatives that must keep full marks).

Downstream cells: forward chains layer_forward (and dropout_forward), backward chains layer_backward (and
recomputes the output with layer_forward), predict calls forward, and train calls all of them, so a wrong
building block also loses the points of the cells that use it. The visible tests of forward, backward and
train use the student's own init_deep and forward; their hidden tests build their own parameters and caches.
"""
from instructor.mutants import Alternative, Misconception, Mutant, define, swap


# ---- misconceptions: what a student whose answer behaves like these entries is told ----
INIT_SCALE = Misconception(
    "Each layer's weights are scaled by its fan-in, the number of inputs n_in = layer_sizes[l - 1]: He's "
    "sqrt(2 / n_in), Xavier's sqrt(2 / (n_in + n_out)). Check which dimension and which constant you use.")
INIT_RNG = Misconception(
    "Draw every layer from one generator made from the seed, each W directly in its (n_out, n_in) shape, so "
    "that the same seed gives the same network in the course's order.")
INIT_LAYERS = Misconception(
    "A network with layer sizes [n_0, ..., n_L] has L layers of parameters, W1 ... WL: loop over every one of "
    "them.")
SOFTMAX_AXIS = Misconception(
    "Softmax normalises each example, which is a column here: sum over the classes, axis 0, so that every "
    "column adds up to 1.")
LAYER_ACTIVATION = Misconception(
    "Each activation has its own formula and derivative: ReLU is max(0, z) (with derivative 0 at z = 0), "
    "leaky ReLU uses the slope given, tanh' is 1 - tanh(z)^2.")
LAYER_CACHE = Misconception(
    "The layer's cache keeps what backward needs: its input A_prev, W, b and its own Z, unchanged (compute "
    "the activation into a new array).")
DROPOUT_MASK = Misconception(
    "Inverted dropout keeps a unit when the uniform draw is below keep_prob, and divides the kept activations "
    "by keep_prob so that their expected value is unchanged.")
DROPOUT_DTYPE = Misconception(
    "The dropout output keeps the dtype of A: build the mask in that dtype.")
FORWARD_LAYERS = Misconception(
    "The forward pass runs all L layers, the hidden ones with the chosen activation and the last with "
    "softmax, and stores each layer's cache in its own place.")
FORWARD_DROPOUT = Misconception(
    "Dropout applies to the hidden layers only (never to the output), each with its own seed derived from the "
    "seed given, so that the layers' masks differ.")
LAYER_BACKWARD_MEAN = Misconception(
    "dW and db are means over the m examples: divide by m (the number of columns), once; db keeps its column "
    "shape.")
CHAIN_ACTIVATION = Misconception(
    "Backward goes through the activation before the weights: dZ = dA times the activation's derivative at Z, "
    "then dW, db and dA_prev from dZ.")
BACKWARD_INDEXING = Misconception(
    "Walk the layers from L down to 1, each with its own cache, and store layer l's gradients under l: check "
    "every index and the loop's bounds.")
BACKWARD_OUTPUT = Misconception(
    "For softmax with cross-entropy, the output layer's dZ is AL - Y: prediction minus label.")
BACKWARD_DROPOUT = Misconception(
    "Backward through dropout multiplies the gradient by the very same mask (scaled by 1 / keep_prob) that "
    "forward used for that layer: reuse the cached mask.")
SGD_RULE = Misconception(
    "sgd_step moves every parameter of the network against its gradient and returns new arrays: whatever the "
    "number of layers, without changing params in place.")
PREDICT_RULE = Misconception(
    "predict runs the network in inference mode (no dropout), with the activation it is given, and takes the "
    "most probable class of each example (argmax over axis 0).")
TRAIN_MINIBATCHES = Misconception(
    "Each epoch shuffles the examples again and walks through all of them in minibatches, the last smaller "
    "one included; each step's dropout seed changes with the step.")
TRAIN_ACTIVATION = Misconception(
    "backward must use the same hidden activation as forward: pass it on.")

MUTANTS = [
    # ---- init_deep ----
    Mutant("init_deep: He scale on the wrong dimension (sqrt(2 / n_out))",
           swap("init_deep", "np.sqrt(2.0 / n_in)", "np.sqrt(2.0 / n_out)"),
           fails={"test_init_deep", "test_train"}, why=INIT_SCALE),
    Mutant("init_deep: Xavier without the 2 (sqrt(1 / (n_in + n_out)))",
           swap("init_deep", "np.sqrt(2.0 / (n_in + n_out))", "np.sqrt(1.0 / (n_in + n_out))"),
           fails={"test_init_deep", "test_train"}, why=INIT_SCALE),
    Mutant("init_deep: draws W as (n_in, n_out) and transposes it",
           swap("init_deep", "rng.standard_normal((n_out, n_in))", "rng.standard_normal((n_in, n_out)).T"),
           fails={"test_init_deep", "test_train"}, why=INIT_RNG),
    Mutant("init_deep: a new generator for every layer (seed + l)",
           swap("init_deep", "rng.standard_normal((n_out, n_in))",
                "np.random.default_rng(seed + l).standard_normal((n_out, n_in))"),
           fails={"test_init_deep", "test_train"}, why=INIT_RNG),
    Mutant("init_deep: one layer too few (range(1, len(layer_sizes) - 1))",
           swap("init_deep", "range(1, len(layer_sizes))", "range(1, len(layer_sizes) - 1)"),
           fails={"test_init_deep", "test_forward", "test_forward_dropout", "test_backward", "test_backward_dropout",
                  "test_train"}, why=INIT_LAYERS),
    # ---- layer_forward ----
    Mutant("layer_forward: softmax over the rows (axis=1)",
           [swap("layer_forward", "Z.max(axis=0, keepdims=True)", "Z.max(axis=1, keepdims=True)"),
            swap("layer_forward", "E.sum(axis=0, keepdims=True)", "E.sum(axis=1, keepdims=True)")],
           fails={"test_layer_forward", "test_forward", "test_forward_dropout", "test_backward",
                  "test_backward_dropout", "test_predict", "test_train"}, why=SOFTMAX_AXIS, probe=True),
    Mutant("layer_forward: leaky ReLU with slope 0.1",
           swap("layer_forward", "np.where(Z > 0, Z, 0.01 * Z)", "np.where(Z > 0, Z, 0.1 * Z)"),
           fails={"test_layer_forward", "test_forward", "test_forward_dropout", "test_layer_backward", "test_backward",
                  "test_predict", "test_train"}, why=LAYER_ACTIVATION),
    Mutant("layer_forward: the cache holds the layer's output A instead of its input A_prev",
           swap("layer_forward", '{"A_prev": A_prev, "W": W, "b": b, "Z": Z}', '{"A_prev": A, "W": W, "b": b, "Z": Z}'),
           fails={"test_layer_forward", "test_forward", "test_forward_dropout", "test_layer_backward",
                  "test_backward", "test_backward_dropout", "test_train"}, why=LAYER_CACHE),
    Mutant("layer_forward: ReLU in place on Z (the cached Z loses its negative entries)",
           swap("layer_forward", "A = np.maximum(Z, 0)", "A = np.maximum(Z, 0, out=Z)"),
           fails={"test_layer_forward", "test_forward"}, why=LAYER_CACHE),
    # ---- dropout_forward ----
    Mutant("dropout_forward: the mask is not scaled by 1 / keep_prob",
           swap("dropout_forward", "(keep / keep_prob).astype(A.dtype)", "keep.astype(A.dtype)"),
           fails={"test_dropout_forward", "test_forward_dropout", "test_train"}, why=DROPOUT_MASK, probe=True),
    Mutant("dropout_forward: keeps where u > keep_prob (drops with probability keep_prob)",
           swap("dropout_forward", "np.random.default_rng(seed).random(A.shape) < keep_prob",
                "np.random.default_rng(seed).random(A.shape) > keep_prob"),
           fails={"test_dropout_forward", "test_forward_dropout", "test_train"}, why=DROPOUT_MASK),
    Mutant("dropout_forward: float64 mask for float32 outputs",
           swap("dropout_forward", "(keep / keep_prob).astype(A.dtype)", "keep / keep_prob"),
           fails={"test_dropout_forward"}, why=DROPOUT_DTYPE),
    # ---- forward ----
    Mutant("forward: off-by-one in the layer loop (the last layer is skipped)",
           swap("forward", "range(1, L + 1)", "range(1, L)"),
           fails={"test_forward", "test_forward_dropout", "test_backward", "test_backward_dropout", "test_predict",
                  "test_train"}, why=FORWARD_LAYERS),
    Mutant("forward: the output layer uses the hidden activation, no softmax",
           swap("forward", 'activation if l < L else "softmax"', "activation"),
           fails={"test_forward", "test_forward_dropout", "test_backward", "test_backward_dropout", "test_predict",
                  "test_train"}, why=FORWARD_LAYERS),
    Mutant("forward: each layer's cache is stored one layer late (the cache of the wrong layer)",
           define('''
               def forward(X, params, activation="relu", keep_prob=1.0, seed=0):
                   L = len(params) // 2
                   A, caches, previous = X, [], None
                   for l in range(1, L + 1):
                       A, cache = layer_forward(A, params[f"W{l}"], params[f"b{l}"], activation if l < L else "softmax")
                       if l < L and keep_prob < 1:
                           A, cache["D"] = dropout_forward(A, keep_prob, seed + l)
                       caches.append(previous if previous is not None else cache)
                       previous = cache
                   return A, caches
           '''), fails={"test_forward", "test_forward_dropout", "test_backward", "test_backward_dropout", "test_train"},
           demo=True, why=FORWARD_LAYERS),
    Mutant("forward: dropout on the output layer too",
           swap("forward", "l < L and keep_prob < 1", "keep_prob < 1"),
           fails={"test_forward_dropout", "test_backward_dropout", "test_train"}, why=FORWARD_DROPOUT),
    Mutant("forward: the same dropout seed for every layer",
           swap("forward", "dropout_forward(A, keep_prob, seed + l)", "dropout_forward(A, keep_prob, seed)"),
           fails={"test_forward_dropout", "test_train"}, why=FORWARD_DROPOUT),
    # ---- layer_backward ----
    Mutant("layer_backward: dW and db not divided by m",
           [swap("layer_backward", "dZ @ cache['A_prev'].T / m", "dZ @ cache['A_prev'].T"),
            swap("layer_backward", "dZ.sum(axis=1, keepdims=True) / m", "dZ.sum(axis=1, keepdims=True)")],
           fails={"test_layer_backward", "test_backward", "test_backward_dropout", "test_train"},
           why=LAYER_BACKWARD_MEAN, probe=True),
    Mutant("layer_backward: dA_prev from dA instead of dZ (the activation's derivative skipped)",
           swap("layer_backward", 'cache["W"].T @ dZ', 'cache["W"].T @ dA'),
           fails={"test_layer_backward", "test_backward", "test_backward_dropout", "test_train"},
           why=CHAIN_ACTIVATION, probe=True),
    Mutant("layer_backward: tanh derivative as 1 - Z ** 2",
           swap("layer_backward", "1 - np.tanh(Z) ** 2", "1 - Z ** 2"),
           fails={"test_layer_backward", "test_backward", "test_backward_dropout", "test_train"},
           why=LAYER_ACTIVATION),
    Mutant("layer_backward: db without keepdims (shape (n,))",
           swap("layer_backward", "dZ.sum(axis=1, keepdims=True) / m", "dZ.sum(axis=1) / m"),
           fails={"test_layer_backward", "test_backward", "test_backward_dropout", "test_train"},
           why=LAYER_BACKWARD_MEAN),
    Mutant("layer_backward: ReLU derivative 1 at z = 0 (Z >= 0)",
           swap("layer_backward", "dA * (Z > 0)", "dA * (Z >= 0)"),
           fails={"test_layer_backward"}, why=LAYER_ACTIVATION),
    # ---- backward ----
    Mutant("backward: missing activation derivative on the last hidden layer",
           swap("backward", "layer_backward(dA, caches[l - 1], activation)",
                'layer_backward(dA, caches[l - 1], activation if l < L - 1 else "identity")'),
           fails={"test_backward", "test_backward_dropout", "test_train"}, why=CHAIN_ACTIVATION),
    Mutant("backward: gradients of layer l written to l + 1",
           swap("backward", 'dA, grads[f"W{l}"], grads[f"b{l}"] = layer_backward(dA, caches[l - 1], activation)',
                'dA, grads[f"W{l + 1}"], grads[f"b{l + 1}"] = layer_backward(dA, caches[l - 1], activation)'),
           fails={"test_backward", "test_backward_dropout", "test_train"}, why=BACKWARD_INDEXING),
    Mutant("backward: the cache of the wrong layer (caches[l] in the loop)",
           swap("backward", "layer_backward(dA, caches[l - 1], activation)", "layer_backward(dA, caches[l], activation)"),
           fails={"test_backward", "test_backward_dropout", "test_train"}, why=BACKWARD_INDEXING),
    Mutant("backward: off-by-one in the layer loop (stops before layer 1)",
           swap("backward", "range(L - 1, 0, -1)", "range(L - 1, 1, -1)"),
           fails={"test_backward", "test_backward_dropout", "test_train"}, why=BACKWARD_INDEXING),
    Mutant("backward: dZ of the output layer with the wrong sign (Y - AL)",
           swap("backward", "AL - Y", "Y - AL"),
           fails={"test_backward", "test_backward_dropout", "test_train"}, why=BACKWARD_OUTPUT, probe=True),
    Mutant("backward: dropout mask not reused (the gradient flows through dropped units)",
           swap("backward", 'dA = dA * caches[l - 1]["D"]', "dA = dA"),
           fails={"test_backward_dropout", "test_train"}, why=BACKWARD_DROPOUT),
    Mutant("backward: a fresh dropout mask in the backward pass",
           swap("backward", 'dA = dA * caches[l - 1]["D"]',
                'dA = dA * (np.random.default_rng(l).random(dA.shape) < 0.5) / 0.5'),
           fails={"test_backward_dropout", "test_train"}, why=BACKWARD_DROPOUT),
    Mutant("backward: the dropout mask of the wrong layer (caches[l])",
           [swap("backward", '"D" in caches[l - 1]', '"D" in caches[l]'),
            swap("backward", 'dA * caches[l - 1]["D"]', 'dA * caches[l]["D"]')],
           fails={"test_backward_dropout", "test_train"}, why=BACKWARD_DROPOUT),
    # ---- sgd_step ----
    Mutant("sgd_step: only the keys of a two-layer network",
           swap("sgd_step", "{key: value - learning_rate * grads[key] for key, value in params.items()}",
                '{key: params[key] - learning_rate * grads[key] for key in ("W1", "b1", "W2", "b2")}'),
           fails={"test_sgd_step", "test_train"}, why=SGD_RULE),
    Mutant("sgd_step: updates params in place",
           define('''
               def sgd_step(params, grads, learning_rate):
                   for key in params:
                       params[key] -= learning_rate * grads[key]
                   return params
           '''), fails={"test_sgd_step"}, why=SGD_RULE),
    Mutant("sgd_step: adds the gradient",
           swap("sgd_step", "value - learning_rate * grads[key]", "value + learning_rate * grads[key]"),
           fails={"test_sgd_step", "test_train"}, why=SGD_RULE),
    # ---- predict ----
    Mutant("predict: dropout left on at prediction",
           swap("predict", "forward(X, params, activation)", "forward(X, params, activation, 0.5)"),
           fails={"test_predict"}, why=PREDICT_RULE),
    Mutant("predict: always the default activation",
           swap("predict", "forward(X, params, activation)", "forward(X, params)"),
           fails={"test_predict"}, why=PREDICT_RULE),
    Mutant("predict: argmax over the wrong axis",
           swap("predict", "AL.argmax(axis=0)", "AL.argmax(axis=1)"),
           fails={"test_predict"}, why=PREDICT_RULE),
    # ---- train ----
    Mutant("train: one shuffle for all epochs",
           define('''
               def train(X, Y, layer_sizes, epochs, learning_rate, batch_size=32, activation="relu", scheme="he",
                         keep_prob=1.0, seed=0):
                   params = init_deep(layer_sizes, scheme, seed)
                   rng = np.random.default_rng(seed)
                   m = X.shape[1]
                   perm = rng.permutation(m)
                   losses, step = [], 0
                   for epoch in range(epochs):
                       for start in range(0, m, batch_size):
                           cols = perm[start:start + batch_size]
                           Xb, Yb = X[:, cols], Y[:, cols]
                           AL, caches = forward(Xb, params, activation, keep_prob, step)
                           losses.append(cross_entropy(AL, Yb))
                           params = sgd_step(params, backward(Xb, Yb, params, caches, activation), learning_rate)
                           step += 1
                   return params, losses
           '''), fails={"test_train"}, why=TRAIN_MINIBATCHES),
    Mutant("train: the last, smaller minibatch dropped",
           swap("train", "range(0, m, batch_size)", "range(0, m - batch_size + 1, batch_size)"),
           fails={"test_train"}, why=TRAIN_MINIBATCHES),
    Mutant("train: dropout seeded with the epoch, not the step",
           swap("train", "forward(Xb, params, activation, keep_prob, step)",
                "forward(Xb, params, activation, keep_prob, epoch)"),
           fails={"test_train"}, why=TRAIN_MINIBATCHES),
    Mutant("train: the hidden activation not passed to backward",
           swap("train", "backward(Xb, Yb, params, caches, activation)", "backward(Xb, Yb, params, caches)"),
           fails={"test_train"}, why=TRAIN_ACTIVATION),
]

ALTERNATIVES = [
    Alternative("init_deep: rng.normal(0, std, size) and a table of scales",
                define('''
                    def init_deep(layer_sizes, scheme="he", seed=0):
                        rng = np.random.default_rng(seed)
                        params = {}
                        for l, (n_in, n_out) in enumerate(zip(layer_sizes[:-1], layer_sizes[1:]), start=1):
                            std = {"he": np.sqrt(2 / n_in), "xavier": np.sqrt(2 / (n_in + n_out)),
                                   "lecun": np.sqrt(1 / n_in), "small": 0.01}[scheme]
                            params["W" + str(l)] = rng.normal(0.0, std, size=(n_out, n_in))
                            params["b" + str(l)] = np.zeros((n_out, 1))
                        return params
                ''')),
    Alternative("layer_forward: sigmoid with exp, ReLU as Z * (Z > 0), a table of functions",
                define('''
                    def layer_forward(A_prev, W, b, activation):
                        Z = np.dot(W, A_prev) + b
                        def softmax(z):
                            e = np.exp(z - np.max(z, axis=0))
                            return e / np.sum(e, axis=0)
                        g = {"relu": lambda z: z * (z > 0), "leaky_relu": lambda z: np.maximum(z, 0.01 * z),
                             "tanh": np.tanh, "sigmoid": lambda z: 1 / (1 + np.exp(-z)), "identity": lambda z: z + 0,
                             "softmax": softmax}[activation]
                        return g(Z), dict(A_prev=A_prev, W=W, b=b, Z=Z)
                ''')),
    Alternative("dropout_forward: np.where for the mask",
                define('''
                    def dropout_forward(A, keep_prob, seed):
                        u = np.random.default_rng(seed).random(A.shape)
                        D = np.where(u < keep_prob, 1.0 / keep_prob, 0.0).astype(A.dtype)
                        return A * D, D
                ''')),
    Alternative("forward: a while loop over the layers, the output layer after it",
                define('''
                    def forward(X, params, activation="relu", keep_prob=1.0, seed=0):
                        L = len(params) // 2
                        caches, A, l = [], X, 1
                        while l < L:
                            A, cache = layer_forward(A, params["W%d" % l], params["b%d" % l], activation)
                            if keep_prob < 1:
                                A, D = dropout_forward(A, keep_prob, seed + l)
                                cache["D"] = D
                            caches.append(cache)
                            l += 1
                        AL, cache = layer_forward(A, params["W%d" % L], params["b%d" % L], "softmax")
                        caches.append(cache)
                        return AL, caches
                ''')),
    Alternative("layer_backward: np.mean for db, a derivative table",
                define('''
                    def layer_backward(dA, cache, activation):
                        Z, A_prev, W = cache["Z"], cache["A_prev"], cache["W"]
                        s = 1 / (1 + np.exp(-Z))
                        derivative = {"relu": lambda: (Z > 0).astype(float), "leaky_relu": lambda: np.where(Z > 0, 1, 0.01),
                                      "tanh": lambda: 1 - np.tanh(Z) ** 2, "sigmoid": lambda: s * (1 - s),
                                      "identity": lambda: np.ones_like(Z)}[activation]()
                        dZ = dA * derivative
                        return W.T.dot(dZ), dZ.dot(A_prev.T) / A_prev.shape[1], np.mean(dZ, axis=1, keepdims=True)
                ''')),
    Alternative("backward: the output's softmax written out, the hidden layers in a reversed() loop",
                define('''
                    def backward(X, Y, params, caches, activation="relu"):
                        L = len(params) // 2
                        Z = caches[-1]["Z"]
                        AL = np.exp(Z - Z.max(axis=0)) / np.exp(Z - Z.max(axis=0)).sum(axis=0)
                        grads = {}
                        dA, grads["W%d" % L], grads["b%d" % L] = layer_backward(AL - Y, caches[-1], "identity")
                        for l in reversed(range(1, L)):
                            cache = caches[l - 1]
                            mask = cache.get("D")
                            dA, dW, db = layer_backward(dA if mask is None else dA * mask, cache, activation)
                            grads["W%d" % l], grads["b%d" % l] = dW, db
                        return grads
                ''')),
    Alternative("sgd_step: a loop over the gradients' keys",
                define('''
                    def sgd_step(params, grads, learning_rate):
                        new = {}
                        for key in grads:
                            new[key] = params[key] - learning_rate * grads[key]
                        return new
                ''')),
    Alternative("predict: np.argmax of the probabilities",
                define('''
                    def predict(X, params, activation="relu"):
                        return np.argmax(forward(X, params, activation=activation)[0], axis=0)
                ''')),
    Alternative("train: minibatches with np.split",
                define('''
                    def train(X, Y, layer_sizes, epochs, learning_rate, batch_size=32, activation="relu", scheme="he",
                              keep_prob=1.0, seed=0):
                        params = init_deep(layer_sizes, scheme=scheme, seed=seed)
                        rng = np.random.default_rng(seed)
                        losses = []
                        for _ in range(epochs):
                            order = rng.permutation(X.shape[1])
                            for cols in np.split(order, np.arange(batch_size, X.shape[1], batch_size)):
                                AL, caches = forward(X[:, cols], params, activation, keep_prob, len(losses))
                                losses.append(cross_entropy(AL, Y[:, cols]))
                                grads = backward(X[:, cols], Y[:, cols], params, caches, activation)
                                params = sgd_step(params, grads, learning_rate)
                        return params, losses
                ''')),
]
