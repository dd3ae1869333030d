"""Typical wrong answers, and valid alternatives, for 01_perceptron.

Solution cells: ``step``, ``perceptron``, ``gates`` (AND, NAND, OR), ``train_perceptron``.
The solution's ``perceptron`` calls ``step`` and the gates call ``perceptron``, so a wrong ``step`` or
``perceptron`` can also cost the cells downstream of it; ``train_perceptron`` uses neither.
"""
from instructor.mutants import Alternative, Misconception, Mutant, define, swap


# ---- misconceptions: what a student whose answer behaves like these entries is told ----
STEP_AT_ZERO = Misconception(
    "The step function fires when its input is exactly 0, but the neuron should stay off there: only a "
    "strictly positive weighted sum switches it on. Check which comparison you use at the threshold.")
STEP_OUTPUT_TYPE = Misconception(
    "The step function gives the right on/off pattern but not as whole numbers 0 and 1 (booleans or floats "
    "instead). Think about what type of array the rest of the notebook expects from it.")
STEP_SHAPE = Misconception(
    "The step function must work on a whole array at once and keep its shape (a number in, a number out; a "
    "2-D array in, a 2-D array out). Use an elementwise comparison rather than Python's if, a loop or "
    "flattening.")
STEP_WRONG_FUNCTION = Misconception(
    "This is another activation, not the step: the step only ever outputs 0 or 1, never -1 or the input "
    "itself. Go back to its definition: 1 when the input is positive, 0 otherwise.")
STEP_WRONG_THRESHOLD = Misconception(
    "The step switches on at the wrong place: it should compare its input with 0 itself (the bias already "
    "moves the threshold), and negative inputs must give 0.")
BIAS_SIGN = Misconception(
    "The bias is added to the weighted sum w . x, not subtracted or left out: it shifts the point where the "
    "neuron fires.")
BIAS_AFTER_STEP = Misconception(
    "The bias belongs inside the activation: first the weighted sum plus the bias, then the step of that sum.")
PERCEPTRON_THRESHOLD = Misconception(
    "The perceptron should fire only when w . x + b is strictly positive: reuse your step function rather "
    "than a comparison of your own.")
PERCEPTRON_RETURN_TYPE = Misconception(
    "The perceptron must return a plain Python int, 0 or 1, not a boolean or a numpy number. Convert the "
    "step's answer before returning it.")
PERCEPTRON_GENERAL = Misconception(
    "The perceptron must work for any number of inputs: the weighted sum is the dot product of the whole "
    "weight and input vectors, not a fixed number of terms or a count of firing inputs.")
GATE_WEIGHTS = Misconception(
    "The weights and bias of a gate decide where its line separates the four input pairs: check each gate's "
    "truth table and pick a bias so the firing side holds exactly the right corners (NAND is AND with every "
    "sign flipped).")
GATE_ON_BOUNDARY = Misconception(
    "An input pair lies exactly on the gate's line (w . x + b = 0), where the step gives 0: move the bias so "
    "that no corner of the truth table sits on the boundary.")
GATE_NOT_A_PERCEPTRON = Misconception(
    "The gates must be perceptrons: each gate computes its answer with your perceptron function and its own "
    "weights and bias, not with Python's logic operators, a lookup table or another gate.")
GATE_RETURN_TYPE = Misconception(
    "A gate returns what the perceptron returns, the int 0 or 1, not a boolean.")
UPDATE_SIGN = Misconception(
    "The perceptron rule moves the weights by the error, label minus prediction: with the opposite sign every "
    "update pushes the line the wrong way.")
UPDATE_BIAS = Misconception(
    "The bias learns too: each mistake changes it by the learning rate times the error, just like a weight "
    "whose input is always 1.")
UPDATE_RULE = Misconception(
    "Each update is learning rate times error times input, where the error is the label minus the prediction: "
    "the label alone, or steps without the learning rate, move the weights by the wrong amount.")
EPOCH_COUNT = Misconception(
    "Training should pass over the whole data set once per epoch, up to the number of epochs asked for, "
    "stopping early only after an epoch with no mistakes.")
TRAIN_RETURN = Misconception(
    "train_perceptron returns the weights as a numpy array and the bias as a Python float, in that order.")
TRAIN_WEIGHT_SHAPE = Misconception(
    "There is one weight per input feature (a column of X), not one per sample.")
TRAIN_MUTATES_INPUT = Misconception(
    "Training must not change the caller's data: build new arrays for the update instead of modifying a row "
    "of X in place.")
TRAIN_DETERMINISTIC = Misconception(
    "Training starts from zero weights and visits the samples in their order, so the same data always gives "
    "the same weights.")

MUTANTS = [
    # ---- step ----
    Mutant("step fires at zero (>= instead of >)",
           swap("step", "np.asarray(z) > 0", "np.asarray(z) >= 0"),
           fails={"test_perceptron", "test_step"}, demo=True, why=STEP_AT_ZERO, probe=True),
    Mutant("step returns booleans",
           swap("step", "(np.asarray(z) > 0).astype(int)", "np.asarray(z) > 0"), fails={"test_step"},
           why=STEP_OUTPUT_TYPE),
    Mutant("step is np.sign (-1 for negative z)",
           swap("step", "np.asarray(z) > 0", "np.sign(z)"), fails={"test_gates", "test_perceptron", "test_step"},
           why=STEP_WRONG_FUNCTION, probe=True),
    Mutant("step returns floats (np.heaviside)",
           swap("step", "(np.asarray(z) > 0).astype(int)", "np.heaviside(z, 0)"), fails={"test_step"},
           why=STEP_OUTPUT_TYPE),
    Mutant("step works on scalars only",
           swap("step", "(np.asarray(z) > 0).astype(int)", "1 if z > 0 else 0"), fails={"test_step"}, why=STEP_SHAPE),
    Mutant("step is ReLU",
           swap("step", "(np.asarray(z) > 0).astype(int)", "np.maximum(z, 0)"),
           fails={"test_gates", "test_perceptron", "test_step"}, why=STEP_WRONG_FUNCTION),
    Mutant("step fires for any nonzero z (abs)",
           [swap("step", "np.asarray", "np.abs"),
            swap("step", "z", "np.asarray(z)")], fails={"test_gates", "test_perceptron", "test_step"},
           why=STEP_WRONG_THRESHOLD),
    Mutant("step flattens its input",
           [swap("step", "(np.asarray(z) > 0).astype", "np.array"),
            swap("step", "int", "[1 if v > 0 else 0 for v in np.ravel(z)]")],
           fails={"test_gates", "test_perceptron", "test_step"}, why=STEP_SHAPE),
    Mutant("step thresholds at 0.5", swap("step", "0", "0.5"), fails={"test_gates", "test_perceptron", "test_step"},
           why=STEP_WRONG_THRESHOLD),
    # ---- perceptron ----
    Mutant("perceptron subtracts the bias",
           swap("perceptron", "np.dot(w, x) + b", "np.dot(w, x) - b"), fails={"test_gates", "test_perceptron"},
           why=BIAS_SIGN),
    Mutant("perceptron ignores the bias",
           swap("perceptron", "np.dot(w, x) + b", "np.dot(w, x)"), fails={"test_gates", "test_perceptron"},
           why=BIAS_SIGN),
    Mutant("perceptron fires at zero (>=)",
           swap("perceptron", "step(np.dot(w, x) + b)", "np.dot(w, x) + b >= 0"), fails={"test_perceptron"},
           why=PERCEPTRON_THRESHOLD),
    Mutant("perceptron returns a numpy integer",
           [swap("perceptron", "int", "step"),
            swap("perceptron", "step(np.dot(w, x) + b)", "np.dot(w, x) + b")],
           fails={"test_gates", "test_perceptron"}, why=PERCEPTRON_RETURN_TYPE),
    Mutant("perceptron returns a bool",
           [swap("perceptron", "int", "bool"),
            swap("perceptron", "step(np.dot(w, x) + b)", "np.dot(w, x) + b > 0")],
           fails={"test_gates", "test_perceptron"}, why=PERCEPTRON_RETURN_TYPE),
    Mutant("perceptron adds the bias after the step",
           swap("perceptron", "step(np.dot(w, x) + b)", "step(np.dot(w, x)) + b"),
           fails={"test_gates", "test_perceptron"}, why=BIAS_AFTER_STEP),
    Mutant("perceptron only for two inputs",
           swap("perceptron", "np.dot(w, x)", "w[0] * x[0] + w[1] * x[1]"), fails={"test_perceptron"},
           why=PERCEPTRON_GENERAL),
    Mutant("perceptron counts firing inputs instead of summing",
           [swap("perceptron", "step", "np.sum"),
            swap("perceptron", "np.dot(w, x) + b", "step(w * x + b)")],
           fails={"test_gates", "test_perceptron"}, why=PERCEPTRON_GENERAL),
    # ---- gates ----
    Mutant("AND and OR weights swapped",
           [swap("AND", "0.7", "0.2"),
            swap("OR", "0.2", "0.7")], fails={"test_gates"}, why=GATE_WEIGHTS),
    Mutant("NAND with AND's signs",
           define('''
               def NAND(x1, x2):
                   return perceptron(np.array([x1, x2]), np.array([0.5, 0.5]), -0.7)
           '''), fails={"test_gates"}, why=GATE_WEIGHTS),
    Mutant("AND threshold with the wrong sign (b = +theta)", swap("AND", "-0.7", "0.7"), fails={"test_gates"},
           why=GATE_WEIGHTS),
    Mutant("NAND bias sign not flipped", swap("NAND", "0.7", "-0.7"), fails={"test_gates"}, why=GATE_WEIGHTS),
    Mutant("OR on the boundary (needs >=)",
           define('''
               def OR(x1, x2):
                   return perceptron(np.array([x1, x2]), np.array([1.0, 1.0]), -1.0)
           '''), fails={"test_gates"}, why=GATE_ON_BOUNDARY),
    Mutant("gates as hard-coded truth tables",
           [swap("AND",
                "perceptron(np.array([x1, x2]), np.array([0.5, 0.5]), -0.7)",
                "[[0, 0], [0, 1]][x1][x2]"),
            swap("NAND",
                "perceptron(np.array([x1, x2]), np.array([-0.5, -0.5]), 0.7)",
                "[[1, 1], [1, 0]][x1][x2]"),
            swap("OR",
                "perceptron(np.array([x1, x2]), np.array([0.5, 0.5]), -0.2)",
                "[[0, 1], [1, 1]][x1][x2]")], fails={"test_gates"}, why=GATE_NOT_A_PERCEPTRON),
    Mutant("gates with Python's and/or",
           [swap("AND", "perceptron(np.array([x1, x2]), np.array([0.5, 0.5]), -0.7)", "int(x1 and x2)"),
            swap("NAND", "perceptron(np.array([x1, x2]), np.array([-0.5, -0.5]), 0.7)", "int(not (x1 and x2))"),
            swap("OR", "perceptron(np.array([x1, x2]), np.array([0.5, 0.5]), -0.2)", "int(x1 or x2)")],
           fails={"test_gates"}, why=GATE_NOT_A_PERCEPTRON),
    Mutant("NAND as 1 - AND",
           swap("NAND", "perceptron(np.array([x1, x2]), np.array([-0.5, -0.5]), 0.7)", "1 - AND(x1, x2)"),
           fails={"test_gates"}, why=GATE_NOT_A_PERCEPTRON),
    Mutant("gates return bools",
           [swap("AND",
                "perceptron(np.array([x1, x2]), np.array([0.5, 0.5]), -0.7)",
                "bool(perceptron(np.array([x1, x2]), np.array([0.5, 0.5]), -0.7))"),
            swap("NAND",
                "perceptron(np.array([x1, x2]), np.array([-0.5, -0.5]), 0.7)",
                "bool(perceptron(np.array([x1, x2]), np.array([-0.5, -0.5]), 0.7))"),
            swap("OR",
                "perceptron(np.array([x1, x2]), np.array([0.5, 0.5]), -0.2)",
                "bool(perceptron(np.array([x1, x2]), np.array([0.5, 0.5]), -0.2))")],
           fails={"test_gates"}, why=GATE_RETURN_TYPE),
    Mutant("gates call perceptron but return a lookup",
           [define('''
               def AND(x1, x2):
                   perceptron(np.array([x1, x2]), np.array([0.5, 0.5]), -0.7)
                   return int(x1 == 1 and x2 == 1)
           '''),
            define('''
               def NAND(x1, x2):
                   perceptron(np.array([x1, x2]), np.array([-0.5, -0.5]), 0.7)
                   return int(not (x1 == 1 and x2 == 1))
           '''),
            define('''
               def OR(x1, x2):
                   perceptron(np.array([x1, x2]), np.array([0.5, 0.5]), -0.2)
                   return int(x1 == 1 or x2 == 1)
           ''')], fails={"test_gates"}, why=GATE_NOT_A_PERCEPTRON),
    # ---- train_perceptron ----
    Mutant("update with the wrong sign (prediction - y)",
           swap("train_perceptron", "y_i - (1 if x_i @ w + b > 0 else 0)", "(1 if x_i @ w + b > 0 else 0) - y_i"),
           fails={"test_train_perceptron"}, why=UPDATE_SIGN),
    Mutant("bias never updated", swap("train_perceptron", "b = b + learning_rate * error", "pass"),
           fails={"test_train_perceptron"}, why=UPDATE_BIAS),
    Mutant("stops after one epoch", swap("train_perceptron", "range(epochs)", "range(1)"),
           fails={"test_train_perceptron"}, why=EPOCH_COUNT),
    Mutant("update uses the label instead of the error",
           swap("train_perceptron", '''
               w = w + learning_rate * error * x_i
               b = b + learning_rate * error
           ''', '''
               w = w + learning_rate * y_i * x_i
               b = b + learning_rate * y_i
           '''),
           fails={"test_train_perceptron"}, why=UPDATE_RULE),
    Mutant("returns (b, w)", swap("train_perceptron", "return w, float(b)", "return float(b), w"),
           fails={"test_train_perceptron"}, why=TRAIN_RETURN),
    Mutant("returns b as a numpy float", swap("train_perceptron", "float(b)", "b"),
           fails={"test_train_perceptron"}, why=TRAIN_RETURN),
    Mutant("returns w as a list", swap("train_perceptron", "return w, float(b)", "return list(w), float(b)"),
           fails={"test_train_perceptron"}, why=TRAIN_RETURN),
    Mutant("stops at the first correctly classified sample",
           swap("train_perceptron", '''
               if error != 0:
                   w = w + learning_rate * error * x_i
                   b = b + learning_rate * error
                   mistakes += 1
           ''', '''
               if error == 0:
                   return w, float(b)
               w = w + learning_rate * error * x_i
               b = b + learning_rate * error
               mistakes += 1
           '''),
           fails={"test_train_perceptron"}, why=EPOCH_COUNT),
    Mutant("one weight per sample (w of shape (n,))", swap("train_perceptron", "np.zeros(d)", "np.zeros(n)"),
           fails={"test_train_perceptron"}, why=TRAIN_WEIGHT_SHAPE),
    Mutant("updates the inputs in place",
           swap("train_perceptron", "w = w + learning_rate * error * x_i", '''
               x_i *= learning_rate * error
               w = w + x_i
           '''),
           fails={"test_train_perceptron"}, why=TRAIN_MUTATES_INPUT),
    Mutant("ignores the learning rate (steps of 1)",
           swap("train_perceptron", '''
               w = w + learning_rate * error * x_i
               b = b + learning_rate * error
           ''', '''
               w = w + error * x_i
               b = b + error
           '''),
           fails={"test_train_perceptron"}, why=UPDATE_RULE),
    Mutant("one epoch too many", swap("train_perceptron", "range(epochs)", "range(epochs + 1)"),
           fails={"test_train_perceptron"}, why=EPOCH_COUNT),
    Mutant("samples in random order from random weights",
           define('''
               def train_perceptron(X, y, learning_rate=0.1, epochs=100):
                   rng = np.random.default_rng(0)
                   w = rng.normal(scale=0.01, size=X.shape[1])
                   b = 0.0
                   for _ in range(epochs):
                       mistakes = 0
                       for i in rng.permutation(len(X)):
                           error = int(y[i]) - int(X[i] @ w + b > 0)
                           w = w + learning_rate * error * X[i]
                           b = b + learning_rate * error
                           mistakes += error != 0
                       if mistakes == 0:
                           break
                   return w, float(b)
           '''),
           fails={"test_train_perceptron"}, why=TRAIN_DETERMINISTIC),
]

ALTERNATIVES = [
    Alternative("step with np.where (0-d array for a scalar)",
                swap("step", "(np.asarray(z) > 0).astype(int)", "np.where(np.asarray(z) > 0, 1, 0)")),
    Alternative("step times one", swap("step", "(np.asarray(z) > 0).astype(int)", "(np.asarray(z) > 0) * 1")),
    Alternative("step with np.heaviside cast to int", swap("step", "np.asarray(z) > 0", "np.heaviside(z, 0)")),
    Alternative("perceptron without step",
                swap("perceptron",
                "int(step(np.dot(w, x) + b))",
                "1 if float(np.sum(np.asarray(w) * np.asarray(x))) + b > 0 else 0")),
    Alternative("gates with integer weights",
                [define('''
               def AND(x1, x2):
                   return perceptron(np.array([x1, x2]), np.array([1, 1]), -1)
           '''),
            define('''
               def NAND(x1, x2):
                   return perceptron(np.array([x1, x2]), np.array([-1, -1]), 1.5)
           '''),
            define('''
               def OR(x1, x2):
                   return perceptron(np.array([x1, x2]), np.array([1, 1]), -0.5)
           ''')]),
    Alternative("gates with keyword arguments",
                [swap("AND",
                "perceptron(np.array([x1, x2]), np.array([0.5, 0.5]), -0.7)",
                "perceptron(x=np.array([x1, x2]), w=np.array([1.0, 1.0]), b=-1.5)"),
            swap("NAND",
                "perceptron(np.array([x1, x2]), np.array([-0.5, -0.5]), 0.7)",
                "perceptron(x=np.array([x1, x2]), w=np.array([-2.0, -2.0]), b=3.0)"),
            swap("OR",
                "perceptron(np.array([x1, x2]), np.array([0.5, 0.5]), -0.2)",
                "perceptron(x=np.array([x1, x2]), w=np.array([2.0, 2.0]), b=-1.0)")]),
    Alternative("train_perceptron with indices and in-place updates of its own arrays",
                define('''
                    def train_perceptron(X, y, learning_rate=0.1, epochs=100):
                        w = np.zeros(X.shape[1])
                        b = 0.0
                        for epoch in range(epochs):
                            changed = False
                            for i in range(len(X)):
                                prediction = perceptron(X[i], w, b)
                                if prediction != y[i]:
                                    w += learning_rate * (y[i] - prediction) * X[i]
                                    b += learning_rate * float(y[i] - prediction)
                                    changed = True
                            if not changed:
                                break
                        return w, b
                ''')),
]
