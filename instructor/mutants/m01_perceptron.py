"""Typical wrong answers, and valid alternatives, for 01_perceptron.

Solution cells: ``step``, ``perceptron``, ``gates`` (AND, NAND, OR), ``train_perceptron``.
The solution's ``perceptron`` calls ``step`` and the gates call ``perceptron``, so a wrong ``step`` or
``perceptron`` can also cost the cells downstream of it; ``train_perceptron`` uses neither.
"""
from instructor.mutants import Alternative, Mutant

_PERCEPTRON_DOC = '"""Output of one perceptron: int(step(w . x + b))."""'
_TRAIN_HEAD = '''
def train_perceptron(X, y, learning_rate=0.1, epochs=100):
    n, d = X.shape
    w = np.zeros(d)
    b = 0.0
'''


def _gates(and_w, and_b, nand_w, nand_b, or_w, or_b):
    return f'''
def AND(x1, x2):
    return perceptron(np.array([x1, x2]), np.array({and_w}), {and_b})


def NAND(x1, x2):
    return perceptron(np.array([x1, x2]), np.array({nand_w}), {nand_b})


def OR(x1, x2):
    return perceptron(np.array([x1, x2]), np.array({or_w}), {or_b})
'''


_GOOD = dict(and_w=[0.5, 0.5], and_b=-0.7, nand_w=[-0.5, -0.5], nand_b=0.7, or_w=[0.5, 0.5], or_b=-0.2)

MUTANTS = [
    # ---- step ----
    Mutant("step fires at zero (>= instead of >)", "step", '''
def step(z):
    return (np.asarray(z) >= 0).astype(int)
''', fails={"test_step", "test_perceptron"}, demo=True),
    Mutant("step returns booleans", "step", '''
def step(z):
    return np.asarray(z) > 0
''', fails={"test_step"}),
    Mutant("step is np.sign (-1 for negative z)", "step", '''
def step(z):
    return np.sign(z).astype(int)
''', fails={"test_step", "test_perceptron", "test_gates"}),
    Mutant("step returns floats (np.heaviside)", "step", '''
def step(z):
    return np.heaviside(z, 0)
''', fails={"test_step"}),
    Mutant("step works on scalars only", "step", '''
def step(z):
    return 1 if z > 0 else 0
''', fails={"test_step"}),
    Mutant("step is ReLU", "step", '''
def step(z):
    return np.maximum(z, 0)
''', fails={"test_step", "test_perceptron", "test_gates"}),
    Mutant("step fires for any nonzero z (abs)", "step", '''
def step(z):
    return (np.abs(np.asarray(z)) > 0).astype(int)
''', fails={"test_step", "test_perceptron", "test_gates"}),
    Mutant("step flattens its input", "step", '''
def step(z):
    return np.array([1 if v > 0 else 0 for v in np.ravel(z)])
''', fails={"test_step", "test_perceptron", "test_gates"}),
    Mutant("step thresholds at 0.5", "step", '''
def step(z):
    return (np.asarray(z) > 0.5).astype(int)
''', fails={"test_step", "test_perceptron", "test_gates"}),
    # ---- perceptron ----
    Mutant("perceptron subtracts the bias", "perceptron", f'''
def perceptron(x, w, b):
    {_PERCEPTRON_DOC}
    return int(step(np.dot(w, x) - b))
''', fails={"test_perceptron", "test_gates"}),
    Mutant("perceptron ignores the bias", "perceptron", '''
def perceptron(x, w, b):
    return int(step(np.dot(w, x)))
''', fails={"test_perceptron", "test_gates"}),
    Mutant("perceptron fires at zero (>=)", "perceptron", '''
def perceptron(x, w, b):
    return int(np.dot(w, x) + b >= 0)
''', fails={"test_perceptron"}),
    Mutant("perceptron returns a numpy integer", "perceptron", '''
def perceptron(x, w, b):
    return step(np.dot(w, x) + b)
''', fails={"test_perceptron", "test_gates"}),
    Mutant("perceptron returns a bool", "perceptron", '''
def perceptron(x, w, b):
    return bool(np.dot(w, x) + b > 0)
''', fails={"test_perceptron", "test_gates"}),
    Mutant("perceptron adds the bias after the step", "perceptron", '''
def perceptron(x, w, b):
    return int(step(np.dot(w, x)) + b)
''', fails={"test_perceptron", "test_gates"}),
    Mutant("perceptron only for two inputs", "perceptron", '''
def perceptron(x, w, b):
    return int(step(w[0] * x[0] + w[1] * x[1] + b))
''', fails={"test_perceptron"}),
    Mutant("perceptron counts firing inputs instead of summing", "perceptron", '''
def perceptron(x, w, b):
    return int(np.sum(step(w * x + b)))
''', fails={"test_perceptron", "test_gates"}),
    # ---- gates ----
    Mutant("AND and OR weights swapped", "gates",
           _gates(**{**_GOOD, "and_b": -0.2, "or_b": -0.7}), fails={"test_gates"}),
    Mutant("NAND with AND's signs", "gates",
           _gates(**{**_GOOD, "nand_w": [0.5, 0.5], "nand_b": -0.7}), fails={"test_gates"}),
    Mutant("AND threshold with the wrong sign (b = +theta)", "gates",
           _gates(**{**_GOOD, "and_b": 0.7}), fails={"test_gates"}),
    Mutant("NAND bias sign not flipped", "gates",
           _gates(**{**_GOOD, "nand_b": -0.7}), fails={"test_gates"}),
    Mutant("OR on the boundary (needs >=)", "gates",
           _gates(**{**_GOOD, "or_w": [1.0, 1.0], "or_b": -1.0}), fails={"test_gates"}),
    Mutant("gates as hard-coded truth tables", "gates", '''
def AND(x1, x2):
    return [[0, 0], [0, 1]][x1][x2]


def NAND(x1, x2):
    return [[1, 1], [1, 0]][x1][x2]


def OR(x1, x2):
    return [[0, 1], [1, 1]][x1][x2]
''', fails={"test_gates"}),
    Mutant("gates with Python's and/or", "gates", '''
def AND(x1, x2):
    return int(x1 and x2)


def NAND(x1, x2):
    return int(not (x1 and x2))


def OR(x1, x2):
    return int(x1 or x2)
''', fails={"test_gates"}),
    Mutant("NAND as 1 - AND", "gates", '''
def AND(x1, x2):
    return perceptron(np.array([x1, x2]), np.array([0.5, 0.5]), -0.7)


def NAND(x1, x2):
    return 1 - AND(x1, x2)


def OR(x1, x2):
    return perceptron(np.array([x1, x2]), np.array([0.5, 0.5]), -0.2)
''', fails={"test_gates"}),
    Mutant("gates return bools", "gates", '''
def AND(x1, x2):
    return bool(perceptron(np.array([x1, x2]), np.array([0.5, 0.5]), -0.7))


def NAND(x1, x2):
    return bool(perceptron(np.array([x1, x2]), np.array([-0.5, -0.5]), 0.7))


def OR(x1, x2):
    return bool(perceptron(np.array([x1, x2]), np.array([0.5, 0.5]), -0.2))
''', fails={"test_gates"}),
    Mutant("gates call perceptron but return a lookup", "gates", '''
def AND(x1, x2):
    perceptron(np.array([x1, x2]), np.array([0.5, 0.5]), -0.7)
    return int(x1 == 1 and x2 == 1)


def NAND(x1, x2):
    perceptron(np.array([x1, x2]), np.array([-0.5, -0.5]), 0.7)
    return int(not (x1 == 1 and x2 == 1))


def OR(x1, x2):
    perceptron(np.array([x1, x2]), np.array([0.5, 0.5]), -0.2)
    return int(x1 == 1 or x2 == 1)
''', fails={"test_gates"}),
    # ---- train_perceptron ----
    Mutant("update with the wrong sign (prediction - y)", "train_perceptron", _TRAIN_HEAD + '''
    for _ in range(epochs):
        for x_i, y_i in zip(X, y):
            error = (1 if x_i @ w + b > 0 else 0) - y_i
            w = w + learning_rate * error * x_i
            b = b + learning_rate * error
    return w, float(b)
''', fails={"test_train_perceptron"}),
    Mutant("bias never updated", "train_perceptron", _TRAIN_HEAD + '''
    for _ in range(epochs):
        for x_i, y_i in zip(X, y):
            error = y_i - (1 if x_i @ w + b > 0 else 0)
            w = w + learning_rate * error * x_i
    return w, float(b)
''', fails={"test_train_perceptron"}),
    Mutant("stops after one epoch", "train_perceptron", _TRAIN_HEAD + '''
    for x_i, y_i in zip(X, y):
        error = y_i - (1 if x_i @ w + b > 0 else 0)
        w = w + learning_rate * error * x_i
        b = b + learning_rate * error
    return w, float(b)
''', fails={"test_train_perceptron"}),
    Mutant("update uses the label instead of the error", "train_perceptron", _TRAIN_HEAD + '''
    for _ in range(epochs):
        for x_i, y_i in zip(X, y):
            if (1 if x_i @ w + b > 0 else 0) != y_i:
                w = w + learning_rate * y_i * x_i
                b = b + learning_rate * y_i
    return w, float(b)
''', fails={"test_train_perceptron"}),
    Mutant("returns (b, w)", "train_perceptron", _TRAIN_HEAD + '''
    for _ in range(epochs):
        for x_i, y_i in zip(X, y):
            error = y_i - (1 if x_i @ w + b > 0 else 0)
            w = w + learning_rate * error * x_i
            b = b + learning_rate * error
    return float(b), w
''', fails={"test_train_perceptron"}),
    Mutant("returns b as a numpy float", "train_perceptron", _TRAIN_HEAD + '''
    for _ in range(epochs):
        for x_i, y_i in zip(X, y):
            error = y_i - (1 if x_i @ w + b > 0 else 0)
            w = w + learning_rate * error * x_i
            b = b + learning_rate * error
    return w, b
''', fails={"test_train_perceptron"}),
    Mutant("returns w as a list", "train_perceptron", _TRAIN_HEAD + '''
    for _ in range(epochs):
        for x_i, y_i in zip(X, y):
            error = y_i - (1 if x_i @ w + b > 0 else 0)
            w = w + learning_rate * error * x_i
            b = b + learning_rate * error
    return list(w), float(b)
''', fails={"test_train_perceptron"}),
    Mutant("stops at the first correctly classified sample", "train_perceptron", _TRAIN_HEAD + '''
    for _ in range(epochs):
        for x_i, y_i in zip(X, y):
            error = y_i - (1 if x_i @ w + b > 0 else 0)
            if error == 0:
                return w, float(b)
            w = w + learning_rate * error * x_i
            b = b + learning_rate * error
    return w, float(b)
''', fails={"test_train_perceptron"}),
    Mutant("one weight per sample (w of shape (n,))", "train_perceptron", '''
def train_perceptron(X, y, learning_rate=0.1, epochs=100):
    w = np.zeros(X.shape[0])
    b = 0.0
    for _ in range(epochs):
        for i in range(X.shape[0]):
            error = y[i] - (1 if X[i] @ w[:X.shape[1]] + b > 0 else 0)
            w[:X.shape[1]] += learning_rate * error * X[i]
            b += learning_rate * error
    return w, float(b)
''', fails={"test_train_perceptron"}),
    Mutant("updates the inputs in place", "train_perceptron", _TRAIN_HEAD + '''
    for _ in range(epochs):
        for x_i, y_i in zip(X, y):
            error = y_i - (1 if x_i @ w + b > 0 else 0)
            x_i *= learning_rate * error if error else 1
            w = w + x_i if error else w
            b = b + learning_rate * error
    return w, float(b)
''', fails={"test_train_perceptron"}),
    Mutant("ignores the learning rate (steps of 1)", "train_perceptron", _TRAIN_HEAD + '''
    for _ in range(epochs):
        mistakes = 0
        for x_i, y_i in zip(X, y):
            error = y_i - (1 if x_i @ w + b > 0 else 0)
            if error != 0:
                w = w + error * x_i
                b = b + error
                mistakes += 1
        if mistakes == 0:
            break
    return w, float(b)
''', fails={"test_train_perceptron"}),
    Mutant("one epoch too many", "train_perceptron", _TRAIN_HEAD + '''
    for _ in range(epochs + 1):
        mistakes = 0
        for x_i, y_i in zip(X, y):
            error = y_i - (1 if x_i @ w + b > 0 else 0)
            if error != 0:
                w = w + learning_rate * error * x_i
                b = b + learning_rate * error
                mistakes += 1
        if mistakes == 0:
            break
    return w, float(b)
''', fails={"test_train_perceptron"}),
    Mutant("samples in random order from random weights", "train_perceptron", '''
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
''', fails={"test_train_perceptron"}),
]

ALTERNATIVES = [
    Alternative("step with np.where (0-d array for a scalar)", "step", '''
def step(z):
    return np.where(np.asarray(z) > 0, 1, 0)
'''),
    Alternative("step times one", "step", '''
def step(z):
    return (np.asarray(z) > 0) * 1
'''),
    Alternative("step with np.heaviside cast to int", "step", '''
def step(z):
    return np.heaviside(z, 0).astype(int)
'''),
    Alternative("perceptron without step", "perceptron", '''
def perceptron(x, w, b):
    return 1 if float(np.sum(np.asarray(w) * np.asarray(x))) + b > 0 else 0
'''),
    Alternative("gates with integer weights", "gates",
                _gates([1, 1], -1, [-1, -1], 1.5, [1, 1], -0.5)),
    Alternative("gates with keyword arguments", "gates", '''
def AND(x1, x2):
    return perceptron(x=np.array([x1, x2]), w=np.array([1.0, 1.0]), b=-1.5)


def NAND(x1, x2):
    return perceptron(x=np.array([x1, x2]), w=np.array([-2.0, -2.0]), b=3.0)


def OR(x1, x2):
    return perceptron(x=np.array([x1, x2]), w=np.array([2.0, 2.0]), b=-1.0)
'''),
    Alternative("train_perceptron with indices and in-place updates of its own arrays", "train_perceptron", '''
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
'''),
]
