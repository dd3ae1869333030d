"""Typical wrong answers, and valid alternatives, for 02_xor.

Solution cells: ``xor`` (XOR from the given NAND, OR, AND) and ``xor_network`` (``layer``, ``xor_network``
and the parameters W1, b1, W2, b2 in one cell).
"""
from instructor.mutants import Alternative, Mutant, define, swap

MUTANTS = [
    # ---- xor ----
    Mutant("XOR with !=",
           define('''
               def XOR(x1, x2):
                   return int(x1 != x2)
           '''), fails={"test_xor"}, demo=True),
    Mutant("XOR with ^",
           define('''
               def XOR(x1, x2):
                   return x1 ^ x2
           '''), fails={"test_xor"}),
    Mutant("XOR as a lookup table",
           define('''
               def XOR(x1, x2):
                   return {(0, 0): 0, (0, 1): 1, (1, 0): 1, (1, 1): 0}[(x1, x2)]
           '''), fails={"test_xor"}),
    Mutant("XOR calls the gates but returns !=",
           swap("XOR", "return AND(s1, s2)", '''
               AND(s1, s2)
               return int(x1 != x2)
           '''), fails={"test_xor"}),
    Mutant("XOR with OR and AND swapped",
           define('''
               def XOR(x1, x2):
                   return OR(NAND(x1, x2), AND(x1, x2))
           '''), fails={"test_xor"}),
    Mutant("XOR with NAND as the output gate (XNOR)",
           define('''
               def XOR(x1, x2):
                   return NAND(NAND(x1, x2), OR(x1, x2))
           '''), fails={"test_xor"}),
    Mutant("XOR as OR minus AND",
           define('''
               def XOR(x1, x2):
                   return OR(x1, x2) - AND(x1, x2)
           '''), fails={"test_xor"}),
    Mutant("XOR averages NAND and OR instead of AND",
           define('''
               def XOR(x1, x2):
                   return (NAND(x1, x2) + OR(x1, x2)) // 2
           '''), fails={"test_xor"}),
    Mutant("XOR returns a bool",
           define('''
               def XOR(x1, x2):
                   return AND(NAND(x1, x2), OR(x1, x2)) == 1
           '''), fails={"test_xor"}),
    Mutant("XOR as one perceptron",
           define('''
               def XOR(x1, x2):
                   return perceptron(np.array([x1, x2]), np.array([1.0, 1.0]), -0.5)
           '''), fails={"test_xor"}),
    # ---- xor_network ----
    Mutant("layer returns booleans",
           swap("layer", "(X @ W + b > 0).astype(int)", "X @ W + b > 0"), fails={"test_layer", "test_xor_network"}),
    Mutant("layer fires at zero (>=)", swap("layer", "X @ W + b > 0", "X @ W + b >= 0"), fails={"test_layer"}),
    Mutant("layer forgets the bias", swap("layer", "X @ W + b", "X @ W"), fails={"test_layer", "test_xor_network"}),
    Mutant("layer with W on the left (W @ X.T)",
           define('''
               def layer(X, W, b):
                   return (W @ X.T + b[:, None] > 0).astype(int)
           '''), fails={"test_layer", "test_xor_network"}),
    Mutant("layer returns floats",
           swap("layer", "(X @ W + b > 0).astype(int)", "np.heaviside(X @ W + b, 0)"),
           fails={"test_layer", "test_xor_network"}),
    Mutant("xor_network with != on the columns",
           define('''
               def xor_network(X):
                   return (X[:, 0] != X[:, 1]).astype(int)
           '''), fails={"test_xor_network"}),
    Mutant("xor_network loops over XOR",
           define('''
               def xor_network(X):
                   return np.array([XOR(int(a), int(b)) for a, b in X], dtype=int)
           '''), fails={"test_xor_network"}),
    Mutant("xor_network returns shape (n, 1)",
           define('''
               def xor_network(X):
                   return layer(layer(X, W1, b1), W2, b2)
           '''), fails={"test_xor_network"}),
    Mutant("W1 with the hidden units in rows",
           define('''
               W1 = np.array([[-0.5, -0.5], [0.5, 0.5]])
           '''), fails={"test_xor_network"}),
    Mutant("output threshold with the wrong sign",
           define('''
               b2 = np.array([0.7])
           '''), fails={"test_xor_network"}),
    Mutant("output unit is an OR",
           define('''
               b2 = np.array([-0.2])
           '''), fails={"test_xor_network"}),
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
           ''')], fails={"test_xor_network"}),
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
           ''')], fails={"test_xor_network"}),
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
           ''')], fails={"test_xor_network"}),
]

ALTERNATIVES = [
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
]
