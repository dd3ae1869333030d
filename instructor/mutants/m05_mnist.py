"""Typical wrong answers for 05_mnist (and correct alternatives that must keep full marks).

Downstream cells: forward uses softmax, and accuracy uses forward, so a wrong softmax or forward also loses
the points of the cells that call it. backward's hidden tests build their own cache, but its visible tests
call forward.
"""
from instructor.mutants import Alternative, Misconception, Mutant, define, swap


# ---- misconceptions: what a student whose answer behaves like these entries is told ----
ONE_HOT_LAYOUT = Misconception(
    "one_hot returns a float array of shape (num_classes, m): one column per example, with a 1.0 in the row "
    "of its label and zeros elsewhere. Check the layout, the dtype and which index is the label.")
ONE_HOT_CLASSES = Misconception(
    "The number of classes is the num_classes given, not the largest label seen (a batch need not contain "
    "every digit).")
ONE_HOT_LABELS = Misconception(
    "Labels are 0-based class indices: label k puts its 1 in row k, exactly one entry per column.")
ONE_HOT_INPUT = Misconception(
    "one_hot must not change the labels it is given (no sorting or other in-place change).")
SOFTMAX_AXIS = Misconception(
    "Softmax normalises each example, a column here: exponentials and sums over axis 0 (the classes), so that "
    "every column adds up to 1, each by its own sum.")
SOFTMAX_STABLE = Misconception(
    "Subtract each column's own maximum before exponentiating: without it exp overflows, and with one global "
    "maximum a column far below it underflows to 0/0.")
SOFTMAX_INPUT = Misconception(
    "softmax must not change the Z it is given: shift a copy, not Z itself.")
SOFTMAX_PRECISION = Misconception(
    "Compute softmax in the input's precision (or higher), never in float16: small probabilities vanish.")
SOFTMAX_FORMULA = Misconception(
    "Softmax is exp(z_k) divided by the sum of the exponentials of its column: not a sigmoid of each logit.")
CE_MEAN = Misconception(
    "Cross-entropy is the mean over the m examples of -log(probability of the true class): divide by m only, "
    "not by the number of classes or entries.")
CE_FORMULA = Misconception(
    "Cross-entropy is minus the log of the probability the network gives each example's true label (found "
    "with the one-hot Y), averaged over the examples: check the sign and which probability you take the log "
    "of.")
CE_CLIPPING = Misconception(
    "A probability can be exactly 0, and log(0) is -inf: clip the probabilities with the tiny eps of the "
    "docstring before the log (without shifting every probability).")
RETURN_FLOAT = Misconception(
    "Return a plain Python float, not a numpy scalar.")
FORWARD_LAYERS = Misconception(
    "The hidden layer is ReLU(W1 X + b1) (its bias, and ReLU, not another activation), the output layer "
    "softmax(W2 A1 + b2): check each layer's formula and activation.")
FORWARD_OUTPUT = Misconception(
    "forward returns the probabilities A2 (after softmax), not the logits Z2, and softmax goes over the "
    "classes of each example.")
FORWARD_CACHE = Misconception(
    "The cache holds exactly Z1, A1, Z2 and A2, each its own array (compute ReLU into a new array so Z1 keeps "
    "its negative entries).")
ARGUMENT_ORDER = Misconception(
    "Keep this course's order of arguments and layout: the data first, then params, with examples as columns.")
BACKWARD_MEAN = Misconception(
    "The loss is a mean over the m examples (columns of X): every gradient, weights and biases alike, is "
    "divided by m exactly once.")
BACKWARD_RELU = Misconception(
    "Backward through ReLU multiplies by its derivative at Z1: 1 where Z1 > 0, 0 elsewhere, applied to W2^T "
    "dZ2 (the hidden layer's gradient), not before the product or from dA1.")
BACKWARD_DZ2 = Misconception(
    "For softmax with cross-entropy, dZ2 = A2 - Y: prediction minus label, computed as a new array (the cache "
    "stays as it was).")
BACKWARD_SHAPES = Misconception(
    "Each gradient has the shape of its parameter: dW2 = dZ2 A1^T / m, and db is the mean of dZ over the "
    "examples (axis 1), keeping a column.")
BACKWARD_ACTIVATION = Misconception(
    "The hidden layer is ReLU, so backward uses ReLU's derivative, not the sigmoid's.")
GRAD_KEYS = Misconception(
    "This course names the gradients after their parameters: grads has the keys W1, b1, W2, b2 (not dW1, "
    "...).")
SGD_RULE = Misconception(
    "SGD moves every parameter, biases included, against its gradient by learning_rate times the gradient.")
OPTIMIZER_CONTRACT = Misconception(
    "Every optimiser returns (new_params, new_state) as new dictionaries: it never changes params, grads or "
    "the state it is given, and the state keeps what the next step needs under the documented key.")
MOMENTUM_RULE = Misconception(
    "Momentum keeps a velocity v = beta v - learning_rate g (with the beta given) and moves each parameter by "
    "the new velocity: p + v.")
ADAGRAD_RULE = Misconception(
    "AdaGrad adds each step's squared gradient to a running sum s (including this step's) and divides the "
    "step by sqrt(s) + eps, with eps outside the square root.")
RMSPROP_RULE = Misconception(
    "RMSProp keeps a decaying mean of squared gradients, s = beta s + (1 - beta) g^2 (with the beta given, no "
    "bias correction), and divides the step by sqrt(s) + eps.")
ADAM_RULE = Misconception(
    "Adam keeps decaying means of g and of g^2, increments the step count t first, corrects both means by 1 / "
    "(1 - beta^t), and steps by m_hat / (sqrt(v_hat) + eps) with the eps given.")
ADAM_STATE = Misconception(
    "Adam's state stores the uncorrected moments m and v and the step count t as a Python int: the bias "
    "correction is applied to the step only.")
DESCENT_SIGN = Misconception(
    "Optimisers step against the gradient: a parameter minus the step, never plus.")
ACCURACY_RULE = Misconception(
    "Accuracy is the fraction (a float between 0 and 1) of examples whose most probable class, the argmax "
    "over the classes (axis 0), equals their integer label.")
AFFINE_BACKWARD = Misconception(
    "An affine layer Z = W X + b passes back dX = W^T dZ and computes dW = dZ X^T and db = the sum of dZ over "
    "the examples, keeping a column; the 1/m is already in dZ from the loss layer.")
LAYER_STATE = Misconception(
    "Each layer object remembers its own input from its forward pass (on the instance, not the class).")
RELU_LAYER = Misconception(
    "The ReLU layer's mask is Z > 0 from its forward pass (strictly, made without changing the input), and "
    "backward returns dA times that mask.")
SIGMOID_LAYER = Misconception(
    "The sigmoid layer's backward is dA times A (1 - A), where A is the layer's forward output.")
SOFTMAX_LOSS_LAYER = Misconception(
    "SoftmaxWithLoss applies softmax over the classes (axis 0), returns the mean loss, and its backward is (A "
    "- Y) / m.")

# The cells of the layered route, whose SoftmaxWithLoss layer uses the student's softmax and cross_entropy:
# a wrong value there fails them too.
LAYERED_ROUTE = {"test_layered_network", "test_softmax_with_loss"}

MUTANTS = [
    # ---- one_hot ----
    Mutant("one_hot: examples as rows (np.eye(C)[y])",
           define('''
               def one_hot(y, num_classes):
                   return np.eye(num_classes)[y]
           '''), fails={"test_one_hot"}, why=ONE_HOT_LAYOUT),
    Mutant("one_hot: integer dtype",
           swap("one_hot", '''
               y = np.asarray(y)
               Y = np.zeros((num_classes, y.shape[0]))
               Y[y, np.arange(y.shape[0])] = 1.0
           ''', '''
               Y = np.zeros((num_classes, len(y)), dtype=int)
               Y[y, np.arange(len(y))] = 1
           '''), fails={"test_one_hot"}, why=ONE_HOT_LAYOUT),
    Mutant("one_hot: number of classes from the labels (y.max() + 1)",
           swap("one_hot", '''
               y = np.asarray(y)
               Y = np.zeros((num_classes, y.shape[0]))
               Y[y, np.arange(y.shape[0])] = 1.0
           ''', '''
               Y = np.zeros((y.max() + 1, len(y)))
               Y[y, np.arange(len(y))] = 1.0
           '''), fails={"test_one_hot"}, why=ONE_HOT_CLASSES),
    Mutant("one_hot: boolean array",
           define('''
               def one_hot(y, num_classes):
                   return np.arange(num_classes)[:, None] == y[None, :]
           '''), fails={"test_one_hot"}, why=ONE_HOT_LAYOUT),
    Mutant("one_hot: labels off by one (1-based)",
           swap("one_hot", '''
               y = np.asarray(y)
               Y = np.zeros((num_classes, y.shape[0]))
               Y[y, np.arange(y.shape[0])] = 1.0
           ''', '''
               Y = np.zeros((num_classes, len(y)))
               Y[y - 1, np.arange(len(y))] = 1.0
           '''), fails={"test_one_hot"}, why=ONE_HOT_LABELS),
    Mutant("one_hot: indices in the wrong order (Y[arange(m), y])",
           swap("one_hot", '''
               y = np.asarray(y)
               Y = np.zeros((num_classes, y.shape[0]))
               Y[y, np.arange(y.shape[0])] = 1.0
           ''', '''
               Y = np.zeros((num_classes, len(y)))
               Y[np.arange(len(y)), y] = 1.0
           '''), fails={"test_one_hot"}, why=ONE_HOT_LAYOUT),
    Mutant("one_hot: whole rows set (Y[y, :] = 1)",
           swap("one_hot", '''
               y = np.asarray(y)
               Y = np.zeros((num_classes, y.shape[0]))
               Y[y, np.arange(y.shape[0])] = 1.0
           ''', '''
               Y = np.zeros((num_classes, len(y)))
               Y[y, :] = 1.0
           '''), fails={"test_one_hot"}, why=ONE_HOT_LABELS),
    Mutant("one_hot: a nested list, not an array",
           define('''
               def one_hot(y, num_classes):
                   return [[1.0 if label == k else 0.0 for label in y] for k in range(num_classes)]
           '''), fails={"test_one_hot"}, why=ONE_HOT_LAYOUT),
    Mutant("one_hot: sorts the labels in place",
           [swap("one_hot", "y = np.asarray(y)", "y.sort()"),
            swap("one_hot", "(num_classes, y.shape[0])", "(num_classes, len(y))"),
            swap("one_hot", "np.arange(y.shape[0])", "np.arange(len(y))")], fails={"test_one_hot"},
           why=ONE_HOT_INPUT),
    # ---- softmax ----
    Mutant("softmax over the wrong axis (rows)",
           [swap("softmax", "Z.max(axis=0, keepdims=True)", "Z.max(axis=1, keepdims=True)"),
            swap("softmax", "E.sum(axis=0, keepdims=True)", "E.sum(axis=1, keepdims=True)")],
           fails={"test_accuracy", "test_backward", "test_forward", "test_softmax"} | LAYERED_ROUTE, demo=True,
           why=SOFTMAX_AXIS, probe=True),
    Mutant("softmax without max subtraction (overflows)",
           swap("softmax", "Z - Z.max(axis=0, keepdims=True)", "Z"), fails={"test_softmax"}, why=SOFTMAX_STABLE),
    Mutant("softmax subtracts the global max (underflows for columns far below it)",
           swap("softmax", "Z.max(axis=0, keepdims=True)", "Z.max()"), fails={"test_softmax"}, why=SOFTMAX_STABLE),
    Mutant("softmax subtracts the row max",
           swap("softmax", "Z.max(axis=0, keepdims=True)", "Z.max(axis=1, keepdims=True)"),
           fails={"test_accuracy", "test_backward", "test_forward", "test_softmax"} | LAYERED_ROUTE,
           why=SOFTMAX_STABLE),
    Mutant("softmax normalised by the sum of the whole matrix",
           swap("softmax", "E.sum(axis=0, keepdims=True)", "E.sum()"),
           fails={"test_backward", "test_forward", "test_softmax"} | LAYERED_ROUTE, why=SOFTMAX_AXIS),
    Mutant("softmax shifts in place (modifies Z)",
           swap("softmax", "E = np.exp(Z - Z.max(axis=0, keepdims=True))", '''
               Z -= Z.max(axis=0, keepdims=True)
               E = np.exp(Z)
           '''), fails={"test_forward", "test_softmax", "test_softmax_with_loss"},  # cache["Z2"] shifted too
           why=SOFTMAX_INPUT),
    Mutant("softmax returns exp(Z) / sum without normalising each column by its own sum (ratio to max)",
           swap("softmax", "E.sum", "E.max"), fails={"test_backward", "test_forward", "test_softmax"} | LAYERED_ROUTE,
           why=SOFTMAX_AXIS),
    Mutant("softmax of float32 computed in float16",
           swap("softmax", "E = np.exp(Z - Z.max(axis=0, keepdims=True))", '''
               Z = Z.astype(np.float16)
               E = np.exp(Z - Z.max(axis=0, keepdims=True))
           '''), fails={"test_backward", "test_forward", "test_softmax"} | LAYERED_ROUTE, why=SOFTMAX_PRECISION),
    Mutant("softmax via sigmoid of each logit",
           define('''
               def softmax(Z):
                   return 1 / (1 + np.exp(-np.clip(Z, -500, 500)))
           '''), fails={"test_accuracy", "test_backward", "test_forward", "test_softmax"} | LAYERED_ROUTE,
           why=SOFTMAX_FORMULA),
    # ---- cross_entropy ----
    Mutant("cross_entropy: missing 1/m (sum over the batch)",
           define('''
               def cross_entropy(A, Y):
                   return float(-np.sum(Y * np.log(np.maximum(A, 1e-12))))
           '''), fails={"test_cross_entropy", "test_layered_network", "test_softmax_with_loss"}, why=CE_MEAN,
           probe=True),
    Mutant("cross_entropy: log of 0 (no clipping)",
           define('''
               def cross_entropy(A, Y):
                   return float(-np.sum(Y * np.log(A)) / A.shape[1])
           '''), fails={"test_cross_entropy"}, why=CE_CLIPPING),
    Mutant("cross_entropy: no minus sign",
           define('''
               def cross_entropy(A, Y):
                   return float(np.sum(Y * np.log(np.maximum(A, 1e-12))) / A.shape[1])
           '''), fails={"test_cross_entropy", "test_layered_network", "test_softmax_with_loss"}, why=CE_FORMULA),
    Mutant("cross_entropy: returns a numpy float",
           define('''
               def cross_entropy(A, Y):
                   return -np.sum(Y * np.log(np.maximum(A, 1e-12))) / A.shape[1]
           '''), fails={"test_cross_entropy", "test_layered_network", "test_softmax_with_loss"}, why=RETURN_FLOAT),
    Mutant("cross_entropy: mean over classes and examples",
           define('''
               def cross_entropy(A, Y):
                   return float(-np.mean(Y * np.log(np.maximum(A, 1e-12))))
           '''), fails={"test_cross_entropy", "test_layered_network", "test_softmax_with_loss"}, why=CE_MEAN),
    Mutant("cross_entropy: divides by the number of classes",
           define('''
               def cross_entropy(A, Y):
                   return float(-np.sum(Y * np.log(np.maximum(A, 1e-12))) / A.shape[0])
           '''), fails={"test_cross_entropy"} | LAYERED_ROUTE, why=CE_MEAN),
    Mutant("cross_entropy: binary cross-entropy formula",
           define('''
               def cross_entropy(A, Y):
                   A = np.clip(A, 1e-12, 1 - 1e-12)
                   return float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / A.shape[1])
           '''), fails={"test_cross_entropy", "test_layered_network", "test_softmax_with_loss"}, why=CE_FORMULA),
    Mutant("cross_entropy: log of the most probable class, not the label's",
           define('''
               def cross_entropy(A, Y):
                   return float(-np.mean(np.log(np.maximum(A.max(axis=0), 1e-12))))
           '''), fails={"test_cross_entropy", "test_layered_network", "test_softmax_with_loss"}, why=CE_FORMULA),
    Mutant("cross_entropy: smoothing epsilon added to every probability",
           define('''
               def cross_entropy(A, Y):
                   return float(-np.sum(Y * np.log(A + 1e-3)) / A.shape[1])
           '''), fails={"test_cross_entropy", "test_layered_network", "test_softmax_with_loss"}, why=CE_CLIPPING),
    # ---- forward ----
    Mutant("forward: sigmoid hidden layer instead of ReLU",
           swap("forward", "np.maximum(Z1, 0)", "1 / (1 + np.exp(-Z1))"), fails={"test_backward", "test_forward"},
           why=FORWARD_LAYERS),
    Mutant("forward: no hidden bias",
           swap("forward", 'params["W1"] @ X + params["b1"]', 'params["W1"] @ X'),
           fails={"test_accuracy", "test_backward", "test_forward"}, why=FORWARD_LAYERS),
    Mutant("forward: no activation on the hidden layer",
           swap("forward", "np.maximum(Z1, 0)", "Z1"), fails={"test_accuracy", "test_backward", "test_forward"},
           why=FORWARD_LAYERS),
    Mutant("forward: returns the logits Z2 instead of probabilities",
           swap("forward", "return A2, {'Z1': Z1, 'A1': A1, 'Z2': Z2, 'A2': A2}",
                "return Z2, {'Z1': Z1, 'A1': A1, 'Z2': Z2, 'A2': A2}"), fails={"test_forward"}, why=FORWARD_OUTPUT),
    Mutant("forward: ReLU in place, so the cache's Z1 is A1",
           swap("forward", "A1 = np.maximum(Z1, 0)", '''
               A1 = Z1
               A1[A1 < 0] = 0
           '''), fails={"test_forward"}, why=FORWARD_CACHE),
    Mutant("forward: leaky ReLU", swap("forward", "0", "0.01 * Z1"), fails={"test_backward", "test_forward"},
           why=FORWARD_LAYERS),
    Mutant("forward: cache without Z2",
           swap("forward", "{'Z1': Z1, 'A1': A1, 'Z2': Z2, 'A2': A2}", "{'Z1': Z1, 'A1': A1, 'A2': A2}"),
           fails={"test_forward"}, why=FORWARD_CACHE),
    Mutant("forward: cache with X too (keys not as documented)",
           swap("forward", "{'Z1': Z1, 'A1': A1, 'Z2': Z2, 'A2': A2}", "{'X': X, 'Z1': Z1, 'A1': A1, 'Z2': Z2, 'A2': A2}"),
           fails={"test_forward"}, why=FORWARD_CACHE),
    Mutant("forward: parameters first (forward(params, X), another course's order)",
           define('''
               def forward(params, X):
                   Z1 = params["W1"] @ X + params["b1"]
                   A1 = np.maximum(Z1, 0)
                   Z2 = params["W2"] @ A1 + params["b2"]
                   A2 = softmax(Z2)
                   return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
           '''), fails={"test_accuracy", "test_backward", "test_forward"}, why=ARGUMENT_ORDER),
    Mutant("forward: softmax inlined over the rows",
           swap("forward", "A2 = softmax(Z2)", '''
               E = np.exp(Z2 - Z2.max(axis=1, keepdims=True))
               A2 = E / E.sum(axis=1, keepdims=True)
           '''), fails={"test_accuracy", "test_backward", "test_forward"}, why=FORWARD_OUTPUT),
    Mutant("forward: examples as rows (X.T @ W1.T)",
           swap("forward", '''
               Z1 = params["W1"] @ X + params["b1"]
               A1 = np.maximum(Z1, 0)
               Z2 = params["W2"] @ A1 + params["b2"]
           ''', '''
               Z1 = X.T @ params["W1"].T + params["b1"].T
               A1 = np.maximum(Z1, 0)
               Z2 = A1 @ params["W2"].T + params["b2"].T
           '''), fails={"test_accuracy", "test_backward", "test_forward"}, why=ARGUMENT_ORDER),
    # ---- backward ----
    Mutant("backward: missing 1/m", swap("backward", "m = X.shape[1]", "m = 1"), fails={"test_backward"},
           why=BACKWARD_MEAN, probe=True),
    Mutant("backward: 1/m twice (dZ2 divided by m, and dW, db again)",
           swap("backward", "dZ2 = cache['A2'] - Y", "dZ2 = (cache['A2'] - Y) / m"), fails={"test_backward"},
           why=BACKWARD_MEAN),
    Mutant("backward: m read from the wrong axis (X.shape[0])",
           swap("backward", "X.shape[1]", "X.shape[0]"), fails={"test_backward"}, why=BACKWARD_MEAN),
    Mutant("backward: 1/m on the weights only, not the biases",
           [swap("backward", "dZ1.sum(axis=1, keepdims=True) / m", "dZ1.sum(axis=1, keepdims=True)"),
            swap("backward", "dZ2.sum(axis=1, keepdims=True) / m", "dZ2.sum(axis=1, keepdims=True)")],
           fails={"test_backward"}, why=BACKWARD_MEAN),
    Mutant("backward: no ReLU mask (derivative taken as 1 everywhere)",
           swap("backward", "cache['Z1'] > 0", "cache['A1'] >= 0"), fails={"test_backward"}, why=BACKWARD_RELU,
           probe=True),
    Mutant("backward: ReLU derivative at the wrong place (mask from dA1)",
           swap("backward", "cache['Z1'] > 0", "params['W2'].T @ dZ2 > 0"), fails={"test_backward"},
           why=BACKWARD_RELU),
    Mutant("backward: ReLU derivative 1 at z = 0 (Z1 >= 0)",
           swap("backward", "cache['Z1'] > 0", "cache['Z1'] >= 0"), fails={"test_backward"}, why=BACKWARD_RELU),
    Mutant("backward: ReLU mask applied before the product with W2.T (wrong layer)",
           swap("backward", "(params['W2'].T @ dZ2) * (cache['Z1'] > 0)",
                "params['W2'].T @ (dZ2 * (cache['A2'] > 0.5))"), fails={"test_backward"}, why=BACKWARD_RELU),
    Mutant("backward: dZ = Y - A (sign)",
           swap("backward", "dZ2 = cache['A2'] - Y", "dZ2 = Y - cache['A2']"), fails={"test_backward"},
           why=BACKWARD_DZ2),
    Mutant("backward: bias gradients summed over the wrong axis",
           [swap("backward", "dZ1.sum(axis=1, keepdims=True)", "dZ1.sum(axis=0, keepdims=True)"),
            swap("backward", "dZ2.sum(axis=1, keepdims=True)", "dZ2.sum(axis=0, keepdims=True)")],
           fails={"test_backward"}, why=BACKWARD_SHAPES),
    Mutant("backward: bias gradients without keepdims",
           [swap("backward", "dZ1.sum(axis=1, keepdims=True)", "dZ1.sum(axis=1)"),
            swap("backward", "dZ2.sum(axis=1, keepdims=True)", "dZ2.sum(axis=1)")],
           fails={"test_backward"}, why=BACKWARD_SHAPES),
    Mutant("backward: dW2 transposed (A1 @ dZ2.T)",
           swap("backward", "dZ2 @ cache['A1'].T / m", "cache['A1'] @ dZ2.T / m"), fails={"test_backward"},
           why=BACKWARD_SHAPES),
    Mutant("backward: sigmoid derivative for the hidden layer",
           swap("backward", "cache['Z1'] > 0", "cache['A1'] * (1 - cache['A1'])"), fails={"test_backward"},
           why=BACKWARD_ACTIVATION),
    Mutant("backward: subtracts Y in place from the cache",
           swap("backward", "dZ2 = cache['A2'] - Y", '''
               dZ2 = cache["A2"]
               dZ2 -= Y
           '''), fails={"test_backward"}, why=BACKWARD_DZ2),
    Mutant("backward: gradients keyed dW1, db1, ... (another course's convention)",
           swap("backward", "{'W1': dZ1 @ X.T / m, 'b1': dZ1.sum(axis=1, keepdims=True) / m, "
                            "'W2': dZ2 @ cache['A1'].T / m, 'b2': dZ2.sum(axis=1, keepdims=True) / m}",
                "{'dW1': dZ1 @ X.T / m, 'db1': dZ1.sum(axis=1, keepdims=True) / m, "
                "'dW2': dZ2 @ cache['A1'].T / m, 'db2': dZ2.sum(axis=1, keepdims=True) / m}"),
           fails={"test_backward"}, why=GRAD_KEYS),
    Mutant("backward: parameters first (params, cache, X, Y), another course's order",
           define('''
               def backward(params, cache, X, Y):
                   m = X.shape[1]
                   dZ2 = cache["A2"] - Y
                   dZ1 = (params["W2"].T @ dZ2) * (cache["Z1"] > 0)
                   return {"W1": dZ1 @ X.T / m, "b1": dZ1.sum(axis=1, keepdims=True) / m,
                           "W2": dZ2 @ cache["A1"].T / m, "b2": dZ2.sum(axis=1, keepdims=True) / m}
           '''), fails={"test_backward"}, why=ARGUMENT_ORDER),
    # ---- sgd_update ----
    Mutant("sgd_update: steps up the gradient (+)",
           swap("sgd_update", "p - learning_rate * grads[k]", "p + learning_rate * grads[k]"), fails={"test_sgd"},
           why=DESCENT_SIGN),
    Mutant("sgd_update: updates in place (-=)",
           define('''
               def sgd_update(params, grads, state, learning_rate):
                   for k in params:
                       params[k] -= learning_rate * grads[k]
                   return params, state
           '''), fails={"test_sgd"}, why=OPTIMIZER_CONTRACT),
    Mutant("sgd_update: ignores the learning rate",
           swap("sgd_update", "learning_rate * grads[k]", "grads[k]"), fails={"test_sgd"}, why=SGD_RULE),
    Mutant("sgd_update: returns only the parameters",
           swap("sgd_update",
                "{k: p - learning_rate * grads[k] for k, p in params.items()}, state",
                "{k: p - learning_rate * grads[k] for k, p in params.items()}"), fails={"test_sgd"},
           why=OPTIMIZER_CONTRACT),
    Mutant("sgd_update: updates the weights but not the biases",
           swap("sgd_update",
                "p - learning_rate * grads[k]",
                'p - learning_rate * grads[k] if k.startswith("W") else p'), fails={"test_sgd"}, why=SGD_RULE),
    Mutant("sgd_update: divides by the learning rate",
           swap("sgd_update", "learning_rate * grads[k]", "grads[k] / learning_rate"), fails={"test_sgd"},
           why=SGD_RULE),
    Mutant("sgd_update: order of the tuple swapped",
           define('''
               def sgd_update(params, grads, state, learning_rate):
                   return state, {k: p - learning_rate * grads[k] for k, p in params.items()}
           '''), fails={"test_sgd"}, why=OPTIMIZER_CONTRACT),
    Mutant("sgd_update: state replaced by the gradients", swap("sgd_update", "state", "grads"), fails={"test_sgd"},
           why=OPTIMIZER_CONTRACT),
    # ---- momentum_update ----
    Mutant("momentum: velocity adds the gradient (sign)",
           swap("momentum_update",
                '(beta * state["v"][k] if state else 0.0) - learning_rate * g',
                '(beta * state["v"][k] if state else 0.0) + learning_rate * g'), fails={"test_momentum"},
           why=MOMENTUM_RULE),
    Mutant("momentum: parameters move against the velocity (p - v)",
           swap("momentum_update", "p + v[k]", "p - v[k]"), fails={"test_momentum"}, why=MOMENTUM_RULE),
    Mutant("momentum: no decay of the velocity (beta ignored)",
           swap("momentum_update", 'beta * state["v"][k]', 'state["v"][k]'), fails={"test_momentum"},
           why=MOMENTUM_RULE),
    Mutant("momentum: beta hard-coded to 0.9 (the argument ignored)",
           swap("momentum_update", 'beta * state["v"][k]', '0.9 * state["v"][k]'), fails={"test_momentum"},
           why=MOMENTUM_RULE),
    Mutant("momentum: velocity not kept (state stays empty)",
           swap("momentum_update", '{"v": v}', "{}"), fails={"test_momentum"}, why=OPTIMIZER_CONTRACT),
    Mutant("momentum: exponential-average form (1 - beta) g",
           swap("momentum_update", "learning_rate", "learning_rate * (1 - beta)"), fails={"test_momentum"},
           why=MOMENTUM_RULE),
    Mutant("momentum: beta applied to the whole update",
           swap("momentum_update",
                '(beta * state["v"][k] if state else 0.0) - learning_rate * g',
                'beta * ((state["v"][k] if state else 0.0) - learning_rate * g)'),
           fails={"test_momentum"}, why=MOMENTUM_RULE),
    Mutant("momentum: stores the velocity in the given state (mutation)",
           define('''
               def momentum_update(params, grads, state, learning_rate, beta=0.9):
                   velocity = state.setdefault("v", {})
                   for k, g in grads.items():
                       velocity[k] = beta * velocity.get(k, 0.0) - learning_rate * g
                   return {k: p + velocity[k] for k, p in params.items()}, state
           '''), fails={"test_momentum"}, why=OPTIMIZER_CONTRACT),
    Mutant("momentum: state holds the velocity dict itself (no 'v' key)",
           [swap("momentum_update", 'state["v"]', "state"),
            swap("momentum_update", '{"v": v}', "v")], fails={"test_momentum"}, why=OPTIMIZER_CONTRACT),
    Mutant("momentum: uses the old velocity for the step",
           swap("momentum_update", "v[k]", 'beta * state["v"][k] if state else -learning_rate * grads[k]'),
           fails={"test_momentum"}, why=MOMENTUM_RULE),
    # ---- adagrad_update ----
    Mutant("adagrad: eps inside the square root",
           swap("adagrad_update", "np.sqrt(s[k]) + eps", "np.sqrt(s[k] + eps)"), fails={"test_adagrad"},
           why=ADAGRAD_RULE),
    Mutant("adagrad: eps ignored (0 / 0 for a zero gradient)",
           swap("adagrad_update", "np.sqrt(s[k]) + eps", "np.sqrt(s[k])"), fails={"test_adagrad"}, why=ADAGRAD_RULE),
    Mutant("adagrad: no running sum (only this step's g^2)",
           swap("adagrad_update", '(state["s"][k] if state else 0.0) + g * g', "g * g"), fails={"test_adagrad"},
           why=ADAGRAD_RULE),
    Mutant("adagrad: sums |g| instead of g^2",
           swap("adagrad_update", "g * g", "np.abs(g)"), fails={"test_adagrad"}, why=ADAGRAD_RULE),
    Mutant("adagrad: divides by s, not its square root",
           swap("adagrad_update", "np.sqrt(s[k])", "s[k]"), fails={"test_adagrad"}, why=ADAGRAD_RULE),
    Mutant("adagrad: steps with the sum before this gradient",
           define('''
               def adagrad_update(params, grads, state, learning_rate=0.01, eps=1e-8):
                   old = state["s"] if state else {k: np.zeros_like(g) for k, g in grads.items()}
                   new_params = {k: p - learning_rate * grads[k] / (np.sqrt(old[k]) + eps) for k, p in params.items()}
                   return new_params, {"s": {k: old[k] + grads[k] ** 2 for k in grads}}
           '''), fails={"test_adagrad"}, why=ADAGRAD_RULE),
    Mutant("adagrad: steps up the gradient (+)",
           swap("adagrad_update", "p - learning_rate * grads[k] / (np.sqrt(s[k]) + eps)",
                "p + learning_rate * grads[k] / (np.sqrt(s[k]) + eps)"), fails={"test_adagrad"}, why=DESCENT_SIGN),
    Mutant("adagrad: state holds the sums itself (no 's' key)",
           [swap("adagrad_update", 'state["s"]', "state"), swap("adagrad_update", '{"s": s}', "s")],
           fails={"test_adagrad"}, why=OPTIMIZER_CONTRACT),
    Mutant("adagrad: accumulates into the given state (mutation)",
           define('''
               def adagrad_update(params, grads, state, learning_rate=0.01, eps=1e-8):
                   sums = state.setdefault("s", {})
                   for k, g in grads.items():
                       sums[k] = sums.get(k, 0.0) + g * g
                   return {k: p - learning_rate * grads[k] / (np.sqrt(sums[k]) + eps) for k, p in params.items()}, state
           '''), fails={"test_adagrad"}, why=OPTIMIZER_CONTRACT),
    # ---- rmsprop_update ----
    Mutant("rmsprop: eps inside the square root",
           swap("rmsprop_update", "np.sqrt(s[k]) + eps", "np.sqrt(s[k] + eps)"), fails={"test_rmsprop"},
           why=RMSPROP_RULE),
    Mutant("rmsprop: new gradient without the factor (1 - beta)",
           swap("rmsprop_update", "(1 - beta) * g * g", "g * g"), fails={"test_rmsprop"}, why=RMSPROP_RULE),
    Mutant("rmsprop: beta and 1 - beta swapped",
           swap("rmsprop_update", '(beta * state["s"][k] if state else 0.0) + (1 - beta) * g * g',
                '((1 - beta) * state["s"][k] if state else 0.0) + beta * g * g'), fails={"test_rmsprop"},
           why=RMSPROP_RULE),
    Mutant("rmsprop: no decay of the old mean (AdaGrad's growing sum)",
           swap("rmsprop_update", 'beta * state["s"][k]', 'state["s"][k]'), fails={"test_rmsprop"}, why=RMSPROP_RULE),
    Mutant("rmsprop: beta hard-coded to 0.9 (the argument ignored)",
           swap("rmsprop_update", '(beta * state["s"][k] if state else 0.0) + (1 - beta) * g * g',
                '(0.9 * state["s"][k] if state else 0.0) + 0.1 * g * g'), fails={"test_rmsprop"}, why=RMSPROP_RULE),
    Mutant("rmsprop: no square root",
           swap("rmsprop_update", "np.sqrt(s[k])", "s[k]"), fails={"test_rmsprop"}, why=RMSPROP_RULE),
    Mutant("rmsprop: bias-corrected first step (s / (1 - beta) when the state is empty)",
           swap("rmsprop_update", '(beta * state["s"][k] if state else 0.0) + (1 - beta) * g * g',
                'beta * state["s"][k] + (1 - beta) * g * g if state else g * g'), fails={"test_rmsprop"},
           why=RMSPROP_RULE),
    Mutant("rmsprop: state without the 's' key",
           [swap("rmsprop_update", 'state["s"]', "state"), swap("rmsprop_update", '{"s": s}', "s")],
           fails={"test_rmsprop"}, why=OPTIMIZER_CONTRACT),
    Mutant("rmsprop: steps up the gradient (+)",
           swap("rmsprop_update", "p - learning_rate * grads[k] / (np.sqrt(s[k]) + eps)",
                "p + learning_rate * grads[k] / (np.sqrt(s[k]) + eps)"), fails={"test_rmsprop"}, why=DESCENT_SIGN),
    # ---- adam_update ----
    Mutant("adam: no bias correction",
           [swap("adam_update", "m[k] / (1 - beta1 ** t)", "m[k]"),
            swap("adam_update", "v[k] / (1 - beta2 ** t)", "v[k]")], fails={"test_adam"}, demo=True, why=ADAM_RULE,
           probe=True),
    Mutant("adam: bias correction of m only",
           swap("adam_update", "v[k] / (1 - beta2 ** t)", "v[k]"), fails={"test_adam"}, why=ADAM_RULE),
    Mutant("adam: step count not incremented (t stays at 1)",
           swap("adam_update", 'state.get("t", 0) + 1', "1"), fails={"test_adam"}, why=ADAM_RULE),
    Mutant("adam: bias correction with the old step count (t - 1)",
           [swap("adam_update", "beta1 ** t", "beta1 ** max(t - 1, 1)"),
            swap("adam_update", "beta2 ** t", "beta2 ** max(t - 1, 1)")], fails={"test_adam"}, why=ADAM_RULE),
    Mutant("adam: eps inside the square root",
           swap("adam_update", "np.sqrt(v_hat) + eps", "np.sqrt(v_hat + eps)"), fails={"test_adam"}, why=ADAM_RULE),
    Mutant("adam: eps hard-coded to 1e-8 (the argument ignored)",
           swap("adam_update", "np.sqrt(v_hat) + eps", "np.sqrt(v_hat) + 1e-8"), fails={"test_adam"}, why=ADAM_RULE),
    Mutant("adam: second moment of g, not g squared",
           swap("adam_update", "(1 - beta2) * g * g", "(1 - beta2) * np.abs(g)", count=2), fails={"test_adam"},
           why=ADAM_RULE),
    Mutant("adam: stores the corrected moments in the state",
           swap("adam_update",
                'return new_params, {"t": t, "m": m, "v": v}',
                'return new_params, {"t": t, "m": {k: m[k] / (1 - beta1 ** t) for k in m}, "v": {k: v[k] / (1 - beta2 ** t) for k in v}}'),
           fails={"test_adam"}, why=ADAM_STATE),
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
           '''), fails={"test_adam"}, why=ADAM_RULE),
    Mutant("adam: steps up the gradient (+)",
           swap("adam_update",
                "p - learning_rate * m_hat / (np.sqrt(v_hat) + eps)",
                "p + learning_rate * m_hat / (np.sqrt(v_hat) + eps)"), fails={"test_adam"}, why=DESCENT_SIGN),
    Mutant("adam: no square root of v", swap("adam_update", "np.sqrt(v_hat)", "v_hat"), fails={"test_adam"},
           why=ADAM_RULE),
    Mutant("adam: t stored as a numpy integer",
           swap("adam_update", 'state.get("t", 0) + 1', 'np.int64(state.get("t", 0) + 1)'), fails={"test_adam"},
           why=ADAM_STATE),
    # ---- accuracy ----
    Mutant("accuracy: argmax over the wrong axis", swap("accuracy", "0", "1"), fails={"test_accuracy"},
           why=ACCURACY_RULE),
    Mutant("accuracy: number correct instead of the fraction",
           swap("accuracy", "np.mean", "np.sum"), fails={"test_accuracy"}, why=ACCURACY_RULE),
    Mutant("accuracy: returns a numpy float",
           [swap("accuracy", "float", "np.mean"),
            swap("accuracy", "np.mean(A2.argmax(axis=0) == y)", "A2.argmax(axis=0) == y")],
           fails={"test_accuracy"}, why=RETURN_FLOAT),
    Mutant("accuracy: in percent",
           swap("accuracy", "np.mean(A2.argmax(axis=0) == y)", "100 * np.mean(A2.argmax(axis=0) == y)"),
           fails={"test_accuracy"}, why=ACCURACY_RULE),
    Mutant("accuracy: argmin", swap("accuracy", "A2.argmax", "A2.argmin"), fails={"test_accuracy"},
           why=ACCURACY_RULE),
    Mutant("accuracy: divides by the number of features",
           swap("accuracy", "np.mean(A2.argmax(axis=0) == y)", "np.sum(A2.argmax(axis=0) == y) / X.shape[0]"),
           fails={"test_accuracy"}, why=ACCURACY_RULE),
    Mutant("accuracy: error rate instead of accuracy",
           swap("accuracy", "A2.argmax(axis=0) == y", "A2.argmax(axis=0) != y"), fails={"test_accuracy"},
           why=ACCURACY_RULE),
    Mutant("accuracy: compares with the one-hot matrix",
           swap("accuracy", "y", "one_hot(y, A2.shape[0])"), fails={"test_accuracy"}, why=ACCURACY_RULE),
    Mutant("accuracy: forward called with the arguments swapped",
           swap("accuracy", "forward(X, params)", "forward(params, X)"), fails={"test_accuracy"}, why=ARGUMENT_ORDER),
    # ---- the layers (Affine, Relu, Sigmoid, SoftmaxWithLoss) ----
    Mutant("Affine.backward: dW divided by m (the loss layer already did)",
           swap("Affine", "self.dW = dZ @ self.X.T", "self.dW = dZ @ self.X.T / dZ.shape[1]"),
           fails={"test_affine", "test_layered_network"}, why=AFFINE_BACKWARD),
    Mutant("Affine.backward: db without keepdims",
           swap("Affine", "dZ.sum(axis=1, keepdims=True)", "dZ.sum(axis=1)"),
           fails={"test_affine", "test_layered_network"}, why=AFFINE_BACKWARD),
    Mutant("Affine.backward: db summed over every entry",
           swap("Affine", "dZ.sum(axis=1, keepdims=True)", "np.sum(dZ)"),
           fails={"test_affine", "test_layered_network"}, why=AFFINE_BACKWARD),
    Mutant("Affine.backward: dX = W dZ without the transpose (right only for square W)",
           swap("Affine", "self.W.T @ dZ", "self.W @ dZ"), fails={"test_affine", "test_layered_network"},
           why=AFFINE_BACKWARD),
    Mutant("Affine.backward: passes dZ on unchanged instead of W^T dZ",
           swap("Affine", "return self.W.T @ dZ", "return dZ"),
           fails={"test_affine", "test_layered_network"}, why=AFFINE_BACKWARD),
    Mutant("Affine: the input remembered on the class, shared by every Affine layer",
           swap("Affine", """
               self.X = X
               return self.W @ X + self.b
           """, """
               Affine.X = X
               return self.W @ X + self.b
           """), fails={"test_affine", "test_layered_network"}, why=LAYER_STATE),
    Mutant("Relu.backward: mask from dA > 0 instead of Z > 0",
           swap("Relu", "return dA * self.mask", "return dA * (dA > 0)"),
           fails={"test_activation_layers", "test_layered_network"}, why=RELU_LAYER),
    Mutant("Relu: mask Z >= 0 (passes gradient where Z = 0)",
           swap("Relu", "self.mask = Z > 0", "self.mask = Z >= 0"), fails={"test_activation_layers"}, why=RELU_LAYER),
    Mutant("Relu.forward: zeroes the negative entries of its argument in place",
           swap("Relu", """
               self.mask = Z > 0
               return np.where(self.mask, Z, 0.0)
           """, """
               self.mask = Z > 0
               Z[~self.mask] = 0.0
               return Z
           """), fails={"test_activation_layers"}, why=RELU_LAYER),
    Mutant("Relu.backward: returns the mask, not dA times the mask",
           swap("Relu", "return dA * self.mask", "return self.mask.astype(float)"),
           fails={"test_activation_layers", "test_layered_network"}, why=RELU_LAYER),
    Mutant("Sigmoid.backward: A (1 - A) without dA",
           swap("Sigmoid", "return dA * self.A * (1.0 - self.A)", "return self.A * (1.0 - self.A)"),
           fails={"test_activation_layers", "test_layered_network"}, why=SIGMOID_LAYER),
    Mutant("Sigmoid.backward: sigma' applied to dA, dA (1 - dA)",
           swap("Sigmoid", "return dA * self.A * (1.0 - self.A)", "return dA * (1.0 - dA)"),
           fails={"test_activation_layers", "test_layered_network"}, why=SIGMOID_LAYER),
    Mutant("SoftmaxWithLoss.backward: A - Y without 1/m (the gradient of the summed loss)",
           swap("SoftmaxWithLoss", "(self.A - self.Y) / self.Y.shape[1]", "self.A - self.Y"),
           fails={"test_softmax_with_loss", "test_layered_network"}, why=SOFTMAX_LOSS_LAYER),
    Mutant("SoftmaxWithLoss.backward: Y - A (sign)",
           swap("SoftmaxWithLoss", "self.A - self.Y", "self.Y - self.A"),
           fails={"test_softmax_with_loss", "test_layered_network"}, why=SOFTMAX_LOSS_LAYER),
    Mutant("SoftmaxWithLoss.forward: the summed loss instead of the mean",
           swap("SoftmaxWithLoss", "return cross_entropy(self.A, Y)", "return cross_entropy(self.A, Y) * Y.shape[1]"),
           fails={"test_softmax_with_loss", "test_layered_network"}, why=SOFTMAX_LOSS_LAYER),
    Mutant("SoftmaxWithLoss: softmax over the wrong axis (over the examples)",
           swap("SoftmaxWithLoss", "softmax(Z)", "np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)"),
           fails={"test_softmax_with_loss", "test_layered_network"}, why=SOFTMAX_LOSS_LAYER),
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
    Alternative("forward with np.dot, np.where and named parameters",
                define('''
               def forward(X, params):
                   W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
                   Z1 = np.dot(W1, X) + b1
                   A1 = np.where(Z1 > 0, Z1, 0)
                   Z2 = np.dot(W2, A1) + b2
                   A2 = softmax(Z2)
                   cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
                   return A2, cache
           ''')),
    Alternative("backward with the mask from A1 > 0", swap("backward", "cache['Z1']", "cache['A1']")),
    Alternative("backward with 1/m folded into dZ2 (the gradient of the mean loss with respect to Z2)",
                define('''
               def backward(X, Y, params, cache):
                   dZ2 = (cache["A2"] - Y) / X.shape[1]
                   dZ1 = params["W2"].T @ dZ2 * (cache["Z1"] > 0)
                   return {"W1": dZ1 @ X.T, "b1": np.sum(dZ1, axis=1, keepdims=True),
                           "W2": dZ2 @ cache["A1"].T, "b2": np.sum(dZ2, axis=1, keepdims=True)}
           ''')),
    Alternative("sgd_update with a loop and a copy of the state",
                define('''
               def sgd_update(params, grads, state, learning_rate):
                   new = {}
                   for name in params:
                       new[name] = params[name] - learning_rate * grads[name]
                   return new, dict(state)
           ''')),
    Alternative("momentum with explicit zero velocities",
                define('''
               def momentum_update(params, grads, state, learning_rate, beta=0.9):
                   old = state.get("v", {k: np.zeros_like(p) for k, p in params.items()})
                   v = {k: beta * old[k] - learning_rate * grads[k] for k in params}
                   return {k: params[k] + v[k] for k in params}, {"v": v}
           ''')),
    Alternative("adagrad with zeros_like, np.square and a loop",
                define('''
               def adagrad_update(params, grads, state, learning_rate=0.01, eps=1e-8):
                   old = state.get("s", {k: np.zeros_like(p) for k, p in params.items()})
                   new_params, sums = {}, {}
                   for name in params:
                       sums[name] = old[name] + np.square(grads[name])
                       new_params[name] = params[name] - learning_rate * grads[name] / (np.sqrt(sums[name]) + eps)
                   return new_params, {"s": sums}
           ''')),
    Alternative("rmsprop written as s + (1 - beta) (g^2 - s)",
                define('''
               def rmsprop_update(params, grads, state, learning_rate=1e-3, beta=0.9, eps=1e-8):
                   old = state["s"] if state else {k: np.zeros_like(g) for k, g in grads.items()}
                   s = {k: old[k] + (1 - beta) * (grads[k] ** 2 - old[k]) for k in grads}
                   return {k: params[k] - learning_rate * grads[k] / (np.sqrt(s[k]) + eps) for k in params}, {"s": s}
           ''')),
    Alternative("adam written with zeros_like and copies",
                swap("adam_update", '''
               new_params, m, v = {}, {}, {}
               for k, p in params.items():
                   g = grads[k]
                   m[k] = beta1 * state["m"][k] + (1 - beta1) * g if state else (1 - beta1) * g
                   v[k] = beta2 * state["v"][k] + (1 - beta2) * g * g if state else (1 - beta2) * g * g
                   m_hat = m[k] / (1 - beta1 ** t)
                   v_hat = v[k] / (1 - beta2 ** t)
                   new_params[k] = p - learning_rate * m_hat / (np.sqrt(v_hat) + eps)
               return new_params, {"t": t, "m": m, "v": v}
           ''', '''
               m_old = state.get("m", {k: np.zeros_like(p) for k, p in params.items()})
               v_old = state.get("v", {k: np.zeros_like(p) for k, p in params.items()})
               m = {k: beta1 * m_old[k] + (1 - beta1) * grads[k] for k in params}
               v = {k: beta2 * v_old[k] + (1 - beta2) * np.square(grads[k]) for k in params}
               lr_t = learning_rate * np.sqrt(1 - beta2 ** t) / (1 - beta1 ** t)
               new = {k: params[k] - lr_t * m[k] / (np.sqrt(v[k]) + eps * np.sqrt(1 - beta2 ** t)) for k in params}
               return new, {"t": t, "m": m, "v": v}
           ''')),
    Alternative("accuracy with np.count_nonzero",
                define('''
               def accuracy(X, y, params):
                   predictions = np.argmax(forward(X, params)[0], axis=0)
                   return int(np.count_nonzero(predictions == y)) / len(y)
           ''')),
    Alternative("the layers with np.dot, a float mask, np.maximum and a log-softmax of their own",
                define('''
               class Affine:
                   def __init__(self, W, b):
                       self.W, self.b = W, b
                       self.X = self.dW = self.db = None

                   def forward(self, X):
                       self.X = X.copy()
                       return np.dot(self.W, X) + self.b

                   def backward(self, dZ):
                       self.dW = np.einsum("ik,jk->ij", dZ, self.X)
                       self.db = np.sum(dZ, axis=1).reshape(-1, 1)
                       return np.dot(self.W.T, dZ)


               class Relu:
                   def forward(self, Z):
                       self.mask = (Z > 0).astype(float)
                       return np.maximum(Z, 0)

                   def backward(self, dA):
                       return np.where(self.mask > 0, dA, 0.0)


               class Sigmoid:
                   def forward(self, Z):
                       self.Z = np.array(Z, dtype=float)
                       return 0.5 * (1.0 + np.tanh(0.5 * self.Z))

                   def backward(self, dA):
                       s = 0.5 * (1.0 + np.tanh(0.5 * self.Z))
                       return dA * s * (1.0 - s)


               class SoftmaxWithLoss:
                   def forward(self, Z, Y):
                       shifted = Z - Z.max(axis=0, keepdims=True)
                       log_probs = shifted - np.log(np.exp(shifted).sum(axis=0, keepdims=True))
                       self.probs, self.Y, self.m = np.exp(log_probs), Y, Z.shape[1]
                       return float(-(Y * log_probs).sum() / self.m)

                   def backward(self):
                       return (self.probs - self.Y) / self.m
           ''')),
]
