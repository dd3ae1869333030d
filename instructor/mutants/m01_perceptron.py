"""Typical wrong answers, and valid alternatives, for 01_perceptron.

Solution cells: ``step``, ``perceptron``, ``gates`` (AND, NAND, OR), ``train_perceptron``.
The solution's ``perceptron`` calls ``step`` and the gates call ``perceptron``, so a wrong ``step`` or
``perceptron`` can also cost the cells downstream of it; ``train_perceptron`` uses neither.
"""
from instructor.mutants import Alternative, Mutant, define, swap

MUTANTS = [
    # ---- step ----
    Mutant("step fires at zero (>= instead of >)",
           swap("step", "np.asarray(z) > 0", "np.asarray(z) >= 0"),
           fails={"test_perceptron", "test_step"}, demo=True),
    Mutant("step returns booleans",
           swap("step", "(np.asarray(z) > 0).astype(int)", "np.asarray(z) > 0"), fails={"test_step"}),
    Mutant("step is np.sign (-1 for negative z)",
           swap("step", "np.asarray(z) > 0", "np.sign(z)"), fails={"test_gates", "test_perceptron", "test_step"}),
    Mutant("step returns floats (np.heaviside)",
           swap("step", "(np.asarray(z) > 0).astype(int)", "np.heaviside(z, 0)"), fails={"test_step"}),
    Mutant("step works on scalars only",
           swap("step", "(np.asarray(z) > 0).astype(int)", "1 if z > 0 else 0"), fails={"test_step"}),
    Mutant("step is ReLU",
           swap("step", "(np.asarray(z) > 0).astype(int)", "np.maximum(z, 0)"),
           fails={"test_gates", "test_perceptron", "test_step"}),
    Mutant("step fires for any nonzero z (abs)",
           [swap("step", "np.asarray", "np.abs"),
            swap("step", "z", "np.asarray(z)")], fails={"test_gates", "test_perceptron", "test_step"}),
    Mutant("step flattens its input",
           [swap("step", "(np.asarray(z) > 0).astype", "np.array"),
            swap("step", "int", "[1 if v > 0 else 0 for v in np.ravel(z)]")],
           fails={"test_gates", "test_perceptron", "test_step"}),
    Mutant("step thresholds at 0.5", swap("step", "0", "0.5"), fails={"test_gates", "test_perceptron", "test_step"}),
    # ---- perceptron ----
    Mutant("perceptron subtracts the bias",
           swap("perceptron", "np.dot(w, x) + b", "np.dot(w, x) - b"), fails={"test_gates", "test_perceptron"}),
    Mutant("perceptron ignores the bias",
           swap("perceptron", "np.dot(w, x) + b", "np.dot(w, x)"), fails={"test_gates", "test_perceptron"}),
    Mutant("perceptron fires at zero (>=)",
           swap("perceptron", "step(np.dot(w, x) + b)", "np.dot(w, x) + b >= 0"), fails={"test_perceptron"}),
    Mutant("perceptron returns a numpy integer",
           [swap("perceptron", "int", "step"),
            swap("perceptron", "step(np.dot(w, x) + b)", "np.dot(w, x) + b")],
           fails={"test_gates", "test_perceptron"}),
    Mutant("perceptron returns a bool",
           [swap("perceptron", "int", "bool"),
            swap("perceptron", "step(np.dot(w, x) + b)", "np.dot(w, x) + b > 0")],
           fails={"test_gates", "test_perceptron"}),
    Mutant("perceptron adds the bias after the step",
           swap("perceptron", "step(np.dot(w, x) + b)", "step(np.dot(w, x)) + b"),
           fails={"test_gates", "test_perceptron"}),
    Mutant("perceptron only for two inputs",
           swap("perceptron", "np.dot(w, x)", "w[0] * x[0] + w[1] * x[1]"), fails={"test_perceptron"}),
    Mutant("perceptron counts firing inputs instead of summing",
           [swap("perceptron", "step", "np.sum"),
            swap("perceptron", "np.dot(w, x) + b", "step(w * x + b)")],
           fails={"test_gates", "test_perceptron"}),
    # ---- gates ----
    Mutant("AND and OR weights swapped",
           [swap("AND", "0.7", "0.2"),
            swap("OR", "0.2", "0.7")], fails={"test_gates"}),
    Mutant("NAND with AND's signs",
           define('''
               def NAND(x1, x2):
                   return perceptron(np.array([x1, x2]), np.array([0.5, 0.5]), -0.7)
           '''), fails={"test_gates"}),
    Mutant("AND threshold with the wrong sign (b = +theta)", swap("AND", "-0.7", "0.7"), fails={"test_gates"}),
    Mutant("NAND bias sign not flipped", swap("NAND", "0.7", "-0.7"), fails={"test_gates"}),
    Mutant("OR on the boundary (needs >=)",
           define('''
               def OR(x1, x2):
                   return perceptron(np.array([x1, x2]), np.array([1.0, 1.0]), -1.0)
           '''), fails={"test_gates"}),
    Mutant("gates as hard-coded truth tables",
           [swap("AND",
                "perceptron(np.array([x1, x2]), np.array([0.5, 0.5]), -0.7)",
                "[[0, 0], [0, 1]][x1][x2]"),
            swap("NAND",
                "perceptron(np.array([x1, x2]), np.array([-0.5, -0.5]), 0.7)",
                "[[1, 1], [1, 0]][x1][x2]"),
            swap("OR",
                "perceptron(np.array([x1, x2]), np.array([0.5, 0.5]), -0.2)",
                "[[0, 1], [1, 1]][x1][x2]")], fails={"test_gates"}),
    Mutant("gates with Python's and/or",
           [swap("AND", "perceptron(np.array([x1, x2]), np.array([0.5, 0.5]), -0.7)", "int(x1 and x2)"),
            swap("NAND", "perceptron(np.array([x1, x2]), np.array([-0.5, -0.5]), 0.7)", "int(not (x1 and x2))"),
            swap("OR", "perceptron(np.array([x1, x2]), np.array([0.5, 0.5]), -0.2)", "int(x1 or x2)")],
           fails={"test_gates"}),
    Mutant("NAND as 1 - AND",
           swap("NAND", "perceptron(np.array([x1, x2]), np.array([-0.5, -0.5]), 0.7)", "1 - AND(x1, x2)"),
           fails={"test_gates"}),
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
           fails={"test_gates"}),
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
           ''')], fails={"test_gates"}),
    # ---- train_perceptron ----
    Mutant("update with the wrong sign (prediction - y)",
           swap("train_perceptron", "y_i - (1 if x_i @ w + b > 0 else 0)", "(1 if x_i @ w + b > 0 else 0) - y_i"),
           fails={"test_train_perceptron"}),
    Mutant("bias never updated", swap("train_perceptron", "b = b + learning_rate * error", "pass"),
           fails={"test_train_perceptron"}),
    Mutant("stops after one epoch", swap("train_perceptron", "range(epochs)", "range(1)"),
           fails={"test_train_perceptron"}),
    Mutant("update uses the label instead of the error",
           swap("train_perceptron", '''
               w = w + learning_rate * error * x_i
               b = b + learning_rate * error
           ''', '''
               w = w + learning_rate * y_i * x_i
               b = b + learning_rate * y_i
           '''),
           fails={"test_train_perceptron"}),
    Mutant("returns (b, w)", swap("train_perceptron", "return w, float(b)", "return float(b), w"),
           fails={"test_train_perceptron"}),
    Mutant("returns b as a numpy float", swap("train_perceptron", "float(b)", "b"),
           fails={"test_train_perceptron"}),
    Mutant("returns w as a list", swap("train_perceptron", "return w, float(b)", "return list(w), float(b)"),
           fails={"test_train_perceptron"}),
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
           fails={"test_train_perceptron"}),
    Mutant("one weight per sample (w of shape (n,))", swap("train_perceptron", "np.zeros(d)", "np.zeros(n)"),
           fails={"test_train_perceptron"}),
    Mutant("updates the inputs in place",
           swap("train_perceptron", "w = w + learning_rate * error * x_i", '''
               x_i *= learning_rate * error
               w = w + x_i
           '''),
           fails={"test_train_perceptron"}),
    Mutant("ignores the learning rate (steps of 1)",
           swap("train_perceptron", '''
               w = w + learning_rate * error * x_i
               b = b + learning_rate * error
           ''', '''
               w = w + error * x_i
               b = b + error
           '''),
           fails={"test_train_perceptron"}),
    Mutant("one epoch too many", swap("train_perceptron", "range(epochs)", "range(epochs + 1)"),
           fails={"test_train_perceptron"}),
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
           fails={"test_train_perceptron"}),
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
