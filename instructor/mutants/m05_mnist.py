"""Typical wrong answers for 05_mnist (and correct alternatives that must keep full marks).

Downstream cells: forward uses softmax, and accuracy uses forward, so a wrong softmax or forward also loses
the points of the cells that call it. backward's hidden tests build their own cache, but its visible test
calls forward.
"""
from instructor.mutants import Alternative, Mutant, define, swap

MUTANTS = [
    # ---- one_hot ----
    Mutant("one_hot: examples as rows (np.eye(C)[y])",
           define('''
               def one_hot(y, num_classes):
                   return np.eye(num_classes)[y]
           '''), fails={"test_one_hot"}),
    Mutant("one_hot: integer dtype",
           swap("one_hot", '''
               y = np.asarray(y)
               Y = np.zeros((num_classes, y.shape[0]))
               Y[y, np.arange(y.shape[0])] = 1.0
           ''', '''
               Y = np.zeros((num_classes, len(y)), dtype=int)
               Y[y, np.arange(len(y))] = 1
           '''), fails={"test_one_hot"}),
    Mutant("one_hot: number of classes from the labels (y.max() + 1)",
           swap("one_hot", '''
               y = np.asarray(y)
               Y = np.zeros((num_classes, y.shape[0]))
               Y[y, np.arange(y.shape[0])] = 1.0
           ''', '''
               Y = np.zeros((y.max() + 1, len(y)))
               Y[y, np.arange(len(y))] = 1.0
           '''), fails={"test_one_hot"}),
    Mutant("one_hot: boolean array",
           define('''
               def one_hot(y, num_classes):
                   return np.arange(num_classes)[:, None] == y[None, :]
           '''), fails={"test_one_hot"}),
    Mutant("one_hot: labels off by one (1-based)",
           swap("one_hot", '''
               y = np.asarray(y)
               Y = np.zeros((num_classes, y.shape[0]))
               Y[y, np.arange(y.shape[0])] = 1.0
           ''', '''
               Y = np.zeros((num_classes, len(y)))
               Y[y - 1, np.arange(len(y))] = 1.0
           '''), fails={"test_one_hot"}),
    Mutant("one_hot: indices in the wrong order (Y[arange(m), y])",
           swap("one_hot", '''
               y = np.asarray(y)
               Y = np.zeros((num_classes, y.shape[0]))
               Y[y, np.arange(y.shape[0])] = 1.0
           ''', '''
               Y = np.zeros((num_classes, len(y)))
               Y[np.arange(len(y)), y] = 1.0
           '''), fails={"test_one_hot"}),
    Mutant("one_hot: whole rows set (Y[y, :] = 1)",
           swap("one_hot", '''
               y = np.asarray(y)
               Y = np.zeros((num_classes, y.shape[0]))
               Y[y, np.arange(y.shape[0])] = 1.0
           ''', '''
               Y = np.zeros((num_classes, len(y)))
               Y[y, :] = 1.0
           '''), fails={"test_one_hot"}),
    Mutant("one_hot: a nested list, not an array",
           define('''
               def one_hot(y, num_classes):
                   return [[1.0 if label == k else 0.0 for label in y] for k in range(num_classes)]
           '''), fails={"test_one_hot"}),
    Mutant("one_hot: sorts the labels in place",
           [swap("one_hot", "y = np.asarray(y)", "y.sort()"),
            swap("one_hot", "(num_classes, y.shape[0])", "(num_classes, len(y))"),
            swap("one_hot", "np.arange(y.shape[0])", "np.arange(len(y))")], fails={"test_one_hot"}),
    # ---- softmax ----
    Mutant("softmax over the wrong axis (rows)",
           [swap("softmax", "Z.max(axis=0, keepdims=True)", "Z.max(axis=1, keepdims=True)"),
            swap("softmax", "E.sum(axis=0, keepdims=True)", "E.sum(axis=1, keepdims=True)")],
           fails={"test_accuracy", "test_backward", "test_forward", "test_softmax"}, demo=True),
    Mutant("softmax without max subtraction (overflows)",
           swap("softmax", "Z - Z.max(axis=0, keepdims=True)", "Z"), fails={"test_softmax"}),
    Mutant("softmax subtracts the global max (underflows for columns far below it)",
           swap("softmax", "Z.max(axis=0, keepdims=True)", "Z.max()"), fails={"test_softmax"}),
    Mutant("softmax subtracts the row max",
           swap("softmax", "Z.max(axis=0, keepdims=True)", "Z.max(axis=1, keepdims=True)"),
           fails={"test_accuracy", "test_backward", "test_forward", "test_softmax"}),
    Mutant("softmax normalised by the sum of the whole matrix",
           swap("softmax", "E.sum(axis=0, keepdims=True)", "E.sum()"),
           fails={"test_backward", "test_forward", "test_softmax"}),
    Mutant("softmax shifts in place (modifies Z)",
           swap("softmax", "E = np.exp(Z - Z.max(axis=0, keepdims=True))", '''
               Z -= Z.max(axis=0, keepdims=True)
               E = np.exp(Z)
           '''), fails={"test_softmax"}),
    Mutant("softmax returns exp(Z) / sum without normalising each column by its own sum (ratio to max)",
           swap("softmax", "E.sum", "E.max"), fails={"test_backward", "test_forward", "test_softmax"}),
    Mutant("softmax of float32 computed in float16",
           swap("softmax", "E = np.exp(Z - Z.max(axis=0, keepdims=True))", '''
               Z = Z.astype(np.float16)
               E = np.exp(Z - Z.max(axis=0, keepdims=True))
           '''), fails={"test_backward", "test_forward", "test_softmax"}),
    Mutant("softmax via sigmoid of each logit",
           define('''
               def softmax(Z):
                   return 1 / (1 + np.exp(-np.clip(Z, -500, 500)))
           '''), fails={"test_accuracy", "test_backward", "test_forward", "test_softmax"}),
    # ---- cross_entropy ----
    Mutant("cross_entropy: missing 1/m (sum over the batch)",
           define('''
               def cross_entropy(A, Y):
                   return float(-np.sum(Y * np.log(np.maximum(A, 1e-12))))
           '''), fails={"test_cross_entropy"}),
    Mutant("cross_entropy: log of 0 (no clipping)",
           define('''
               def cross_entropy(A, Y):
                   return float(-np.sum(Y * np.log(A)) / A.shape[1])
           '''), fails={"test_cross_entropy"}),
    Mutant("cross_entropy: no minus sign",
           define('''
               def cross_entropy(A, Y):
                   return float(np.sum(Y * np.log(np.maximum(A, 1e-12))) / A.shape[1])
           '''), fails={"test_cross_entropy"}),
    Mutant("cross_entropy: returns a numpy float",
           define('''
               def cross_entropy(A, Y):
                   return -np.sum(Y * np.log(np.maximum(A, 1e-12))) / A.shape[1]
           '''), fails={"test_cross_entropy"}),
    Mutant("cross_entropy: mean over classes and examples",
           define('''
               def cross_entropy(A, Y):
                   return float(-np.mean(Y * np.log(np.maximum(A, 1e-12))))
           '''), fails={"test_cross_entropy"}),
    Mutant("cross_entropy: divides by the number of classes",
           define('''
               def cross_entropy(A, Y):
                   return float(-np.sum(Y * np.log(np.maximum(A, 1e-12))) / A.shape[0])
           '''), fails={"test_cross_entropy"}),
    Mutant("cross_entropy: binary cross-entropy formula",
           define('''
               def cross_entropy(A, Y):
                   A = np.clip(A, 1e-12, 1 - 1e-12)
                   return float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / A.shape[1])
           '''), fails={"test_cross_entropy"}),
    Mutant("cross_entropy: log of the most probable class, not the label's",
           define('''
               def cross_entropy(A, Y):
                   return float(-np.mean(np.log(np.maximum(A.max(axis=0), 1e-12))))
           '''), fails={"test_cross_entropy"}),
    Mutant("cross_entropy: smoothing epsilon added to every probability",
           define('''
               def cross_entropy(A, Y):
                   return float(-np.sum(Y * np.log(A + 1e-3)) / A.shape[1])
           '''), fails={"test_cross_entropy"}),
    # ---- forward ----
    Mutant("forward: sigmoid hidden layer instead of ReLU",
           swap("forward", "np.maximum(Z1, 0)", "1 / (1 + np.exp(-Z1))"), fails={"test_backward", "test_forward"}),
    Mutant("forward: no hidden bias",
           swap("forward", 'parameters["W1"] @ X + parameters["b1"]', 'parameters["W1"] @ X'),
           fails={"test_accuracy", "test_backward", "test_forward"}),
    Mutant("forward: no activation on the hidden layer",
           swap("forward", "np.maximum(Z1, 0)", "Z1"), fails={"test_accuracy", "test_backward", "test_forward"}),
    Mutant("forward: returns the logits Z2 instead of probabilities",
           swap("forward", '''
               A2 = softmax(parameters["W2"] @ A1 + parameters["b2"])
               return A2, {"X": X, "Z1": Z1, "A1": A1, "A2": A2}
           ''', '''
               Z2 = parameters["W2"] @ A1 + parameters["b2"]
               return Z2, {"X": X, "Z1": Z1, "A1": A1, "A2": softmax(Z2)}
           '''), fails={"test_forward"}),
    Mutant("forward: ReLU in place, so the cache's Z1 is A1",
           swap("forward", "A1 = np.maximum(Z1, 0)", '''
               A1 = Z1
               A1[A1 < 0] = 0
           '''), fails={"test_forward"}),
    Mutant("forward: leaky ReLU", swap("forward", "0", "0.01 * Z1"), fails={"test_backward", "test_forward"}),
    Mutant("forward: cache without X (named differently)",
           swap("forward", '"X"', '"A0"'), fails={"test_backward", "test_forward"}),
    Mutant("forward: softmax inlined over the rows",
           swap("forward", 'A2 = softmax(parameters["W2"] @ A1 + parameters["b2"])', '''
               Z2 = parameters["W2"] @ A1 + parameters["b2"]
               E = np.exp(Z2 - Z2.max(axis=1, keepdims=True))
               A2 = E / E.sum(axis=1, keepdims=True)
           '''), fails={"test_accuracy", "test_backward", "test_forward"}),
    Mutant("forward: examples as rows (X.T @ W1.T)",
           swap("forward", '''
               Z1 = parameters["W1"] @ X + parameters["b1"]
               A1 = np.maximum(Z1, 0)
               A2 = softmax(parameters["W2"] @ A1 + parameters["b2"])
           ''', '''
               Z1 = X.T @ parameters["W1"].T + parameters["b1"].T
               A1 = np.maximum(Z1, 0)
               A2 = softmax(A1 @ parameters["W2"].T + parameters["b2"].T)
           '''), fails={"test_accuracy", "test_backward", "test_forward"}),
    # ---- backward ----
    Mutant("backward: missing 1/m", swap("backward", "(A2 - Y) / m", "A2 - Y"), fails={"test_backward"}),
    Mutant("backward: no ReLU mask (derivative taken as 1 everywhere)",
           swap("backward", "Z1 > 0", "A1 >= 0"), fails={"test_backward"}),
    Mutant("backward: ReLU derivative at the wrong place (mask from dA1)",
           swap("backward", "Z1", 'parameters["W2"].T @ dZ2'), fails={"test_backward"}),
    Mutant("backward: ReLU derivative 1 at z = 0 (Z1 >= 0)",
           swap("backward", "Z1 > 0", "Z1 >= 0"), fails={"test_backward"}),
    Mutant("backward: ReLU mask applied before the product with W2.T (wrong layer)",
           swap("backward",
                '(parameters["W2"].T @ dZ2) * (Z1 > 0)',
                'parameters["W2"].T @ (dZ2 * (A2 > 0.5))'), fails={"test_backward"}),
    Mutant("backward: dZ = Y - A (sign)",
           swap("backward", "dZ2 = (A2 - Y) / m", "dZ2 = (Y - A2) / m"), fails={"test_backward"}),
    Mutant("backward: bias gradients summed over the wrong axis",
           [swap("backward", "dZ1.sum(axis=1, keepdims=True)", "dZ1.sum(axis=0, keepdims=True)"),
            swap("backward", "dZ2.sum(axis=1, keepdims=True)", "dZ2.sum(axis=0, keepdims=True)")],
           fails={"test_backward"}),
    Mutant("backward: bias gradients without keepdims",
           [swap("backward", "dZ1.sum(axis=1, keepdims=True)", "dZ1.sum(axis=1)"),
            swap("backward", "dZ2.sum(axis=1, keepdims=True)", "dZ2.sum(axis=1)")],
           fails={"test_backward"}),
    Mutant("backward: dW2 transposed (A1 @ dZ2.T)",
           swap("backward",
                'return {"W1": dZ1 @ X.T, "b1": dZ1.sum(axis=1, keepdims=True), "W2": dZ2 @ A1.T, "b2": dZ2.sum(axis=1, keepdims=True)}',
                'return {"W1": dZ1 @ X.T, "b1": dZ1.sum(axis=1, keepdims=True), "W2": A1 @ dZ2.T, "b2": dZ2.sum(axis=1, keepdims=True)}'),
           fails={"test_backward"}),
    Mutant("backward: sigmoid derivative for the hidden layer",
           swap("backward", "Z1 > 0", "A1 * (1 - A1)"), fails={"test_backward"}),
    Mutant("backward: subtracts Y in place from the cache",
           swap("backward", "dZ2 = (A2 - Y) / m", '''
               dZ2 = A2
               dZ2 -= Y
               dZ2 /= m
           '''), fails={"test_backward"}),
    # ---- sgd_update ----
    Mutant("sgd_update: steps up the gradient (+)",
           swap("sgd_update", "p - learning_rate * grads[k]", "p + learning_rate * grads[k]"), fails={"test_sgd"}),
    Mutant("sgd_update: updates in place (-=)",
           define('''
               def sgd_update(parameters, grads, state, learning_rate):
                   for k in parameters:
                       parameters[k] -= learning_rate * grads[k]
                   return parameters, state
           '''), fails={"test_sgd"}),
    Mutant("sgd_update: ignores the learning rate",
           swap("sgd_update", "learning_rate * grads[k]", "grads[k]"), fails={"test_sgd"}),
    Mutant("sgd_update: returns only the parameters",
           swap("sgd_update",
                "{k: p - learning_rate * grads[k] for k, p in parameters.items()}, state",
                "{k: p - learning_rate * grads[k] for k, p in parameters.items()}"), fails={"test_sgd"}),
    Mutant("sgd_update: updates the weights but not the biases",
           swap("sgd_update",
                "p - learning_rate * grads[k]",
                'p - learning_rate * grads[k] if k.startswith("W") else p'), fails={"test_sgd"}),
    Mutant("sgd_update: divides by the learning rate",
           swap("sgd_update", "learning_rate * grads[k]", "grads[k] / learning_rate"), fails={"test_sgd"}),
    Mutant("sgd_update: order of the tuple swapped",
           define('''
               def sgd_update(parameters, grads, state, learning_rate):
                   return state, {k: p - learning_rate * grads[k] for k, p in parameters.items()}
           '''), fails={"test_sgd"}),
    Mutant("sgd_update: state replaced by the gradients", swap("sgd_update", "state", "grads"), fails={"test_sgd"}),
    # ---- momentum_update ----
    Mutant("momentum: velocity adds the gradient (sign)",
           swap("momentum_update",
                '(beta * state["v"][k] if state else 0.0) - learning_rate * g',
                '(beta * state["v"][k] if state else 0.0) + learning_rate * g'), fails={"test_momentum"}),
    Mutant("momentum: parameters move against the velocity (p - v)",
           swap("momentum_update", "p + v[k]", "p - v[k]"), fails={"test_momentum"}),
    Mutant("momentum: no decay of the velocity (beta ignored)",
           swap("momentum_update", 'beta * state["v"][k]', 'state["v"][k]'), fails={"test_momentum"}),
    Mutant("momentum: velocity not kept (state stays empty)",
           swap("momentum_update", '{"v": v}', "{}"), fails={"test_momentum"}),
    Mutant("momentum: exponential-average form (1 - beta) g",
           swap("momentum_update", "learning_rate", "learning_rate * (1 - beta)"), fails={"test_momentum"}),
    Mutant("momentum: beta applied to the whole update",
           swap("momentum_update",
                '(beta * state["v"][k] if state else 0.0) - learning_rate * g',
                'beta * ((state["v"][k] if state else 0.0) - learning_rate * g)'),
           fails={"test_momentum"}),
    Mutant("momentum: stores the velocity in the given state (mutation)",
           define('''
               def momentum_update(parameters, grads, state, learning_rate, beta=0.9):
                   velocity = state.setdefault("v", {})
                   for k, g in grads.items():
                       velocity[k] = beta * velocity.get(k, 0.0) - learning_rate * g
                   return {k: p + velocity[k] for k, p in parameters.items()}, state
           '''), fails={"test_momentum"}),
    Mutant("momentum: state holds the velocity dict itself (no 'v' key)",
           [swap("momentum_update", 'state["v"]', "state"),
            swap("momentum_update", '{"v": v}', "v")], fails={"test_momentum"}),
    Mutant("momentum: uses the old velocity for the step",
           swap("momentum_update", "v[k]", 'beta * state["v"][k] if state else -learning_rate * grads[k]'),
           fails={"test_momentum"}),
    # ---- adam_update ----
    Mutant("adam: no bias correction",
           [swap("adam_update", "m[k] / (1 - beta1 ** t)", "m[k]"),
            swap("adam_update", "v[k] / (1 - beta2 ** t)", "v[k]")], fails={"test_adam"}, demo=True),
    Mutant("adam: bias correction of m only",
           swap("adam_update", "v[k] / (1 - beta2 ** t)", "v[k]"), fails={"test_adam"}),
    Mutant("adam: step count not incremented (t stays at 1)",
           swap("adam_update", 'state.get("t", 0) + 1', "1"), fails={"test_adam"}),
    Mutant("adam: bias correction with the old step count (t - 1)",
           [swap("adam_update", "beta1 ** t", "beta1 ** max(t - 1, 1)"),
            swap("adam_update", "beta2 ** t", "beta2 ** max(t - 1, 1)")], fails={"test_adam"}),
    Mutant("adam: eps inside the square root",
           swap("adam_update", "np.sqrt(v_hat) + eps", "np.sqrt(v_hat + eps)"), fails={"test_adam"}),
    Mutant("adam: second moment of g, not g squared",
           swap("adam_update", "(1 - beta2) * g * g", "(1 - beta2) * np.abs(g)", count=2), fails={"test_adam"}),
    Mutant("adam: stores the corrected moments in the state",
           swap("adam_update",
                'return new_parameters, {"t": t, "m": m, "v": v}',
                'return new_parameters, {"t": t, "m": {k: m[k] / (1 - beta1 ** t) for k in m}, "v": {k: v[k] / (1 - beta2 ** t) for k in v}}'),
           fails={"test_adam"}),
    Mutant("adam: beta1 and beta2 swapped",
           swap("adam_update", '''
               m[k] = beta1 * state["m"][k] + (1 - beta1) * g if state else (1 - beta1) * g
               v[k] = beta2 * state["v"][k] + (1 - beta2) * g * g if state else (1 - beta2) * g * g
               m_hat = m[k] / (1 - beta1 ** t)
               v_hat = v[k] / (1 - beta2 ** t)
           ''', '''
               m0 = state["m"][k] if state else 0.0
               v0 = state["v"][k] if state else 0.0
               m[k] = beta2 * m0 + (1 - beta2) * g
               v[k] = beta1 * v0 + (1 - beta1) * g * g
               m_hat = m[k] / (1 - beta2 ** t)
               v_hat = v[k] / (1 - beta1 ** t)
           '''), fails={"test_adam"}),
    Mutant("adam: steps up the gradient (+)",
           swap("adam_update",
                "p - learning_rate * m_hat / (np.sqrt(v_hat) + eps)",
                "p + learning_rate * m_hat / (np.sqrt(v_hat) + eps)"), fails={"test_adam"}),
    Mutant("adam: no square root of v", swap("adam_update", "np.sqrt(v_hat)", "v_hat"), fails={"test_adam"}),
    Mutant("adam: t stored as a numpy integer",
           swap("adam_update", 'state.get("t", 0) + 1', 'np.int64(state.get("t", 0) + 1)'), fails={"test_adam"}),
    # ---- accuracy ----
    Mutant("accuracy: argmax over the wrong axis", swap("accuracy", "0", "1"), fails={"test_accuracy"}),
    Mutant("accuracy: number correct instead of the fraction",
           swap("accuracy", "np.mean", "np.sum"), fails={"test_accuracy"}),
    Mutant("accuracy: returns a numpy float",
           [swap("accuracy", "float", "np.mean"),
            swap("accuracy", "np.mean(A2.argmax(axis=0) == y)", "A2.argmax(axis=0) == y")],
           fails={"test_accuracy"}),
    Mutant("accuracy: in percent",
           swap("accuracy", "np.mean(A2.argmax(axis=0) == y)", "100 * np.mean(A2.argmax(axis=0) == y)"),
           fails={"test_accuracy"}),
    Mutant("accuracy: argmin", swap("accuracy", "A2.argmax", "A2.argmin"), fails={"test_accuracy"}),
    Mutant("accuracy: divides by the number of features",
           swap("accuracy", "np.mean(A2.argmax(axis=0) == y)", "np.sum(A2.argmax(axis=0) == y) / X.shape[0]"),
           fails={"test_accuracy"}),
    Mutant("accuracy: error rate instead of accuracy",
           swap("accuracy", "A2.argmax(axis=0) == y", "A2.argmax(axis=0) != y"), fails={"test_accuracy"}),
    Mutant("accuracy: compares with the one-hot matrix",
           swap("accuracy", "y", "one_hot(y, A2.shape[0])"), fails={"test_accuracy"}),
]

ALTERNATIVES = [
    Alternative("one_hot by broadcasting a comparison",
                define('''
               def one_hot(y, num_classes):
                   return (np.arange(num_classes)[:, None] == np.asarray(y)[None, :]).astype(float)
           ''')),
    Alternative("one_hot with np.eye and a transpose",
                define('''
               def one_hot(y, num_classes):
                   return np.eye(num_classes)[:, y]
           ''')),
    Alternative("softmax via log-sum-exp",
                define('''
               def softmax(Z):
                   shifted = Z - np.max(Z, axis=0, keepdims=True)
                   return np.exp(shifted - np.log(np.sum(np.exp(shifted), axis=0, keepdims=True)))
           ''')),
    Alternative("cross_entropy picking the label's probability",
                define('''
               def cross_entropy(A, Y):
                   labels = Y.argmax(axis=0)
                   return float(-np.mean(np.log(np.clip(A[labels, np.arange(A.shape[1])], 1e-12, None))))
           ''')),
    Alternative("forward with np.where ReLU and extra cache entries ignored",
                define('''
               def forward(parameters, X):
                   W1, b1, W2, b2 = parameters["W1"], parameters["b1"], parameters["W2"], parameters["b2"]
                   Z1 = np.dot(W1, X) + b1
                   A1 = np.where(Z1 > 0, Z1, 0)
                   A2 = softmax(np.dot(W2, A1) + b2)
                   cache = {"X": X, "Z1": Z1, "A1": A1, "A2": A2}
                   return A2, cache
           ''')),
    Alternative("backward with the mask from A1 > 0", swap("backward", "Z1", "A1")),
    Alternative("sgd_update with a loop and a copy of the state",
                define('''
               def sgd_update(parameters, grads, state, learning_rate):
                   new = {}
                   for name in parameters:
                       new[name] = parameters[name] - learning_rate * grads[name]
                   return new, dict(state)
           ''')),
    Alternative("momentum with explicit zero velocities",
                define('''
               def momentum_update(parameters, grads, state, learning_rate, beta=0.9):
                   old = state.get("v", {k: np.zeros_like(p) for k, p in parameters.items()})
                   v = {k: beta * old[k] - learning_rate * grads[k] for k in parameters}
                   return {k: parameters[k] + v[k] for k in parameters}, {"v": v}
           ''')),
    Alternative("adam written with zeros_like and copies",
                swap("adam_update", '''
               new_parameters, m, v = {}, {}, {}
               for k, p in parameters.items():
                   g = grads[k]
                   m[k] = beta1 * state["m"][k] + (1 - beta1) * g if state else (1 - beta1) * g
                   v[k] = beta2 * state["v"][k] + (1 - beta2) * g * g if state else (1 - beta2) * g * g
                   m_hat = m[k] / (1 - beta1 ** t)
                   v_hat = v[k] / (1 - beta2 ** t)
                   new_parameters[k] = p - learning_rate * m_hat / (np.sqrt(v_hat) + eps)
               return new_parameters, {"t": t, "m": m, "v": v}
           ''', '''
               m_old = state.get("m", {k: np.zeros_like(p) for k, p in parameters.items()})
               v_old = state.get("v", {k: np.zeros_like(p) for k, p in parameters.items()})
               m = {k: beta1 * m_old[k] + (1 - beta1) * grads[k] for k in parameters}
               v = {k: beta2 * v_old[k] + (1 - beta2) * np.square(grads[k]) for k in parameters}
               lr_t = learning_rate * np.sqrt(1 - beta2 ** t) / (1 - beta1 ** t)
               new = {k: parameters[k] - lr_t * m[k] / (np.sqrt(v[k]) + eps * np.sqrt(1 - beta2 ** t)) for k in parameters}
               return new, {"t": t, "m": m, "v": v}
           ''')),
    Alternative("accuracy with np.count_nonzero",
                define('''
               def accuracy(parameters, X, y):
                   predictions = np.argmax(forward(parameters, X)[0], axis=0)
                   return int(np.count_nonzero(predictions == y)) / len(y)
           ''')),
]
