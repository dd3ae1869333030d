"""Typical wrong answers, and valid alternatives, for 02_xor.

Solution cells: ``xor`` (XOR from the given NAND, OR, AND) and ``xor_network`` (``layer``, ``xor_network``
and the parameters W1, b1, W2, b2 in one cell).
"""
from instructor.mutants import Alternative, Mutant

_LAYER = '''
def layer(X, W, b):
    return (X @ W + b > 0).astype(int)
'''
_XOR_NETWORK = '''

def xor_network(X):
    return layer(layer(X, W1, b1), W2, b2)[:, 0]
'''
_PARAMS = '''
W1 = np.array([[-0.5, 0.5], [-0.5, 0.5]])
b1 = np.array([0.7, -0.2])
W2 = np.array([[0.5], [0.5]])
b2 = np.array([-0.7])
'''


def _network(layer=_LAYER, network=_XOR_NETWORK, params=_PARAMS):
    return layer + network + params


MUTANTS = [
    # ---- XOR ----
    Mutant("XOR with !=", "xor", '''
def XOR(x1, x2):
    return int(x1 != x2)
''', fails={"test_xor"}, demo=True),
    Mutant("XOR with ^", "xor", '''
def XOR(x1, x2):
    return x1 ^ x2
''', fails={"test_xor"}),
    Mutant("XOR as a lookup table", "xor", '''
def XOR(x1, x2):
    return {(0, 0): 0, (0, 1): 1, (1, 0): 1, (1, 1): 0}[(x1, x2)]
''', fails={"test_xor"}),
    Mutant("XOR calls the gates but returns !=", "xor", '''
def XOR(x1, x2):
    s1 = NAND(x1, x2)
    s2 = OR(x1, x2)
    AND(s1, s2)
    return int(x1 != x2)
''', fails={"test_xor"}),
    Mutant("XOR with OR and AND swapped", "xor", '''
def XOR(x1, x2):
    return OR(NAND(x1, x2), AND(x1, x2))
''', fails={"test_xor"}),
    Mutant("XOR with NAND as the output gate (XNOR)", "xor", '''
def XOR(x1, x2):
    return NAND(NAND(x1, x2), OR(x1, x2))
''', fails={"test_xor"}),
    Mutant("XOR as OR minus AND", "xor", '''
def XOR(x1, x2):
    return OR(x1, x2) - AND(x1, x2)
''', fails={"test_xor"}),
    Mutant("XOR averages NAND and OR instead of AND", "xor", '''
def XOR(x1, x2):
    return (NAND(x1, x2) + OR(x1, x2)) // 2
''', fails={"test_xor"}),
    Mutant("XOR returns a bool", "xor", '''
def XOR(x1, x2):
    return AND(NAND(x1, x2), OR(x1, x2)) == 1
''', fails={"test_xor"}),
    Mutant("XOR as one perceptron", "xor", '''
def XOR(x1, x2):
    return perceptron(np.array([x1, x2]), np.array([1.0, 1.0]), -0.5)
''', fails={"test_xor"}),
    # ---- layer / xor_network ----
    Mutant("layer returns booleans", "xor_network", _network(layer='''
def layer(X, W, b):
    return X @ W + b > 0
'''), fails={"test_layer", "test_xor_network"}),
    Mutant("layer fires at zero (>=)", "xor_network", _network(layer='''
def layer(X, W, b):
    return (X @ W + b >= 0).astype(int)
'''), fails={"test_layer"}),
    Mutant("layer forgets the bias", "xor_network", _network(layer='''
def layer(X, W, b):
    return (X @ W > 0).astype(int)
'''), fails={"test_layer", "test_xor_network"}),
    Mutant("layer with W on the left (W @ X.T)", "xor_network", _network(layer='''
def layer(X, W, b):
    return (W @ X.T + b[:, None] > 0).astype(int)
'''), fails={"test_layer", "test_xor_network"}),
    Mutant("layer returns floats", "xor_network", _network(layer='''
def layer(X, W, b):
    return np.heaviside(X @ W + b, 0)
'''), fails={"test_layer", "test_xor_network"}),
    Mutant("xor_network with != on the columns", "xor_network", _network(network='''

def xor_network(X):
    return (X[:, 0] != X[:, 1]).astype(int)
'''), fails={"test_xor_network"}),
    Mutant("xor_network loops over XOR", "xor_network", _network(network='''

def xor_network(X):
    return np.array([XOR(int(a), int(b)) for a, b in X], dtype=int)
'''), fails={"test_xor_network"}),
    Mutant("xor_network returns shape (n, 1)", "xor_network", _network(network='''

def xor_network(X):
    return layer(layer(X, W1, b1), W2, b2)
'''), fails={"test_xor_network"}),
    Mutant("W1 with the hidden units in rows", "xor_network", _network(params='''
W1 = np.array([[-0.5, -0.5], [0.5, 0.5]])
b1 = np.array([0.7, -0.2])
W2 = np.array([[0.5], [0.5]])
b2 = np.array([-0.7])
'''), fails={"test_xor_network"}),
    Mutant("output threshold with the wrong sign", "xor_network", _network(params='''
W1 = np.array([[-0.5, 0.5], [-0.5, 0.5]])
b1 = np.array([0.7, -0.2])
W2 = np.array([[0.5], [0.5]])
b2 = np.array([0.7])
'''), fails={"test_xor_network"}),
    Mutant("output unit is an OR", "xor_network", _network(params='''
W1 = np.array([[-0.5, 0.5], [-0.5, 0.5]])
b1 = np.array([0.7, -0.2])
W2 = np.array([[0.5], [0.5]])
b2 = np.array([-0.2])
'''), fails={"test_xor_network"}),
    Mutant("hidden units on the boundary (need >=)", "xor_network", _network(params='''
W1 = np.array([[-1.0, 1.0], [-1.0, 1.0]])
b1 = np.array([2.0, -1.0])
W2 = np.array([[1.0], [1.0]])
b2 = np.array([-1.5])
'''), fails={"test_xor_network"}),
    Mutant("W2 and b2 as vector and number", "xor_network", _network(network='''

def xor_network(X):
    return (layer(X, W1, b1) @ W2 + b2 > 0).astype(int)
''', params='''
W1 = np.array([[-0.5, 0.5], [-0.5, 0.5]])
b1 = np.array([0.7, -0.2])
W2 = np.array([0.5, 0.5])
b2 = -0.7
'''), fails={"test_xor_network"}),
    Mutant("parameters as integer arrays", "xor_network", _network(params='''
W1 = np.array([[-1, 1], [-1, 1]])
b1 = np.array([1.5, -0.5])
W2 = np.array([[1], [1]])
b2 = np.array([-1.5])
'''), fails={"test_xor_network"}),
]

ALTERNATIVES = [
    Alternative("XOR with the AND inputs swapped", "xor", '''
def XOR(x1, x2):
    return AND(OR(x1, x2), NAND(x1, x2))
'''),
    Alternative("XOR as OR of two ANDs", "xor", '''
def XOR(x1, x2):
    n = NAND(x1, x2)
    return OR(AND(x1, n), AND(x2, n))
'''),
    Alternative("xor_network with np.where and integer-like weights", "xor_network", _network(layer='''
def layer(X, W, b):
    return np.where(X @ W + b > 0, 1, 0)
''', params='''
W1 = np.array([[1.0, -1.0], [1.0, -1.0]])
b1 = np.array([-0.5, 1.5])
W2 = np.array([[1.0], [1.0]])
b2 = np.array([-1.5])
''')),
    Alternative("xor_network with heaviside and ravel", "xor_network", _network(layer='''
def layer(X, W, b):
    return np.heaviside(np.dot(X, W) + b, 0).astype(np.int64)
''', network='''

def xor_network(X):
    hidden = layer(np.asarray(X, dtype=float), W1, b1)
    return layer(hidden, W2, b2).ravel()
''')),
]
