"""Typical wrong answers, and valid alternatives, for 02_xor.

Solution cells: ``rule_epoch`` (one epoch of Rosenblatt's rule), ``xor`` (XOR from the given lookup gates
NAND, OR, AND), ``xnor`` (XNOR from AND, OR, NAND, NOR), ``xor_network`` (``layer``, ``xor_network`` and the
parameters W1, b1, W2, b2 in one cell) and ``smooth_network`` (``smooth_network`` and the hand-set
``smooth_params``). The visible test of ``smooth_params`` runs the student's ``smooth_network``, so a wrong
forward pass costs both of that cell's tests.
"""
from instructor.mutants import Alternative, Misconception, Mutant, define, swap


# ---- misconceptions: what a student whose answer behaves like these entries is told ----
RULE_SIGN = Misconception(
    "The perceptron rule moves the weights by the error, label minus prediction: with the opposite sign each "
    "update pushes the boundary the wrong way.")
RULE_AT_ZERO = Misconception(
    "The prediction inside the epoch must use the same threshold as the perceptron: it fires only when w . x "
    "+ b is strictly positive.")
RULE_IN_PLACE = Misconception(
    "rule_epoch must not change the weights the caller passed in: work on a copy and return the new weights.")
RULE_START = Misconception(
    "An epoch continues from the weights and bias it is given, not from zeros, and each prediction uses the "
    "weights as updated by the samples before it.")
RULE_MISTAKES = Misconception(
    "The epoch returns how many samples it got wrong, as a Python int: count a sample only when its "
    "prediction differs from its label.")
RULE_RETURN_TYPES = Misconception(
    "rule_epoch returns plain Python numbers for the bias and the mistake count, not numpy scalars.")
RULE_UPDATE = Misconception(
    "Each mistake changes every weight by learning rate times error times its input, and the bias by learning "
    "rate times error: leave neither the bias nor the learning rate out.")
XOR_NOT_FROM_GATES = Misconception(
    "XOR must be built from the perceptron gates you have (two layers of them), not from Python's comparison, "
    "arithmetic or bit operators or a lookup table: that is the point of the exercise.")
XOR_WIRING = Misconception(
    "XOR fires when at least one input is on (OR) and not both (NAND), so its output gate combines OR and "
    "NAND with AND. Check which gate goes where with the truth table.")
GATE_RETURN_INT = Misconception(
    "The gate must return the int 0 or 1, like the perceptron gates, not a boolean.")
XOR_NUMPY_INPUTS = Misconception(
    "The inputs may be numpy integers as well as Python ints: treat them as numbers, do not test their type.")
XNOR_NOT_FROM_GATES = Misconception(
    "XNOR must be built from the perceptron gates (AND, OR, NAND, NOR), not from Python's comparison "
    "operators or a lookup table.")
XNOR_WIRING = Misconception(
    "XNOR fires when both inputs are on or both are off: one hidden gate for each case, combined with OR. "
    "Check each gate against the truth table.")
LAYER_OUTPUT_TYPE = Misconception(
    "A layer of step units outputs the integers 0 and 1: convert the comparison's booleans, and don't turn "
    "them into floats.")
LAYER_AT_ZERO = Misconception(
    "A step unit fires only when its weighted sum plus bias is strictly positive, not when it is exactly 0.")
LAYER_BIAS = Misconception(
    "Each unit of the layer adds its own bias to its weighted sum: X W + b, with b broadcast over the rows.")
LAYER_SHAPES = Misconception(
    "With one example per row of X, the layer is X W + b: W has one column per unit, and the result has one "
    "row per example (even for an empty batch). Check the shapes before the matrix product.")
NETWORK_OUTPUT_SHAPE = Misconception(
    "The network returns one prediction per example, a 1-D array of length n, not a column of shape (n, 1).")
NETWORK_NOT_LAYERS = Misconception(
    "xor_network must compute XOR with your two layers and the parameters W1, b1, W2, b2, not by comparing "
    "the input columns or calling the XOR gate on each row.")
NETWORK_PARAMETERS = Misconception(
    "The hand-set parameters must make the hidden units an OR and a NAND and the output unit an AND, with no "
    "input pair exactly on a unit's boundary. Check each unit against its truth table.")
NETWORK_PARAMETER_SHAPES = Misconception(
    "The parameters have fixed shapes and types: W1 (2, 2), b1 (2,), W2 (2, 1), b2 (1,), all float arrays, "
    "one column of W per unit.")
SMOOTH_FORWARD = Misconception(
    "The smooth network is the step network with every step replaced by the sigmoid 1 / (1 + e^(-z)), on both "
    "layers, with both biases: check each layer's formula.")
SMOOTH_PARAMETERS = Misconception(
    "The smooth parameters are the step network's weights and biases all scaled by the same large factor "
    "(both layers), so that every sigmoid is close to a step; check how far from 0.5 your outputs are.")
SMOOTH_PARAMETER_FORMAT = Misconception(
    "smooth_params must have the same keys, shapes and float dtype as the step network's parameters (W1, b1, "
    "W2, b2; W2 a column).")

MUTANTS = [
    # ---- rule_epoch ----
    Mutant("rule_epoch with the wrong sign (prediction - y)",
           swap("rule_epoch", "y_i - (1 if x_i @ w + b > 0 else 0)", "(1 if x_i @ w + b > 0 else 0) - y_i"),
           fails={"test_rule_epoch"}, why=RULE_SIGN, probe=True),
    Mutant("rule_epoch fires at zero (>=)", swap("rule_epoch", "x_i @ w + b > 0", "x_i @ w + b >= 0"),
           fails={"test_rule_epoch"}, why=RULE_AT_ZERO),
    Mutant("rule_epoch changes the caller's w in place",
           [swap("rule_epoch", "np.array(w, dtype=float)", "np.asarray(w, dtype=float)"),
            swap("rule_epoch", "w = w + learning_rate * error * x_i", "w += learning_rate * error * x_i")],
           fails={"test_rule_epoch"}, why=RULE_IN_PLACE),
    Mutant("rule_epoch starts from zero weights", swap("rule_epoch", "np.array(w, dtype=float)", "np.zeros(len(w))"),
           fails={"test_rule_epoch"}, why=RULE_START),
    Mutant("rule_epoch counts every sample as a mistake",
           swap("rule_epoch", "return w, float(b), mistakes", "return w, float(b), len(X)"), fails={"test_rule_epoch"},
           why=RULE_MISTAKES),
    Mutant("rule_epoch returns b as a numpy float",
           swap("rule_epoch", "return w, float(b), mistakes", "return w, b, mistakes"), fails={"test_rule_epoch"},
           why=RULE_RETURN_TYPES),
    Mutant("rule_epoch counts mistakes as a numpy integer",
           swap("rule_epoch", "mistakes += 1", "mistakes += abs(error)"), fails={"test_rule_epoch"},
           why=RULE_RETURN_TYPES),
    Mutant("rule_epoch never updates the bias", swap("rule_epoch", "b = b + learning_rate * error", "pass"),
           fails={"test_rule_epoch"}, why=RULE_UPDATE),
    Mutant("rule_epoch ignores the learning rate",
           swap("rule_epoch", """
               w = w + learning_rate * error * x_i
               b = b + learning_rate * error
           """, """
               w = w + error * x_i
               b = b + error
           """), fails={"test_rule_epoch"}, why=RULE_UPDATE),
    Mutant("rule_epoch predicts with the weights it started from",
           [swap("rule_epoch", "w = np.array(w, dtype=float)", """
               w = np.array(w, dtype=float)
               w_start, b_start = w.copy(), float(b)
           """),
            swap("rule_epoch", "x_i @ w + b > 0", "x_i @ w_start + b_start > 0")], fails={"test_rule_epoch"},
           why=RULE_START),
    # ---- xor ----
    Mutant("XOR with !=",
           define('''
               def XOR(x1, x2):
                   return int(x1 != x2)
           '''), fails={"test_xor"}, demo=True, why=XOR_NOT_FROM_GATES),
    Mutant("XOR with ^",
           define('''
               def XOR(x1, x2):
                   return x1 ^ x2
           '''), fails={"test_xor"}, why=XOR_NOT_FROM_GATES),
    Mutant("XOR as a lookup table",
           define('''
               def XOR(x1, x2):
                   return {(0, 0): 0, (0, 1): 1, (1, 0): 1, (1, 1): 0}[(x1, x2)]
           '''), fails={"test_xor"}, why=XOR_NOT_FROM_GATES),
    Mutant("XOR calls the gates but returns !=",
           swap("XOR", "return AND(s1, s2)", '''
               AND(s1, s2)
               return int(x1 != x2)
           '''), fails={"test_xor"}, why=XOR_NOT_FROM_GATES),
    Mutant("XOR with OR and AND swapped",
           define('''
               def XOR(x1, x2):
                   return OR(NAND(x1, x2), AND(x1, x2))
           '''), fails={"test_xor"}, why=XOR_WIRING),
    Mutant("XOR with NAND as the output gate (XNOR)",
           define('''
               def XOR(x1, x2):
                   return NAND(NAND(x1, x2), OR(x1, x2))
           '''), fails={"test_xor"}, why=XOR_WIRING),
    Mutant("XOR as OR minus AND",
           define('''
               def XOR(x1, x2):
                   return OR(x1, x2) - AND(x1, x2)
           '''), fails={"test_xor"}, why=XOR_NOT_FROM_GATES),
    Mutant("XOR averages NAND and OR instead of AND",
           define('''
               def XOR(x1, x2):
                   return (NAND(x1, x2) + OR(x1, x2)) // 2
           '''), fails={"test_xor"}, why=XOR_NOT_FROM_GATES),
    Mutant("XOR returns a bool",
           define('''
               def XOR(x1, x2):
                   return AND(NAND(x1, x2), OR(x1, x2)) == 1
           '''), fails={"test_xor"}, why=GATE_RETURN_INT),
    Mutant("XOR as one gate (OR)",
           define('''
               def XOR(x1, x2):
                   return OR(x1, x2)
           '''), fails={"test_xor"}, why=XOR_WIRING),
    Mutant("XOR fails on numpy integers",
           define('''
               def XOR(x1, x2):
                   if type(x1) is not int:
                       return 0
                   return AND(NAND(x1, x2), OR(x1, x2))
           '''), fails={"test_xor"}, why=XOR_NUMPY_INPUTS),
    # ---- xnor ----
    Mutant("XNOR with ==",
           define('''
               def XNOR(x1, x2):
                   return int(x1 == x2)
           '''), fails={"test_xnor"}, demo=True, why=XNOR_NOT_FROM_GATES),
    Mutant("XNOR as 1 - XOR",
           define('''
               def XNOR(x1, x2):
                   return 1 - XOR(x1, x2)
           '''), fails={"test_xnor"}, why=XNOR_NOT_FROM_GATES),
    Mutant("XNOR as NAND of XOR with itself",
           define('''
               def XNOR(x1, x2):
                   return NAND(XOR(x1, x2), XOR(x1, x2))
           '''), fails={"test_xnor"}, why=XNOR_NOT_FROM_GATES),
    Mutant("XNOR with AND as the output gate (XOR)",
           define('''
               def XNOR(x1, x2):
                   return AND(NAND(x1, x2), OR(x1, x2))
           '''), fails={"test_xnor"}, why=XNOR_WIRING),
    Mutant("XNOR as NOR of the inputs", define('''
               def XNOR(x1, x2):
                   return NOR(x1, x2)
           '''), fails={"test_xnor"}, why=XNOR_WIRING),
    Mutant("XNOR with NOR as the output gate",
           define('''
               def XNOR(x1, x2):
                   return NOR(AND(x1, x2), NOR(x1, x2))
           '''), fails={"test_xnor"}, why=XNOR_WIRING),
    Mutant("XNOR as a lookup table",
           define('''
               def XNOR(x1, x2):
                   return [[1, 0], [0, 1]][x1][x2]
           '''), fails={"test_xnor"}, why=XNOR_NOT_FROM_GATES),
    Mutant("XNOR calls the gates but returns ==",
           swap("XNOR", "return OR(both, neither)", '''
               OR(both, neither)
               return int(x1 == x2)
           '''), fails={"test_xnor"}, why=XNOR_NOT_FROM_GATES),
    Mutant("XNOR feeds == into one gate",
           define('''
               def XNOR(x1, x2):
                   return AND(int(x1 == x2), 1)
           '''), fails={"test_xnor"}, why=XNOR_NOT_FROM_GATES),
    Mutant("XNOR returns a bool", swap("XNOR", "OR(both, neither)", "OR(both, neither) == 1"), fails={"test_xnor"},
           why=GATE_RETURN_INT),
    # ---- xor_network ----
    Mutant("layer returns booleans",
           swap("layer", "(X @ W + b > 0).astype(int)", "X @ W + b > 0"), fails={"test_layer", "test_xor_network"},
           why=LAYER_OUTPUT_TYPE),
    Mutant("layer fires at zero (>=)", swap("layer", "X @ W + b > 0", "X @ W + b >= 0"), fails={"test_layer"},
           why=LAYER_AT_ZERO, probe=True),
    Mutant("layer forgets the bias", swap("layer", "X @ W + b", "X @ W"), fails={"test_layer", "test_xor_network"},
           why=LAYER_BIAS, probe=True),
    Mutant("layer with W on the left (W @ X.T)",
           define('''
               def layer(X, W, b):
                   return (W @ X.T + b[:, None] > 0).astype(int)
           '''), fails={"test_layer", "test_xor_network"}, why=LAYER_SHAPES),
    Mutant("layer loops over the rows (an empty batch loses its shape)",
           swap("layer", "(X @ W + b > 0).astype(int)", "np.array([(x @ W + b > 0).astype(int) for x in X])"),
           fails={"test_layer", "test_xor_network"}, why=LAYER_SHAPES),
    Mutant("layer returns floats",
           swap("layer", "(X @ W + b > 0).astype(int)", "np.heaviside(X @ W + b, 0)"),
           fails={"test_layer", "test_xor_network"}, why=LAYER_OUTPUT_TYPE),
    Mutant("xor_network with != on the columns",
           define('''
               def xor_network(X):
                   return (X[:, 0] != X[:, 1]).astype(int)
           '''), fails={"test_xor_network"}, why=NETWORK_NOT_LAYERS),
    Mutant("xor_network loops over XOR",
           define('''
               def xor_network(X):
                   return np.array([XOR(int(a), int(b)) for a, b in X], dtype=int)
           '''), fails={"test_xor_network"}, why=NETWORK_NOT_LAYERS),
    Mutant("xor_network returns shape (n, 1)",
           define('''
               def xor_network(X):
                   return layer(layer(X, W1, b1), W2, b2)
           '''), fails={"test_xor_network"}, why=NETWORK_OUTPUT_SHAPE),
    Mutant("W1 with the hidden units in rows",
           define('''
               W1 = np.array([[-0.5, -0.5], [0.5, 0.5]])
           '''), fails={"test_xor_network"}, why=NETWORK_PARAMETERS),
    Mutant("output threshold with the wrong sign",
           define('''
               b2 = np.array([0.7])
           '''), fails={"test_xor_network"}, why=NETWORK_PARAMETERS),
    Mutant("output unit is an OR",
           define('''
               b2 = np.array([-0.2])
           '''), fails={"test_xor_network"}, why=NETWORK_PARAMETERS),
    Mutant("hidden units on the boundary (need >=)",
           [define('''
               W1 = np.array([[-1.0, 1.0], [-1.0, 1.0]])
           '''),
            define('''
               b1 = np.array([2.0, -1.0])
           '''),
            define('''
               W2 = np.array([[1.0], [1.0]])
           '''),
            define('''
               b2 = np.array([-1.5])
           ''')], fails={"test_xor_network"}, why=NETWORK_PARAMETERS),
    Mutant("W2 and b2 as vector and number",
           [define('''
               def xor_network(X):
                   return (layer(X, W1, b1) @ W2 + b2 > 0).astype(int)
           '''),
            define('''
               W2 = np.array([0.5, 0.5])
           '''),
            define('''
               b2 = -0.7
           ''')], fails={"test_xor_network"}, why=NETWORK_PARAMETER_SHAPES),
    Mutant("parameters as integer arrays",
           [define('''
               W1 = np.array([[-1, 1], [-1, 1]])
           '''),
            define('''
               b1 = np.array([1.5, -0.5])
           '''),
            define('''
               W2 = np.array([[1], [1]])
           '''),
            define('''
               b2 = np.array([-1.5])
           ''')], fails={"test_xor_network"}, why=NETWORK_PARAMETER_SHAPES),
    # ---- smooth_network ----
    Mutant("smooth_network without a sigmoid on the output",
           swap("smooth_network", "1.0 / (1.0 + np.exp(-(H @ params['W2'] + params['b2'])))",
                "H @ params['W2'] + params['b2']"),
           fails={"test_smooth_network", "test_smooth_params"}, why=SMOOTH_FORWARD),
    Mutant("smooth_network forgets b1",
           swap("smooth_network", "X @ params['W1'] + params['b1']", "X @ params['W1']"),
           fails={"test_smooth_network", "test_smooth_params"}, why=SMOOTH_FORWARD),
    Mutant("smooth_network returns shape (n, 1)",
           swap("smooth_network", "return out[:, 0]", "return out"),
           fails={"test_smooth_network", "test_smooth_params"}, why=NETWORK_OUTPUT_SHAPE),
    Mutant("smooth_network with exp(+z) in the output unit",
           swap("smooth_network", "np.exp(-(H @ params['W2'] + params['b2']))", "np.exp(H @ params['W2'] + params['b2'])"),
           fails={"test_smooth_network", "test_smooth_params"}, why=SMOOTH_FORWARD),
    Mutant("smooth_network with tanh hidden units",
           swap("smooth_network", "1.0 / (1.0 + np.exp(-(X @ params['W1'] + params['b1'])))",
                "np.tanh(X @ params['W1'] + params['b1'])"),
           fails={"test_smooth_network"}, why=SMOOTH_FORWARD),
    Mutant("smooth_network with step hidden units",
           swap("smooth_network", "1.0 / (1.0 + np.exp(-(X @ params['W1'] + params['b1'])))",
                "(X @ params['W1'] + params['b1'] > 0).astype(float)"),
           fails={"test_smooth_network"}, why=SMOOTH_FORWARD),
    Mutant("smooth_params: the step weights, not scaled",
           define('''
               smooth_params = {"W1": np.array([[-1.0, 1.0], [-1.0, 1.0]]), "b1": np.array([1.5, -0.5]),
                                "W2": np.array([[1.0], [1.0]]), "b2": np.array([-1.5])}
           '''), fails={"test_smooth_params"}, demo=True, why=SMOOTH_PARAMETERS, probe=True),
    Mutant("smooth_params scaled by 3 only",
           define('''
               smooth_params = {"W1": np.array([[-3.0, 3.0], [-3.0, 3.0]]), "b1": np.array([4.5, -1.5]),
                                "W2": np.array([[3.0], [3.0]]), "b2": np.array([-4.5])}
           '''), fails={"test_smooth_params"}, why=SMOOTH_PARAMETERS),
    Mutant("smooth_params: hidden units scaled, output unit not",
           define('''
               smooth_params = {"W1": np.array([[-10.0, 10.0], [-10.0, 10.0]]), "b1": np.array([15.0, -5.0]),
                                "W2": np.array([[1.0], [1.0]]), "b2": np.array([-1.5])}
           '''), fails={"test_smooth_params"}, why=SMOOTH_PARAMETERS),
    Mutant("smooth_params: the output unit is an OR",
           swap("smooth_params", "np.array([-15.0])", "np.array([-5.0])"), fails={"test_smooth_params"},
           why=SMOOTH_PARAMETERS),
    Mutant("smooth_params as integer arrays",
           define('''
               smooth_params = {"W1": np.array([[-10, 10], [-10, 10]]), "b1": np.array([15, -5]),
                                "W2": np.array([[10], [10]]), "b2": np.array([-15])}
           '''), fails={"test_smooth_params"}, why=SMOOTH_PARAMETER_FORMAT),
    Mutant("smooth_params with W2 as a vector",
           swap("smooth_params", "np.array([[10.0], [10.0]])", "np.array([10.0, 10.0])"), fails={"test_smooth_params"},
           why=SMOOTH_PARAMETER_FORMAT),
    Mutant("smooth_params with lower-case keys",
           define('''
               smooth_params = {"w1": np.array([[-10.0, 10.0], [-10.0, 10.0]]), "b1": np.array([15.0, -5.0]),
                                "w2": np.array([[10.0], [10.0]]), "b2": np.array([-15.0])}
           '''), fails={"test_smooth_params"}, why=SMOOTH_PARAMETER_FORMAT),
]

ALTERNATIVES = [
    Alternative("rule_epoch with indices, a copy and in-place updates of the copy",
                define('''
                    def rule_epoch(X, y, w, b, learning_rate):
                        w = w.astype(float)
                        mistakes = 0
                        for i in range(len(X)):
                            prediction = int(np.dot(w, X[i]) + b > 0)
                            if prediction != y[i]:
                                w += learning_rate * (y[i] - prediction) * X[i]
                                b += learning_rate * float(y[i] - prediction)
                                mistakes += 1
                        return w, float(b), mistakes
                ''')),
    Alternative("XNOR as NAND(NAND, OR)",
                define('''
               def XNOR(x1, x2):
                   return NAND(NAND(x1, x2), OR(x1, x2))
           ''')),
    Alternative("XNOR from NOR gates only",
                define('''
               def XNOR(x1, x2):
                   n = NOR(x1, x2)
                   return NOR(NOR(x1, n), NOR(x2, n))
           ''')),
    Alternative("XOR with the AND inputs swapped",
                define('''
               def XOR(x1, x2):
                   return AND(OR(x1, x2), NAND(x1, x2))
           ''')),
    Alternative("XOR as OR of two ANDs",
                define('''
               def XOR(x1, x2):
                   n = NAND(x1, x2)
                   return OR(AND(x1, n), AND(x2, n))
           ''')),
    Alternative("xor_network with np.where and integer-like weights",
                [swap("layer", "(X @ W + b > 0).astype(int)", "np.where(X @ W + b > 0, 1, 0)"),
            define('''
               W1 = np.array([[1.0, -1.0], [1.0, -1.0]])
           '''),
            define('''
               b1 = np.array([-0.5, 1.5])
           '''),
            define('''
               W2 = np.array([[1.0], [1.0]])
           '''),
            define('''
               b2 = np.array([-1.5])
           ''')]),
    Alternative("xor_network with heaviside and ravel",
                [swap("layer", "X @ W + b > 0", "np.heaviside(np.dot(X, W) + b, 0)"),
            swap("layer", "int", "np.int64"),
            swap("xor_network", "X", "np.asarray(X, dtype=float)"),
            swap("xor_network", "layer(hidden, W2, b2)[:, 0]", "layer(hidden, W2, b2).ravel()")]),
    Alternative("smooth network with a sigmoid helper, OR and NAND hidden units scaled by 20",
                [define('''
               def sigmoid(z):
                   return 1.0 / (1.0 + np.exp(-z))


               def smooth_network(X, params):
                   hidden = sigmoid(np.dot(X, params["W1"]) + params["b1"])
                   return sigmoid(np.dot(hidden, params["W2"]) + params["b2"]).ravel()
           '''),
                 define('''
               smooth_params = {"W1": np.array([[20.0, -20.0], [20.0, -20.0]]), "b1": np.array([-10.0, 30.0]),
                                "W2": np.array([[20.0], [20.0]]), "b2": np.array([-30.0])}
           ''')]),
    Alternative("smooth network as OR minus AND",
                define('''
               smooth_params = {"W1": np.array([[20.0, 20.0], [20.0, 20.0]]), "b1": np.array([-30.0, -10.0]),
                                "W2": np.array([[-20.0], [20.0]]), "b2": np.array([-10.0])}
           ''')),
]
