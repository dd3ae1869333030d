"""Typical wrong answers (and valid alternatives) for 04_vectorised_net.

Cells holding several functions (the activations and their derivatives) are assembled from the correct
functions with one of them replaced, so each mutant differs from a right answer in exactly one place.
"""
from instructor.mutants import Alternative, Mutant

# --------------------------------------------------------------------------------------- activations
_ACTIVATIONS = {
    "sigmoid": '''
def sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))
''',
    "tanh": '''
def tanh(z):
    return np.tanh(z)
''',
    "relu": '''
def relu(z):
    return np.maximum(z, 0.0)
''',
    "leaky_relu": '''
def leaky_relu(z, alpha=0.01):
    return np.where(z > 0, z, alpha * z)
''',
}

_DERIVATIVES = {
    "sigmoid": '''
def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1 - s)
''',
    "tanh": '''
def tanh_derivative(z):
    return 1 - np.tanh(z) ** 2
''',
    "relu": '''
def relu_derivative(z):
    return np.where(z > 0, 1.0, 0.0)
''',
    "leaky_relu": '''
def leaky_relu_derivative(z, alpha=0.01):
    return np.where(z > 0, 1.0, alpha)
''',
}


def _cell(parts: dict, **replaced) -> str:
    return "\n\n".join(replaced.get(name, code).strip("\n") + "\n" for name, code in parts.items())


def activations(**replaced) -> str:
    return _cell(_ACTIVATIONS, **replaced)


def derivatives(**replaced) -> str:
    return _cell(_DERIVATIVES, **replaced)


# ---------------------------------------------------------------------------------- the other cells
INIT = '''
def initialize_parameters(n_x, n_h, n_y, seed=0):
    rng = np.random.default_rng(seed)
    W1 = rng.standard_normal((n_h, n_x)) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = rng.standard_normal((n_y, n_h)) * 0.01
    b2 = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
'''

FORWARD = '''
def forward_propagation(X, parameters, activation="tanh"):
    g, _ = get_activation(activation)
    Z1 = parameters["W1"] @ X + parameters["b1"]
    A1 = g(Z1)
    Z2 = parameters["W2"] @ A1 + parameters["b2"]
    A2 = sigmoid(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
'''

COST = '''
def compute_cost(A2, Y, parameters=None, lambd=0.0):
    m = Y.shape[1]
    cost = -np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)) / m
    if lambd:
        cost += lambd / (2 * m) * (np.sum(parameters["W1"] ** 2) + np.sum(parameters["W2"] ** 2))
    return float(cost)
'''

BACKWARD = '''
def backward_propagation(parameters, cache, X, Y, activation="tanh", lambd=0.0):
    _, g_prime = get_activation(activation)
    m = X.shape[1]
    W1, W2 = parameters["W1"], parameters["W2"]
    dZ2 = cache["A2"] - Y
    dW2 = dZ2 @ cache["A1"].T / m + (lambd / m) * W2
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (W2.T @ dZ2) * g_prime(cache["Z1"])
    dW1 = dZ1 @ X.T / m + (lambd / m) * W1
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
'''

UPDATE = '''
def update_parameters(parameters, grads, learning_rate):
    return {key: parameters[key] - learning_rate * grads["d" + key] for key in ("W1", "b1", "W2", "b2")}
'''

PREDICT = '''
def predict(parameters, X, activation="tanh"):
    A2, _ = forward_propagation(X, parameters, activation)
    return (A2 > 0.5).astype(int)
'''

NN_MODEL = '''
def nn_model(X, Y, n_h, num_iterations=10000, learning_rate=1.2, activation="tanh", seed=0, lambd=0.0,
             print_cost=False):
    parameters = initialize_parameters(X.shape[0], n_h, Y.shape[0], seed)
    for i in range(num_iterations):
        A2, cache = forward_propagation(X, parameters, activation)
        grads = backward_propagation(parameters, cache, X, Y, activation, lambd)
        if print_cost and i % 1000 == 0:
            print(f"iteration {i}: cost {compute_cost(A2, Y, parameters, lambd):.6f}")
        parameters = update_parameters(parameters, grads, learning_rate)
    return parameters
'''


def _sub(code: str, old: str, new: str, count: int = 1) -> str:
    """``code`` with ``old`` replaced by ``new`` (which must occur exactly ``count`` times)."""
    if code.count(old) != count:
        raise ValueError(f"{old!r} occurs {code.count(old)} times, expected {count}")
    return code.replace(old, new)


SIG, FWD, PRED = "test_sigmoid", "test_forward_propagation", "test_predict"
ACT, DER = "test_activations", "test_activation_derivatives"
INI, COS, COS2 = "test_initialize_parameters", "test_compute_cost", "test_compute_cost_l2"
BWD, BWD2, UPD = "test_backward_propagation", "test_backward_l2", "test_update_parameters"
NNM, MOONS = "test_nn_model", "test_nn_model_moons"

MUTANTS = [
    # ---- activations
    Mutant("naive sigmoid overflows for large negative z", "activations", activations(sigmoid='''
def sigmoid(z):
    return 1 / (1 + np.exp(-z))
'''), fails={SIG, DER}),
    Mutant("sigmoid as exp(z) / (1 + exp(z)) gives nan for large z", "activations", activations(sigmoid='''
def sigmoid(z):
    return np.exp(z) / (1 + np.exp(z))
'''), fails={SIG, DER}),
    Mutant("sigmoid with the sign of z flipped", "activations", activations(sigmoid='''
def sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, e / (1 + e), 1 / (1 + e))
'''), fails={SIG, FWD, PRED, NNM, MOONS}),
    Mutant("tanh as 2 sigmoid(z) - 1 (that is tanh(z/2))", "activations", activations(tanh='''
def tanh(z):
    return 2 * sigmoid(z) - 1
'''), fails={ACT, FWD, PRED, NNM}),
    Mutant("relu returns booleans", "activations", activations(relu='''
def relu(z):
    return z > 0
'''), fails={ACT, FWD, PRED, NNM}),
    Mutant("relu with np.max (a reduction) instead of np.maximum", "activations", activations(relu='''
def relu(z):
    return np.max(z, 0)
'''), fails={ACT, FWD, PRED, NNM}),
    Mutant("relu clips its input in place", "activations", activations(relu='''
def relu(z):
    z[z < 0] = 0
    return z
'''), fails={ACT, FWD}),
    Mutant("leaky_relu ignores alpha", "activations", activations(leaky_relu='''
def leaky_relu(z, alpha=0.01):
    return np.where(z > 0, z, 0.01 * z)
'''), fails={ACT}),
    Mutant("leaky_relu as np.maximum(z, alpha)", "activations", activations(leaky_relu='''
def leaky_relu(z, alpha=0.01):
    return np.maximum(z, alpha)
'''), fails={ACT, FWD}),
    # ---- derivatives
    Mutant("sigmoid' as sigmoid(z) (1 - z)", "activation_derivatives", derivatives(sigmoid='''
def sigmoid_derivative(z):
    return sigmoid(z) * (1 - z)
'''), fails={DER, BWD, BWD2}),
    Mutant("sigmoid' computed with a naive exp that overflows", "activation_derivatives", derivatives(sigmoid='''
def sigmoid_derivative(z):
    return np.exp(-z) / (1 + np.exp(-z)) ** 2
'''), fails={DER}),
    Mutant("tanh' without the square", "activation_derivatives", derivatives(tanh='''
def tanh_derivative(z):
    return 1 - np.tanh(z)
'''), fails={DER, BWD, BWD2, NNM, MOONS}),
    Mutant("tanh' as 1 - z**2 (the formula in A applied to Z)", "activation_derivatives", derivatives(tanh='''
def tanh_derivative(z):
    return 1 - z ** 2
'''), fails={DER, BWD, BWD2, NNM, MOONS}),
    Mutant("sigmoid' used for tanh", "activation_derivatives", derivatives(tanh='''
def tanh_derivative(z):
    s = sigmoid(z)
    return s * (1 - s)
'''), fails={DER, BWD, BWD2, NNM, MOONS}),
    Mutant("relu' returns booleans", "activation_derivatives", derivatives(relu='''
def relu_derivative(z):
    return z > 0
'''), fails={DER}),
    Mutant("relu' returns relu itself", "activation_derivatives", derivatives(relu='''
def relu_derivative(z):
    return np.maximum(z, 0.0)
'''), fails={DER, BWD, NNM}),
    Mutant("leaky relu' ignores alpha", "activation_derivatives", derivatives(leaky_relu='''
def leaky_relu_derivative(z, alpha=0.01):
    return np.where(z > 0, 1.0, 0.01)
'''), fails={DER}),
    Mutant("leaky relu' is 0 for negative z", "activation_derivatives", derivatives(leaky_relu='''
def leaky_relu_derivative(z, alpha=0.01):
    return np.where(z > 0, 1.0, 0.0)
'''), fails={DER, BWD}),
    # ---- initialize_parameters
    Mutant("zero initialisation", "initialize_parameters", _sub(_sub(INIT, "rng.standard_normal((n_h, n_x)) * 0.01",
                                                                     "np.zeros((n_h, n_x))"),
                                                                "rng.standard_normal((n_y, n_h)) * 0.01",
                                                                "np.zeros((n_y, n_h))"),
           fails={INI, NNM, MOONS}, demo=True),
    Mutant("W1 transposed, shape (n_x, n_h)", "initialize_parameters",
           _sub(INIT, "standard_normal((n_h, n_x))", "standard_normal((n_x, n_h))"), fails={INI, NNM, MOONS}),
    Mutant("b1 of shape (n_h,) instead of (n_h, 1)", "initialize_parameters",
           _sub(INIT, "np.zeros((n_h, 1))", "np.zeros(n_h)"), fails={INI, NNM, MOONS}),
    Mutant("weights not scaled by 0.01", "initialize_parameters", _sub(INIT, " * 0.01", "", count=2),
           fails={INI, NNM}),
    Mutant("legacy np.random.randn instead of default_rng", "initialize_parameters",
           _sub(_sub(_sub(INIT, "rng = np.random.default_rng(seed)", "np.random.seed(seed)"),
                     "rng.standard_normal((n_h, n_x))", "np.random.randn(n_h, n_x)"),
                "rng.standard_normal((n_y, n_h))", "np.random.randn(n_y, n_h)"), fails={INI, NNM}),
    Mutant("W2 drawn before W1", "initialize_parameters", '''
def initialize_parameters(n_x, n_h, n_y, seed=0):
    rng = np.random.default_rng(seed)
    W2 = rng.standard_normal((n_y, n_h)) * 0.01
    W1 = rng.standard_normal((n_h, n_x)) * 0.01
    return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}
''', fails={INI, NNM}),
    Mutant("seed ignored (always 0)", "initialize_parameters", _sub(INIT, "default_rng(seed)", "default_rng(0)"),
           fails={INI, NNM}),
    Mutant("hard-coded n_x = 2", "initialize_parameters", _sub(INIT, "standard_normal((n_h, n_x))",
                                                               "standard_normal((n_h, 2))"), fails={INI, NNM}),
    Mutant("float32 parameters where the docstring says float64", "initialize_parameters",
           _sub(INIT, 'return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}',
                'return {k: v.astype(np.float32) for k, v in {"W1": W1, "b1": b1, "W2": W2, "b2": b2}.items()}'),
           fails={INI}),
    Mutant("uniform instead of normal weights", "initialize_parameters",
           _sub(INIT, "rng.standard_normal(", "rng.random(", count=2), fails={INI, NNM}),
    # ---- forward_propagation
    Mutant("elementwise * instead of the matrix product", "forward_propagation",
           _sub(FORWARD, 'parameters["W1"] @ X', 'parameters["W1"] * X'), fails={FWD, PRED, NNM, MOONS}),
    Mutant("W1 transposed in the forward pass", "forward_propagation",
           _sub(FORWARD, 'parameters["W1"] @ X', 'parameters["W1"].T @ X'), fails={FWD, PRED, NNM, MOONS}),
    Mutant("b1 left out", "forward_propagation", _sub(FORWARD, ' + parameters["b1"]', ""),
           fails={FWD, PRED, NNM, MOONS}),
    Mutant("activation argument ignored (always tanh)", "forward_propagation",
           _sub(FORWARD, "get_activation(activation)", 'get_activation("tanh")'), fails={FWD, PRED, NNM}),
    Mutant("hidden activation used at the output too", "forward_propagation",
           _sub(FORWARD, "A2 = sigmoid(Z2)", "A2 = g(Z2)"), fails={FWD, PRED, NNM, MOONS}),
    Mutant("no sigmoid at the output", "forward_propagation", _sub(FORWARD, "A2 = sigmoid(Z2)", "A2 = Z2"),
           fails={FWD, PRED, NNM, MOONS}),
    Mutant("cache without A1", "forward_propagation", _sub(FORWARD, '"A1": A1, ', ""), fails={FWD, NNM, MOONS}),
    Mutant("cache stores A1 under Z1", "forward_propagation", _sub(FORWARD, '{"Z1": Z1,', '{"Z1": A1,'),
           fails={FWD, NNM}),
    Mutant("returns (cache, A2)", "forward_propagation",
           _sub(FORWARD, 'return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}',
                'return {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}, A2'), fails={FWD, PRED, NNM, MOONS}),
    # ---- compute_cost
    Mutant("cost with the wrong sign", "compute_cost", _sub(COST, "cost = -np.sum(", "cost = np.sum("),
           fails={COS, COS2}),
    Mutant("cost without 1/m", "compute_cost", _sub(COST, ") / m\n", ")\n"), fails={COS, COS2}),
    Mutant("cost returns a numpy float64", "compute_cost", _sub(COST, "return float(cost)", "return cost"),
           fails={COS, COS2}),
    Mutant("cost as a (1, 1) array from np.dot", "compute_cost", '''
def compute_cost(A2, Y, parameters=None, lambd=0.0):
    m = Y.shape[1]
    cost = -(np.dot(Y, np.log(A2).T) + np.dot(1 - Y, np.log(1 - A2).T)) / m
    if lambd:
        cost += lambd / (2 * m) * (np.sum(parameters["W1"] ** 2) + np.sum(parameters["W2"] ** 2))
    return cost
''', fails={COS, COS2}),
    Mutant("m read from the wrong axis (A2.shape[0])", "compute_cost", _sub(COST, "m = Y.shape[1]", "m = A2.shape[0]"),
           fails={COS, COS2}),
    Mutant("cost without the (1 - Y) log(1 - A2) term", "compute_cost",
           _sub(COST, "Y * np.log(A2) + (1 - Y) * np.log(1 - A2)", "Y * np.log(A2)"), fails={COS, COS2}),
    Mutant("log10 instead of the natural log", "compute_cost", _sub(COST, "np.log(", "np.log10(", count=2),
           fails={COS, COS2}),
    Mutant("L2 penalty without the 1/2", "compute_cost", _sub(COST, "lambd / (2 * m)", "lambd / m"), fails={COS2}),
    Mutant("L2 penalty on the biases too", "compute_cost",
           _sub(COST, 'np.sum(parameters["W2"] ** 2))', 'np.sum(parameters["W2"] ** 2) + np.sum(parameters["b1"] ** 2)'
                ' + np.sum(parameters["b2"] ** 2))'), fails={COS2}),
    Mutant("L2 strength ignored", "compute_cost", _sub(COST, "    if lambd:\n", "    if False:\n"), fails={COS2}),
    # ---- backward_propagation
    Mutant("gradients without 1/m", "backward_propagation", _sub(BACKWARD, "m = X.shape[1]", "m = 1"),
           fails={BWD, BWD2, NNM, MOONS}),
    Mutant("1/m applied twice", "backward_propagation", _sub(_sub(BACKWARD, " / m\n", " / m / m\n", count=2), " / m + (", " / m / m + (", count=2),
           fails={BWD, BWD2, NNM, MOONS}, demo=True),
    Mutant("dW2 transposed (A1 dZ2^T)", "backward_propagation",
           _sub(BACKWARD, 'dZ2 @ cache["A1"].T', 'cache["A1"] @ dZ2.T'), fails={BWD, BWD2, NNM, MOONS}),
    Mutant("elementwise * instead of W2^T @ dZ2", "backward_propagation", _sub(BACKWARD, "(W2.T @ dZ2)", "(W2.T * dZ2)"),
           fails={BWD, NNM}),
    Mutant("db summed over the wrong axis", "backward_propagation", _sub(BACKWARD, "axis=1", "axis=0", count=2),
           fails={BWD, BWD2, NNM, MOONS}),
    Mutant("db without keepdims", "backward_propagation", _sub(BACKWARD, ", keepdims=True", "", count=2),
           fails={BWD, BWD2, NNM, MOONS}),
    Mutant("sigmoid' used for every activation", "backward_propagation",
           _sub(BACKWARD, 'g_prime(cache["Z1"])', 'cache["A1"] * (1 - cache["A1"])'), fails={BWD, BWD2, NNM}),
    Mutant("dZ2 = Y - A2 (the sign)", "backward_propagation", _sub(BACKWARD, 'cache["A2"] - Y', 'Y - cache["A2"]'),
           fails={BWD, BWD2, NNM, MOONS}),
    Mutant("cache A2 modified in place", "backward_propagation",
           _sub(BACKWARD, '    dZ2 = cache["A2"] - Y\n', '    dZ2 = cache["A2"]\n    dZ2 -= Y\n'), fails={BWD, BWD2}),
    Mutant("hard-coded m = 200", "backward_propagation", _sub(BACKWARD, "m = X.shape[1]", "m = 200"),
           fails={BWD, BWD2, NNM}),
    Mutant("m read from the wrong axis (X.shape[0])", "backward_propagation",
           _sub(BACKWARD, "m = X.shape[1]", "m = X.shape[0]"), fails={BWD, BWD2, NNM, MOONS}),
    Mutant("L2 gradient lambd W without 1/m", "backward_propagation", _sub(BACKWARD, "(lambd / m)", "lambd", count=2),
           fails={BWD2, NNM}),
    Mutant("L2 gradient ignored", "backward_propagation", _sub(_sub(BACKWARD, " + (lambd / m) * W1", ""), " + (lambd / m) * W2", ""),
           fails={BWD2, NNM}),
    Mutant("L2 gradient added to db too", "backward_propagation",
           _sub(BACKWARD, "keepdims=True) / m\n", "keepdims=True) / m + lambd / m\n", count=2), fails={BWD2, NNM}),
    # ---- update_parameters
    Mutant("update with + instead of -", "update_parameters", _sub(UPDATE, "] - learning_rate", "] + learning_rate"),
           fails={UPD, NNM, MOONS}),
    Mutant("update in place with -=", "update_parameters", '''
def update_parameters(parameters, grads, learning_rate):
    for key in ("W1", "b1", "W2", "b2"):
        parameters[key] -= learning_rate * grads["d" + key]
    return dict(parameters)
''', fails={UPD}),
    Mutant("update writes into the caller's dict", "update_parameters", '''
def update_parameters(parameters, grads, learning_rate):
    for key in ("W1", "b1", "W2", "b2"):
        parameters[key] = parameters[key] - learning_rate * grads["d" + key]
    return parameters
''', fails={UPD}),
    Mutant("learning rate ignored", "update_parameters", _sub(UPDATE, "learning_rate * grads", "grads"),
           fails={UPD, NNM}),
    Mutant("hard-coded learning rate 1.2", "update_parameters", _sub(UPDATE, "learning_rate * grads", "1.2 * grads"),
           fails={UPD, NNM}),
    Mutant("biases not updated", "update_parameters", '''
def update_parameters(parameters, grads, learning_rate):
    new = {key: parameters[key] - learning_rate * grads["d" + key] for key in ("W1", "W2")}
    return {**new, "b1": parameters["b1"], "b2": parameters["b2"]}
''', fails={UPD, NNM, MOONS}),
    Mutant("b1 updated with dW1", "update_parameters", '''
def update_parameters(parameters, grads, learning_rate):
    new = {key: parameters[key] - learning_rate * grads["d" + key] for key in ("W1", "W2", "b2")}
    new["b1"] = parameters["b1"] - learning_rate * grads["dW1"]
    return new
''', fails={UPD, NNM, MOONS}),
    Mutant("learning rate squared", "update_parameters", _sub(UPDATE, "learning_rate * grads", "learning_rate ** 2 * grads"),
           fails={UPD, NNM}),
    Mutant("returns the gradient keys", "update_parameters", _sub(UPDATE, "{key: parameters", '{"d" + key: parameters'),
           fails={UPD, NNM, MOONS}),
    # ---- predict
    Mutant("predict with >= 0.5", "predict", _sub(PREDICT, "A2 > 0.5", "A2 >= 0.5"), fails={PRED}),
    Mutant("predict returns booleans", "predict", _sub(PREDICT, "(A2 > 0.5).astype(int)", "A2 > 0.5"), fails={PRED}),
    Mutant("predict returns rounded floats", "predict", _sub(PREDICT, "(A2 > 0.5).astype(int)", "np.round(A2)"),
           fails={PRED}),
    Mutant("predict returns shape (m,)", "predict", _sub(PREDICT, "(A2 > 0.5).astype(int)", "(A2 > 0.5).astype(int).ravel()"),
           fails={PRED}),
    Mutant("predict ignores the activation", "predict", _sub(PREDICT, "parameters, activation)", 'parameters, "tanh")'),
           fails={PRED}),
    Mutant("predict thresholds Z2 at 0.5", "predict", '''
def predict(parameters, X, activation="tanh"):
    _, cache = forward_propagation(X, parameters, activation)
    return (cache["Z2"] > 0.5).astype(int)
''', fails={PRED}),
    Mutant("predict thresholds A2 at 0", "predict", _sub(PREDICT, "A2 > 0.5", "A2 > 0"), fails={PRED, MOONS}),
    Mutant("predict returns the probabilities", "predict", _sub(PREDICT, "(A2 > 0.5).astype(int)", "A2"),
           fails={PRED, MOONS}),
    Mutant("predict with a hard-coded relu", "predict", _sub(PREDICT, "parameters, activation)", 'parameters, "relu")'),
           fails={PRED, MOONS}),
    # ---- nn_model
    Mutant("nn_model never keeps the update", "nn_model",
           _sub(NN_MODEL, "        parameters = update_parameters(", "        update_parameters("), fails={NNM, MOONS}),
    Mutant("nn_model runs one iteration too many", "nn_model", _sub(NN_MODEL, "range(num_iterations)",
                                                                   "range(num_iterations + 1)"), fails={NNM}),
    Mutant("nn_model with a hard-coded n_x = 2", "nn_model", _sub(NN_MODEL, "initialize_parameters(X.shape[0],",
                                                                 "initialize_parameters(2,"), fails={NNM}),
    Mutant("nn_model reads n_y from X", "nn_model", _sub(NN_MODEL, "n_h, Y.shape[0], seed", "n_h, X.shape[0], seed"),
           fails={NNM, MOONS}),
    Mutant("nn_model ignores the activation", "nn_model", _sub(NN_MODEL, "activation, lambd)", '"tanh", lambd)').replace(
        "forward_propagation(X, parameters, activation)", 'forward_propagation(X, parameters, "tanh")'), fails={NNM}),
    Mutant("nn_model ignores lambd", "nn_model", _sub(NN_MODEL, "activation, lambd)\n", "activation)\n"), fails={NNM}),
    Mutant("nn_model ignores the seed", "nn_model", _sub(NN_MODEL, "Y.shape[0], seed)", "Y.shape[0], 0)"),
           fails={NNM}),
    Mutant("nn_model ignores the learning rate", "nn_model", _sub(NN_MODEL, "grads, learning_rate)", "grads, 1.2)"),
           fails={NNM}),
    Mutant("nn_model returns (parameters, cost)", "nn_model", _sub(NN_MODEL, "    return parameters\n",
                                                                  "    return parameters, compute_cost(A2, Y)\n"),
           fails={NNM, MOONS}),
    Mutant("nn_model initialises inside the loop", "nn_model", '''
def nn_model(X, Y, n_h, num_iterations=10000, learning_rate=1.2, activation="tanh", seed=0, lambd=0.0,
             print_cost=False):
    for i in range(num_iterations):
        parameters = initialize_parameters(X.shape[0], n_h, Y.shape[0], seed)
        A2, cache = forward_propagation(X, parameters, activation)
        grads = backward_propagation(parameters, cache, X, Y, activation, lambd)
        parameters = update_parameters(parameters, grads, learning_rate)
    return parameters
''', fails={NNM, MOONS}),
]

ALTERNATIVES = [
    Alternative("sigmoid via tanh, relu and leaky relu via where/maximum", "activations", '''
def sigmoid(z):
    return 0.5 * (1 + np.tanh(0.5 * z))


def tanh(z):
    return np.tanh(z)


def relu(z):
    return np.where(z > 0, z, 0.0)


def leaky_relu(z, alpha=0.01):
    return np.maximum(z, alpha * z)
'''),
    Alternative("sigmoid by clipping z, relu as z * (z > 0)", "activations", activations(sigmoid='''
def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-np.clip(z, -500, 500)))
''', relu='''
def relu(z):
    return z * (z > 0)
''')),
    Alternative("derivatives via cosh and astype(float)", "activation_derivatives", '''
def sigmoid_derivative(z):
    s = sigmoid(z)
    return s - s ** 2


def tanh_derivative(z):
    return 1 / np.cosh(z) ** 2


def relu_derivative(z):
    return (z > 0).astype(float)


def leaky_relu_derivative(z, alpha=0.01):
    d = np.ones_like(z, dtype=float)
    d[z <= 0] = alpha
    return d
'''),
    Alternative("initialisation with size= and dict()", "initialize_parameters", '''
def initialize_parameters(n_x, n_h, n_y, seed=0):
    rng = np.random.default_rng(seed)
    W1 = 0.01 * rng.standard_normal(size=(n_h, n_x))
    W2 = 0.01 * rng.standard_normal(size=(n_y, n_h))
    return dict(W1=W1, b1=np.zeros(shape=(n_h, 1)), W2=W2, b2=np.zeros(shape=(n_y, 1)))
'''),
    Alternative("forward with np.dot, float64 inputs and a cache with extra keys", "forward_propagation", '''
def forward_propagation(X, parameters, activation="tanh"):
    X = np.asarray(X, dtype=np.float64)
    W1, b1, W2, b2 = parameters["W1"], parameters["b1"], parameters["W2"], parameters["b2"]
    g = get_activation(activation)[0]
    Z1 = np.dot(W1, X) + b1
    A1 = g(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = sigmoid(Z2)
    cache = {"X": X, "Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2, "W1": W1, "W2": W2, "activation": activation}
    return A2, cache
'''),
    Alternative("forward keeping float32 inputs in float32", "forward_propagation", '''
def forward_propagation(X, parameters, activation="tanh"):
    g, _ = get_activation(activation)
    p = {k: v.astype(X.dtype) for k, v in parameters.items()}
    Z1 = p["W1"] @ X + p["b1"]
    A1 = g(Z1)
    Z2 = p["W2"] @ A1 + p["b2"]
    A2 = sigmoid(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
'''),
    Alternative("cost with np.mean, np.dot and .item()", "compute_cost", '''
def compute_cost(A2, Y, parameters=None, lambd=0.0):
    m = A2.shape[1]
    logprobs = np.dot(Y, np.log(A2).T) + np.dot(1 - Y, np.log(1 - A2).T)
    cost = -logprobs.item() / m
    if lambd > 0:
        cost = cost + lambd / 2 / m * sum(np.square(parameters[k]).sum() for k in ("W1", "W2"))
    return float(cost)
'''),
    Alternative("backward with np.dot and tanh' from A1", "backward_propagation", '''
def backward_propagation(parameters, cache, X, Y, activation="tanh", lambd=0.0):
    m = Y.shape[1]
    W1 = parameters["W1"]
    W2 = parameters["W2"]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = (1 / m) * (np.dot(dZ2, A1.T) + lambd * W2)
    db2 = (1 / m) * np.sum(dZ2, axis=1, keepdims=True)
    if activation == "tanh":
        dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))
    else:
        dZ1 = np.dot(W2.T, dZ2) * get_activation(activation)[1](cache["Z1"])
    dW1 = (1 / m) * (np.dot(dZ1, X.T) + lambd * W1)
    db1 = (1 / m) * np.sum(dZ1, axis=1, keepdims=True)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
'''),
    Alternative("update with copies and explicit keys", "update_parameters", '''
def update_parameters(parameters, grads, learning_rate):
    new = {k: v.copy() for k, v in parameters.items()}
    new["W1"] = new["W1"] - learning_rate * grads["dW1"]
    new["b1"] = new["b1"] - learning_rate * grads["db1"]
    new["W2"] = new["W2"] - learning_rate * grads["dW2"]
    new["b2"] = new["b2"] - learning_rate * grads["db2"]
    return new
'''),
    Alternative("predict with np.where", "predict", '''
def predict(parameters, X, activation="tanh"):
    A2 = forward_propagation(X, parameters, activation=activation)[0]
    return np.where(A2 > 0.5, 1, 0)
'''),
    Alternative("nn_model with keyword arguments and a cost list", "nn_model", '''
def nn_model(X, Y, n_h, num_iterations=10000, learning_rate=1.2, activation="tanh", seed=0, lambd=0.0,
             print_cost=False):
    n_x, n_y = X.shape[0], Y.shape[0]
    parameters = initialize_parameters(n_x, n_h, n_y, seed=seed)
    costs = []
    for iteration in range(num_iterations):
        A2, cache = forward_propagation(X, parameters, activation=activation)
        if print_cost and iteration % 1000 == 0:
            costs.append(compute_cost(A2, Y, parameters, lambd))
            print("cost", costs[-1])
        grads = backward_propagation(parameters, cache, X, Y, activation=activation, lambd=lambd)
        parameters = update_parameters(parameters, grads, learning_rate=learning_rate)
    return parameters
'''),
]
