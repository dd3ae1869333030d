"""Typical wrong answers (and valid alternatives) for 04_vectorised_net.

The activations and their derivatives share a cell; an edit changes one function and leaves the others as
the solution has them, so each mutant differs from a right answer in exactly one place.
"""
from instructor.mutants import Alternative, Misconception, Mutant, define, swap


# ---- misconceptions: what a student whose answer behaves like these entries is told ----
SIGMOID_STABLE = Misconception(
    "For large |z| one of the exponentials overflows (inf, then NaN or a warning): write the sigmoid so that "
    "it never takes e to a large positive power, for instance by treating positive and negative z apart.")
SIGMOID_FORMULA = Misconception(
    "The sigmoid is 1 / (1 + e^(-z)): it maps large positive z close to 1. Check the sign inside the "
    "exponential.")
TANH_FORMULA = Misconception(
    "tanh(z) is 2 sigmoid(2z) - 1, not 2 sigmoid(z) - 1 (that is tanh(z/2)); numpy's own tanh is fine.")
RELU_ELEMENTWISE = Misconception(
    "ReLU is max(0, z) elementwise: a float array of z's shape, computed without changing z (np.max reduces "
    "the whole array to one number; booleans are not activations).")
LEAKY_ALPHA = Misconception(
    "Leaky ReLU is z for positive z and alpha times z for negative z, with the alpha it is given: not max(z, "
    "alpha), and not a fixed slope.")
SIGMOID_DERIVATIVE = Misconception(
    "sigma'(z) = sigma(z) (1 - sigma(z)): both factors are the sigmoid of z, not z itself; compute it from a "
    "numerically stable sigmoid.")
TANH_DERIVATIVE = Misconception(
    "tanh'(z) = 1 - tanh(z)^2: the square of tanh(z), not of z, and not the sigmoid's derivative.")
RELU_DERIVATIVE = Misconception(
    "ReLU's derivative is 1 where z > 0 and 0 elsewhere, as floats (not booleans, and not ReLU itself).")
LEAKY_DERIVATIVE = Misconception(
    "Leaky ReLU's derivative is 1 for positive z and alpha (the one it is given) for negative z, never 0.")
INIT_SYMMETRY = Misconception(
    "With all weights equal (zero), every hidden unit computes the same thing and gets the same gradient "
    "forever: the weights must be random, the biases may be zero.")
INIT_SHAPES = Misconception(
    "In this course's layout W1 has shape (n_h, n_x), W2 (n_y, n_h) and the biases are columns (n_h, 1) and "
    "(n_y, 1): one row per unit of the layer, one column per input.")
INIT_SCALE = Misconception(
    "The weights' standard deviation depends on the layer's fan-in: LeCun's is sqrt(1 / fan_in) and He's "
    "sqrt(2 / fan_in), with each layer's own fan-in (n_x for W1, n_h for W2); a number given as scale is the "
    "standard deviation itself.")
INIT_RNG = Misconception(
    "The parameters must come from np.random.default_rng(seed) with the seed given, drawing W1 then W2 from a "
    "normal distribution, so that the same seed always gives the same network.")
INIT_GENERAL = Misconception(
    "init_params must work for any sizes n_x, n_h, n_y and return float64 arrays (numpy's default), not sizes "
    "or dtypes fixed for one data set.")
FORWARD_MATRIX = Misconception(
    "Each layer is a matrix product W A plus b: with W of shape (n_out, n_in) and examples as columns, W1 @ "
    "X, not an elementwise product or a transposed W.")
FORWARD_LAYERS = Misconception(
    "The hidden layer applies the chosen activation (with its bias) and the output layer always a sigmoid, "
    "whatever the hidden activation is.")
FORWARD_CACHE = Misconception(
    "forward returns (A2, cache), and the cache holds Z1, A1, Z2 and A2 under their own names: backward needs "
    "each of them.")
ARGUMENT_ORDER = Misconception(
    "Keep the argument order of the docstring: the data X first, then params.")
BCE_FORMULA = Misconception(
    "Binary cross-entropy is -(1/m) times the sum of Y log(A2) + (1 - Y) log(1 - A2), with natural logs and "
    "both terms: check the sign, the log, and that both labels count.")
BCE_MEAN = Misconception(
    "The loss is averaged over the m examples (the columns), not summed, and not over the number of entries "
    "of A2 when there are several outputs: read m from the right axis.")
BCE_RETURN = Misconception(
    "The loss must be a plain Python float: a (1, 1) array or a numpy float is not.")
BCE_CLIPPING = Misconception(
    "A2 can be exactly 0 or 1 when the sigmoid saturates, and log(0) is -inf: clip A2 into [eps, 1 - eps] on "
    "both sides, with the tiny eps of the docstring, before taking logs.")
L2_PENALTY = Misconception(
    "The L2 term is (l2 / (2 m)) times the sum of the squared weights W1 and W2 (not the biases), added to "
    "the loss with the strength given.")
BACKWARD_ACTIVATION = Misconception(
    "The hidden layer's derivative must match the activation used in forward (passed as activation): use the "
    "derivative function for that activation, evaluated at Z1.")
BACKWARD_MEAN = Misconception(
    "Every gradient is divided by m exactly once, because the loss is a mean over the m examples: read m from "
    "the number of columns of X, not a fixed number.")
BACKWARD_SHAPES = Misconception(
    "Each gradient has the shape of its parameter: dW2 = dZ2 A1^T / m, dA1 = W2^T dZ2 (a matrix product), db "
    "= the mean of dZ over the examples (axis 1, keeping a column).")
BACKWARD_DZ2 = Misconception(
    "For a sigmoid output with cross-entropy, dZ2 = A2 - Y: the sigmoid's derivative cancels, and the sign is "
    "prediction minus label.")
NO_INPUT_MUTATION = Misconception(
    "Don't change the arrays and dictionaries you are given (the cache, params, grads): compute new ones, the "
    "caller still uses the originals.")
L2_GRADIENT = Misconception(
    "With L2, each weight gradient gets (l2 / m) W added, the biases nothing: the same strength and 1/m as "
    "the penalty in the loss.")
GRAD_KEYS = Misconception(
    "This course names the gradients after their parameters: grads has the keys W1, b1, W2, b2 (not dW1, "
    "...).")
SGD_RULE = Misconception(
    "Each parameter moves against its own gradient: new = old - learning_rate * gradient, with the learning "
    "rate given, for every parameter, biases included.")
SGD_NEW_DICT = Misconception(
    "sgd_step returns a new dictionary and leaves params and grads as they were.")
PREDICT_THRESHOLD = Misconception(
    "predict labels an example 1 when the output probability A2 is strictly above 0.5: threshold the "
    "probability from forward (not Z2), and use the activation given.")
PREDICT_OUTPUT = Misconception(
    "predict returns integer labels 0 and 1 in an array of shape (1, m), like Y, not booleans, floats or a "
    "flat array.")
TRAIN_LOOP = Misconception(
    "Each epoch runs forward, records the loss (with its L2 term) before the step, runs backward with the "
    "same activation and l2, and keeps the updated parameters for the next epoch, exactly epochs times.")
TRAIN_SETUP = Misconception(
    "train initialises the parameters once, before the loop, with init_params and the sizes read from X and Y "
    "(n_x = rows of X, n_y = rows of Y), the seed and the course's default scale.")
TRAIN_RETURN = Misconception(
    "train returns (params, losses), with the losses as a Python list of floats.")
TRAIN_HYPERPARAMETERS = Misconception(
    "Use the hyperparameters train is given (learning rate, activation, seed, l2) rather than fixed values.")

MUTANTS = [
    # ---- activations ----
    Mutant("naive sigmoid overflows for large negative z",
           define('''
               def sigmoid(z):
                   return 1 / (1 + np.exp(-z))
           '''), fails={"test_activation_derivatives", "test_sigmoid"}, why=SIGMOID_STABLE),
    Mutant("sigmoid as exp(z) / (1 + exp(z)) gives nan for large z",
           define('''
               def sigmoid(z):
                   return np.exp(z) / (1 + np.exp(z))
           '''), fails={"test_activation_derivatives", "test_sigmoid"}, why=SIGMOID_STABLE),
    Mutant("sigmoid with the sign of z flipped",
           swap("sigmoid",
                "return np.where(z >= 0, 1 / (1 + e), e / (1 + e))",
                "return np.where(z >= 0, e / (1 + e), 1 / (1 + e))"),
           fails={"test_forward", "test_train", "test_train_moons", "test_predict", "test_sigmoid"},
           why=SIGMOID_FORMULA),
    Mutant("tanh as 2 sigmoid(z) - 1 (that is tanh(z/2))",
           swap("tanh", "np.tanh(z)", "2 * sigmoid(z) - 1"),
           fails={"test_activations", "test_forward", "test_train", "test_predict"}, why=TANH_FORMULA),
    Mutant("relu returns booleans",
           swap("relu", "np.maximum(z, 0.0)", "z > 0"),
           fails={"test_activations", "test_forward", "test_train", "test_predict"}, why=RELU_ELEMENTWISE),
    Mutant("relu with np.max (a reduction) instead of np.maximum",
           [swap("relu", "np.maximum", "np.max"),
            swap("relu", "0.0", "0")],
           fails={"test_activations", "test_forward", "test_train", "test_predict"}, why=RELU_ELEMENTWISE),
    Mutant("relu clips its input in place",
           define('''
               def relu(z):
                   z[z < 0] = 0
                   return z
           '''), fails={"test_activations", "test_forward"}, why=RELU_ELEMENTWISE),
    Mutant("leaky_relu ignores alpha", swap("leaky_relu", "alpha", "0.01"), fails={"test_activations"},
           why=LEAKY_ALPHA),
    Mutant("leaky_relu as np.maximum(z, alpha)",
           swap("leaky_relu", "np.where(z > 0, z, alpha * z)", "np.maximum(z, alpha)"),
           fails={"test_activations", "test_forward", "test_train"}, why=LEAKY_ALPHA),
    # ---- activation_derivatives ----
    Mutant("sigmoid' as sigmoid(z) (1 - z)",
           define('''
               def sigmoid_derivative(z):
                   return sigmoid(z) * (1 - z)
           '''), fails={"test_activation_derivatives", "test_backward", "test_backward_l2", "test_train"},
           why=SIGMOID_DERIVATIVE, probe=True),
    Mutant("sigmoid' computed with a naive exp that overflows",
           define('''
               def sigmoid_derivative(z):
                   return np.exp(-z) / (1 + np.exp(-z)) ** 2
           '''), fails={"test_activation_derivatives"}, why=SIGMOID_DERIVATIVE),
    Mutant("tanh' without the square",
           swap("tanh_derivative", "np.tanh(z) ** 2", "np.tanh(z)"),
           fails={"test_activation_derivatives", "test_backward_l2", "test_backward", "test_train", "test_train_moons"},
           why=TANH_DERIVATIVE),
    Mutant("tanh' as 1 - z**2 (the formula in A applied to Z)",
           swap("tanh_derivative", "np.tanh(z)", "z"),
           fails={"test_activation_derivatives", "test_backward_l2", "test_backward", "test_train", "test_train_moons"},
           why=TANH_DERIVATIVE, probe=True),
    Mutant("sigmoid' used for tanh",
           define('''
               def tanh_derivative(z):
                   s = sigmoid(z)
                   return s * (1 - s)
           '''),
           fails={"test_activation_derivatives", "test_backward", "test_backward_l2", "test_train"},
           why=TANH_DERIVATIVE),
    Mutant("relu' returns booleans",
           swap("relu_derivative", "np.where(z > 0, 1.0, 0.0)", "z > 0"), fails={"test_activation_derivatives"},
           why=RELU_DERIVATIVE),
    Mutant("relu' returns relu itself",
           swap("relu_derivative", "np.where(z > 0, 1.0, 0.0)", "np.maximum(z, 0.0)"),
           fails={"test_activation_derivatives", "test_backward", "test_backward_l2", "test_train"},
           why=RELU_DERIVATIVE),
    Mutant("leaky relu' ignores alpha",
           swap("leaky_relu_derivative", "alpha", "0.01"), fails={"test_activation_derivatives"},
           why=LEAKY_DERIVATIVE),
    Mutant("leaky relu' is 0 for negative z",
           swap("leaky_relu_derivative", "alpha", "0.0"),
           fails={"test_activation_derivatives", "test_backward", "test_backward_l2", "test_train"},
           why=LEAKY_DERIVATIVE),
    # ---- init_params ----
    Mutant("zero initialisation",
           [swap("init_params", "rng.standard_normal((n_h, n_x)) * s1", "np.zeros((n_h, n_x))"),
            swap("init_params", "rng.standard_normal((n_y, n_h)) * s2", "np.zeros((n_y, n_h))")],
           fails={"test_init_params", "test_train", "test_train_moons"}, demo=True, why=INIT_SYMMETRY, probe=True),
    Mutant("W1 transposed, shape (n_x, n_h) (rows layout)",
           swap("init_params", "W1 = rng.standard_normal((n_h, n_x)) * s1", "W1 = rng.standard_normal((n_x, n_h)) * s1"),
           fails={"test_init_params", "test_train", "test_train_moons"}, why=INIT_SHAPES),
    Mutant("b1 of shape (n_h,) instead of (n_h, 1)",
           swap("init_params", "(n_h, 1)", "n_h"), fails={"test_init_params", "test_train", "test_train_moons"},
           why=INIT_SHAPES),
    Mutant("b1 as a row (1, n_h) (rows layout)",
           swap("init_params", "(n_h, 1)", "(1, n_h)"), fails={"test_init_params", "test_train", "test_train_moons"},
           why=INIT_SHAPES),
    Mutant("lecun scale 0.01 as in other courses",
           swap("init_params", "s1, s2 = np.sqrt(1 / n_x), np.sqrt(1 / n_h)", "s1, s2 = 0.01, 0.01"),
           fails={"test_init_params", "test_train"}, why=INIT_SCALE),
    Mutant("lecun scale without the square root (a variance, not a standard deviation)",
           swap("init_params", "s1, s2 = np.sqrt(1 / n_x), np.sqrt(1 / n_h)", "s1, s2 = 1 / n_x, 1 / n_h"),
           fails={"test_init_params", "test_train"}, why=INIT_SCALE),
    Mutant("lecun scale from the fan-out (n_h for W1, n_y for W2)",
           swap("init_params", "s1, s2 = np.sqrt(1 / n_x), np.sqrt(1 / n_h)", "s1, s2 = np.sqrt(1 / n_h), np.sqrt(1 / n_y)"),
           fails={"test_init_params", "test_train"}, why=INIT_SCALE),
    Mutant("Glorot's sqrt(2 / (n_in + n_out)) for lecun",
           swap("init_params", "s1, s2 = np.sqrt(1 / n_x), np.sqrt(1 / n_h)",
                "s1, s2 = np.sqrt(2 / (n_x + n_h)), np.sqrt(2 / (n_h + n_y))"),
           fails={"test_init_params", "test_train"}, why=INIT_SCALE),
    Mutant("he without the factor 2",
           swap("init_params", "s1, s2 = np.sqrt(2 / n_x), np.sqrt(2 / n_h)", "s1, s2 = np.sqrt(1 / n_x), np.sqrt(1 / n_h)"),
           fails={"test_init_params"}, why=INIT_SCALE),
    Mutant("he's sqrt(2 / n_x) used for both layers",
           swap("init_params", "s1, s2 = np.sqrt(2 / n_x), np.sqrt(2 / n_h)", "s1 = s2 = np.sqrt(2 / n_x)"),
           fails={"test_init_params"}, why=INIT_SCALE),
    Mutant("a numeric scale ignored (always 0.01)",
           swap("init_params", "s1 = s2 = scale", "s1 = s2 = 0.01"), fails={"test_init_params"}, why=INIT_SCALE),
    Mutant("legacy np.random.randn instead of default_rng",
           [swap("init_params", "rng = np.random.default_rng(seed=seed)", "np.random.seed(seed)"),
            swap("init_params", "rng.standard_normal((n_h, n_x))", "np.random.randn(n_h, n_x)"),
            swap("init_params", "rng.standard_normal((n_y, n_h))", "np.random.randn(n_y, n_h)")],
           fails={"test_init_params", "test_train"}, why=INIT_RNG),
    Mutant("W2 drawn before W1",
           swap("init_params", '''
               W1 = rng.standard_normal((n_h, n_x)) * s1
               b1 = np.zeros((n_h, 1))
               W2 = rng.standard_normal((n_y, n_h)) * s2
               b2 = np.zeros((n_y, 1))
               return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
           ''', '''
               W2 = rng.standard_normal((n_y, n_h)) * s2
               W1 = rng.standard_normal((n_h, n_x)) * s1
               return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}
           '''), fails={"test_init_params", "test_train"}, why=INIT_RNG),
    Mutant("seed ignored (always 0)",
           swap("init_params", "rng = np.random.default_rng(seed=seed)", "rng = np.random.default_rng(0)"),
           fails={"test_init_params", "test_train"}, why=INIT_RNG),
    Mutant("hard-coded n_x = 2",
           swap("init_params", "W1 = rng.standard_normal((n_h, n_x)) * s1", "W1 = rng.standard_normal((n_h, 2)) * s1"),
           fails={"test_init_params", "test_train"}, why=INIT_GENERAL),
    Mutant("float32 parameters where the docstring says float64",
           swap("init_params",
                '{"W1": W1, "b1": b1, "W2": W2, "b2": b2}',
                '{k: v.astype(np.float32) for k, v in {"W1": W1, "b1": b1, "W2": W2, "b2": b2}.items()}'),
           fails={"test_init_params", "test_train"}, why=INIT_GENERAL),
    Mutant("uniform instead of normal weights",
           [swap("init_params", "rng.standard_normal((n_h, n_x))", "rng.random((n_h, n_x))"),
            swap("init_params", "rng.standard_normal((n_y, n_h))", "rng.random((n_y, n_h))")],
           fails={"test_init_params", "test_train"}, why=INIT_RNG),
    # ---- forward ----
    Mutant("elementwise * instead of the matrix product",
           swap("forward", 'params["W1"] @ X', 'params["W1"] * X'),
           fails={"test_forward", "test_train", "test_train_moons", "test_predict"}, why=FORWARD_MATRIX),
    Mutant("W1 transposed in the forward pass",
           swap("forward", 'params["W1"]', 'params["W1"].T'),
           fails={"test_forward", "test_train", "test_train_moons", "test_predict"}, why=FORWARD_MATRIX),
    Mutant("b1 left out",
           swap("forward", 'params["W1"] @ X + params["b1"]', 'params["W1"] @ X'),
           fails={"test_forward", "test_predict", "test_train"}, why=FORWARD_LAYERS),
    Mutant("activation argument ignored (always tanh)",
           swap("forward", "get_activation(activation)", 'get_activation("tanh")'),
           fails={"test_forward", "test_train", "test_predict"}, why=FORWARD_LAYERS),
    Mutant("hidden activation used at the output too",
           swap("forward", "sigmoid(Z2)", "g(Z2)"),
           fails={"test_forward", "test_predict", "test_train"}, why=FORWARD_LAYERS),
    Mutant("no sigmoid at the output",
           swap("forward", "sigmoid(Z2)", "Z2"),
           fails={"test_forward", "test_predict", "test_train"}, why=FORWARD_LAYERS),
    Mutant("cache without A1",
           swap("forward", '{"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}', '{"Z1": Z1, "Z2": Z2, "A2": A2}'),
           fails={"test_forward", "test_train", "test_train_moons"}, why=FORWARD_CACHE),
    Mutant("cache stores A1 under Z1",
           swap("forward", '{"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}', '{"Z1": A1, "A1": A1, "Z2": Z2, "A2": A2}'),
           fails={"test_forward", "test_train"}, why=FORWARD_CACHE),
    Mutant("returns (cache, A2)",
           swap("forward", 'return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}',
                'return {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}, A2'),
           fails={"test_forward", "test_train", "test_train_moons", "test_predict"}, why=FORWARD_CACHE),
    Mutant("forward(params, X) (the arguments the other way round)",
           define('''
               def forward(params, X, activation="tanh"):
                   g, _ = get_activation(activation)
                   Z1 = params["W1"] @ X + params["b1"]
                   A1 = g(Z1)
                   Z2 = params["W2"] @ A1 + params["b2"]
                   A2 = sigmoid(Z2)
                   return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
           '''), fails={"test_forward", "test_train", "test_train_moons", "test_predict"}, why=ARGUMENT_ORDER),
    # ---- bce_loss ----
    Mutant("loss with the wrong sign",
           swap("bce_loss", "-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))", "np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))"),
           fails={"test_bce_loss", "test_bce_loss_l2", "test_train", "test_train_moons"}, why=BCE_FORMULA),
    Mutant("loss without 1/m",
           swap("bce_loss", "-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m",
                "-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))"),
           fails={"test_bce_loss", "test_bce_loss_l2", "test_train"}, why=BCE_MEAN, probe=True),
    Mutant("loss averaged over outputs too (np.mean over n_y m entries)",
           swap("bce_loss", "-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m",
                "-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))"),
           fails={"test_bce_loss", "test_train"}, why=BCE_MEAN),
    Mutant("loss returns a numpy float64",
           swap("bce_loss", "float(loss)", "loss"), fails={"test_bce_loss", "test_bce_loss_l2", "test_train"},
           why=BCE_RETURN),
    Mutant("loss as a (1, 1) array from np.dot",
           [swap("bce_loss", "np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))",
                 "np.dot(Y, np.log(A).T) + np.dot(1 - Y, np.log(1 - A).T)"),
            swap("bce_loss", "float(loss)", "loss")],
           fails={"test_bce_loss", "test_bce_loss_l2", "test_train", "test_train_moons"}, why=BCE_RETURN),
    Mutant("m read from the wrong axis (A2.shape[0])",
           swap("bce_loss", "m = Y.shape[1]", "m = A2.shape[0]"),
           fails={"test_bce_loss", "test_bce_loss_l2", "test_train"}, why=BCE_MEAN),
    Mutant("loss without the (1 - Y) log(1 - A2) term",
           swap("bce_loss", "Y * np.log(A) + (1 - Y) * np.log(1 - A)", "Y * np.log(A)"),
           fails={"test_bce_loss", "test_bce_loss_l2", "test_train"}, why=BCE_FORMULA),
    Mutant("log10 instead of the natural log",
           [swap("bce_loss", "np.log(A)", "np.log10(A)"), swap("bce_loss", "np.log(1 - A)", "np.log10(1 - A)")],
           fails={"test_bce_loss", "test_bce_loss_l2", "test_train"}, why=BCE_FORMULA),
    Mutant("no clipping: inf when the sigmoid saturates",
           swap("bce_loss", "A = np.clip(A2, 1e-12, 1 - 1e-12)", "A = A2"), fails={"test_bce_loss"},
           why=BCE_CLIPPING),
    Mutant("clipping at 1e-7 instead of 1e-12",
           swap("bce_loss", "A = np.clip(A2, 1e-12, 1 - 1e-12)", "A = np.clip(A2, 1e-7, 1 - 1e-7)"),
           fails={"test_bce_loss"}, why=BCE_CLIPPING),
    Mutant("clipping of the small end only",
           swap("bce_loss", "A = np.clip(A2, 1e-12, 1 - 1e-12)", "A = np.maximum(A2, 1e-12)"),
           fails={"test_bce_loss"}, why=BCE_CLIPPING),
    Mutant("L2 penalty without the 1/2", swap("bce_loss", "2 * m", "m"), fails={"test_bce_loss_l2", "test_train"},
           why=L2_PENALTY),
    Mutant("L2 penalty on the biases too",
           swap("bce_loss", 'np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2)',
                'np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2) + np.sum(params["b1"] ** 2) + np.sum(params["b2"] ** 2)'),
           fails={"test_bce_loss_l2", "test_train"}, why=L2_PENALTY),
    Mutant("L2 strength ignored",
           swap("bce_loss", '''
               if l2:
                   loss += l2 / (2 * m) * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
           ''', '''
               if False:
                   loss += l2 / (2 * m) * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
           '''), fails={"test_bce_loss_l2", "test_train"}, why=L2_PENALTY),
    # ---- backward ----
    Mutant("hard-coded tanh derivative 1 - A1**2 (the old hint)",
           swap("backward", 'g_prime(cache["Z1"])', '(1 - cache["A1"] ** 2)'),
           fails={"test_backward", "test_backward_l2", "test_train"}, why=BACKWARD_ACTIVATION),
    Mutant("gradients without 1/m",
           swap("backward", "m = X.shape[1]", "m = 1"),
           fails={"test_backward_l2", "test_backward", "test_train", "test_train_moons"}, why=BACKWARD_MEAN, probe=True),
    Mutant("1/m applied twice",
           swap("backward", '''
               dW2 = dZ2 @ cache["A1"].T / m + (l2 / m) * W2
               db2 = np.sum(dZ2, axis=1, keepdims=True) / m
               dZ1 = (W2.T @ dZ2) * g_prime(cache["Z1"])
               dW1 = dZ1 @ X.T / m + (l2 / m) * W1
               db1 = np.sum(dZ1, axis=1, keepdims=True) / m
           ''', '''
               dW2 = dZ2 @ cache["A1"].T / m / m + (l2 / m) * W2
               db2 = np.sum(dZ2, axis=1, keepdims=True) / m / m
               dZ1 = (W2.T @ dZ2) * g_prime(cache["Z1"])
               dW1 = dZ1 @ X.T / m / m + (l2 / m) * W1
               db1 = np.sum(dZ1, axis=1, keepdims=True) / m / m
           '''),
           fails={"test_backward_l2", "test_backward", "test_train", "test_train_moons"}, demo=True,
           why=BACKWARD_MEAN, probe=True),
    Mutant("dW2 transposed (A1 dZ2^T)",
           swap("backward", 'dW2 = dZ2 @ cache["A1"].T / m + (l2 / m) * W2',
                'dW2 = cache["A1"] @ dZ2.T / m + (l2 / m) * W2'),
           fails={"test_backward_l2", "test_backward", "test_train", "test_train_moons"}, why=BACKWARD_SHAPES),
    Mutant("elementwise * instead of W2^T @ dZ2",
           swap("backward", "W2.T @ dZ2", "W2.T * dZ2"), fails={"test_backward", "test_backward_l2", "test_train"},
           why=BACKWARD_SHAPES),
    Mutant("db summed over the wrong axis",
           [swap("backward", "np.sum(dZ2, axis=1, keepdims=True)", "np.sum(dZ2, axis=0, keepdims=True)"),
            swap("backward", "np.sum(dZ1, axis=1, keepdims=True)", "np.sum(dZ1, axis=0, keepdims=True)")],
           fails={"test_backward_l2", "test_backward", "test_train", "test_train_moons"}, why=BACKWARD_SHAPES),
    Mutant("db without keepdims",
           [swap("backward", "np.sum(dZ2, axis=1, keepdims=True)", "np.sum(dZ2, axis=1)"),
            swap("backward", "np.sum(dZ1, axis=1, keepdims=True)", "np.sum(dZ1, axis=1)")],
           fails={"test_backward_l2", "test_backward", "test_train", "test_train_moons"}, why=BACKWARD_SHAPES),
    Mutant("sigmoid' used for every activation",
           [swap("backward", "W2.T @ dZ2", '(W2.T @ dZ2) * cache["A1"]'),
            swap("backward", 'g_prime(cache["Z1"])', '1 - cache["A1"]')],
           fails={"test_backward_l2", "test_backward", "test_train"}, why=BACKWARD_ACTIVATION),
    Mutant("dZ2 = Y - A2 (the sign)",
           swap("backward", 'dZ2 = cache["A2"] - Y', 'dZ2 = Y - cache["A2"]'),
           fails={"test_backward_l2", "test_backward", "test_train", "test_train_moons"}, why=BACKWARD_DZ2),
    Mutant("dZ2 = (A2 - Y) A2 (1 - A2), the squared-error habit",
           swap("backward", 'dZ2 = cache["A2"] - Y', 'dZ2 = (cache["A2"] - Y) * cache["A2"] * (1 - cache["A2"])'),
           fails={"test_backward_l2", "test_backward", "test_train"}, why=BACKWARD_DZ2),
    Mutant("cache A2 modified in place",
           swap("backward", 'dZ2 = cache["A2"] - Y', '''
               dZ2 = cache["A2"]
               dZ2 -= Y
           '''), fails={"test_backward_l2", "test_backward"}, why=NO_INPUT_MUTATION),
    Mutant("hard-coded m = 200",
           swap("backward", "m = X.shape[1]", "m = 200"), fails={"test_backward_l2", "test_backward", "test_train"},
           why=BACKWARD_MEAN),
    Mutant("m read from the wrong axis (X.shape[0])",
           swap("backward", "m = X.shape[1]", "m = X.shape[0]"),
           fails={"test_backward_l2", "test_backward", "test_train", "test_train_moons"}, why=BACKWARD_MEAN),
    Mutant("L2 gradient l2 W without 1/m",
           [swap("backward", "(l2 / m) * W2", "l2 * W2"), swap("backward", "(l2 / m) * W1", "l2 * W1")],
           fails={"test_backward_l2", "test_train"}, why=L2_GRADIENT),
    Mutant("L2 gradient ignored",
           [swap("backward", 'dZ2 @ cache["A1"].T / m + (l2 / m) * W2', 'dZ2 @ cache["A1"].T / m'),
            swap("backward", "dZ1 @ X.T / m + (l2 / m) * W1", "dZ1 @ X.T / m")],
           fails={"test_backward_l2", "test_train"}, why=L2_GRADIENT),
    Mutant("L2 gradient added to db too",
           [swap("backward", "np.sum(dZ2, axis=1, keepdims=True) / m", "np.sum(dZ2, axis=1, keepdims=True) / m + l2 / m"),
            swap("backward", "np.sum(dZ1, axis=1, keepdims=True) / m", "np.sum(dZ1, axis=1, keepdims=True) / m + l2 / m")],
           fails={"test_backward_l2", "test_train"}, why=L2_GRADIENT),
    Mutant("grads keyed 'dW1', ... (another course's convention)",
           swap("backward", '{"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}', '{"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}'),
           fails={"test_backward_l2", "test_backward", "test_train", "test_train_moons"}, why=GRAD_KEYS),
    # ---- sgd_step ----
    Mutant("update with + instead of -",
           swap("sgd_step", "params[key] - learning_rate * grads[key]", "params[key] + learning_rate * grads[key]"),
           fails={"test_train", "test_train_moons", "test_sgd_step"}, why=SGD_RULE, probe=True),
    Mutant("update in place with -=",
           define('''
               def sgd_step(params, grads, learning_rate):
                   for key in ("W1", "b1", "W2", "b2"):
                       params[key] -= learning_rate * grads[key]
                   return dict(params)
           '''), fails={"test_sgd_step"}, why=SGD_NEW_DICT),
    Mutant("update writes into the caller's dict",
           define('''
               def sgd_step(params, grads, learning_rate):
                   for key in ("W1", "b1", "W2", "b2"):
                       params[key] = params[key] - learning_rate * grads[key]
                   return params
           '''), fails={"test_sgd_step"}, why=SGD_NEW_DICT),
    Mutant("learning rate ignored",
           swap("sgd_step", "learning_rate * grads[key]", "grads[key]"), fails={"test_train", "test_sgd_step"},
           why=SGD_RULE),
    Mutant("hard-coded learning rate 1.2",
           swap("sgd_step", "learning_rate", "1.2"), fails={"test_train", "test_sgd_step"}, why=SGD_RULE),
    Mutant("biases not updated",
           define('''
               def sgd_step(params, grads, learning_rate):
                   new = {key: params[key] - learning_rate * grads[key] for key in ("W1", "W2")}
                   return {**new, "b1": params["b1"], "b2": params["b2"]}
           '''), fails={"test_sgd_step", "test_train"}, why=SGD_RULE),
    Mutant("b1 updated with the W1 gradient",
           define('''
               def sgd_step(params, grads, learning_rate):
                   new = {key: params[key] - learning_rate * grads[key] for key in ("W1", "W2", "b2")}
                   new["b1"] = params["b1"] - learning_rate * grads["W1"]
                   return new
           '''), fails={"test_train", "test_train_moons", "test_sgd_step"}, why=SGD_RULE),
    Mutant("learning rate squared",
           swap("sgd_step", "learning_rate", "learning_rate ** 2"), fails={"test_train", "test_sgd_step"},
           why=SGD_RULE),
    Mutant("reads the gradients under 'dW1', ... (another course's convention)",
           swap("sgd_step", "grads[key]", 'grads["d" + key]'), fails={"test_train", "test_train_moons", "test_sgd_step"},
           why=GRAD_KEYS),
    # ---- predict ----
    Mutant("predict with >= 0.5", swap("predict", "A2 > 0.5", "A2 >= 0.5"), fails={"test_predict"},
           why=PREDICT_THRESHOLD),
    Mutant("predict returns booleans", swap("predict", "(A2 > 0.5).astype(int)", "A2 > 0.5"), fails={"test_predict"},
           why=PREDICT_OUTPUT),
    Mutant("predict returns rounded floats",
           swap("predict", "(A2 > 0.5).astype(int)", "np.round(A2)"), fails={"test_predict"}, why=PREDICT_OUTPUT),
    Mutant("predict returns shape (m,)",
           swap("predict", "(A2 > 0.5).astype(int)", "(A2 > 0.5).astype(int).ravel()"), fails={"test_predict"},
           why=PREDICT_OUTPUT),
    Mutant("predict ignores the activation", swap("predict", "forward(X, params, activation)", "forward(X, params)"),
           fails={"test_predict"}, why=PREDICT_THRESHOLD),
    Mutant("predict thresholds Z2 at 0.5",
           define('''
               def predict(X, params, activation="tanh"):
                   _, cache = forward(X, params, activation)
                   return (cache["Z2"] > 0.5).astype(int)
           '''), fails={"test_predict"}, why=PREDICT_THRESHOLD),
    Mutant("predict thresholds A2 at 0", swap("predict", "A2 > 0.5", "A2 > 0"), fails={"test_train_moons", "test_predict"},
           why=PREDICT_THRESHOLD),
    Mutant("predict returns the probabilities",
           swap("predict", "(A2 > 0.5).astype(int)", "A2"), fails={"test_train_moons", "test_predict"},
           why=PREDICT_OUTPUT),
    Mutant("predict with a hard-coded relu",
           swap("predict", "forward(X, params, activation)", 'forward(X, params, "relu")'),
           fails={"test_train_moons", "test_predict"}, why=PREDICT_THRESHOLD),
    Mutant("predict(params, X) (the arguments the other way round)",
           define('''
               def predict(params, X, activation="tanh"):
                   A2, _ = forward(X, params, activation)
                   return (A2 > 0.5).astype(int)
           '''), fails={"test_train_moons", "test_predict"}, why=ARGUMENT_ORDER),
    # ---- train ----
    Mutant("train never keeps the update",
           swap("train", "params = sgd_step(params, grads, learning_rate)", "sgd_step(params, grads, learning_rate)"),
           fails={"test_train", "test_train_moons"}, why=TRAIN_LOOP),
    Mutant("train runs one epoch too many",
           swap("train", "range(epochs)", "range(epochs + 1)"), fails={"test_train"}, why=TRAIN_LOOP),
    Mutant("train with a hard-coded n_x = 2", swap("train", "X.shape[0]", "2"), fails={"test_train"},
           why=TRAIN_SETUP),
    Mutant("train reads n_y from X",
           swap("train", "Y.shape[0]", "X.shape[0]"), fails={"test_train", "test_train_moons"}, why=TRAIN_SETUP),
    Mutant("train ignores the activation",
           [swap("train", "forward(X, params, activation)", 'forward(X, params, "tanh")'),
            swap("train", "backward(X, Y, params, cache, activation, l2)", 'backward(X, Y, params, cache, "tanh", l2)')],
           fails={"test_train"}, why=TRAIN_HYPERPARAMETERS),
    Mutant("train ignores l2 in the gradient",
           swap("train", "backward(X, Y, params, cache, activation, l2)", "backward(X, Y, params, cache, activation)"),
           fails={"test_train"}, why=TRAIN_LOOP),
    Mutant("train records the loss without the L2 term",
           swap("train", "bce_loss(A2, Y, params, l2)", "bce_loss(A2, Y)"), fails={"test_train"}, why=TRAIN_LOOP),
    Mutant("train records the loss after the step",
           swap("train", '''
               losses.append(bce_loss(A2, Y, params, l2))
               grads = backward(X, Y, params, cache, activation, l2)
               params = sgd_step(params, grads, learning_rate)
           ''', '''
               grads = backward(X, Y, params, cache, activation, l2)
               params = sgd_step(params, grads, learning_rate)
               losses.append(bce_loss(forward(X, params, activation)[0], Y, params, l2))
           '''), fails={"test_train"}, why=TRAIN_LOOP),
    Mutant("train returns the losses as a numpy array",
           swap("train", "return params, losses", "return params, np.array(losses)"), fails={"test_train"},
           why=TRAIN_RETURN),
    Mutant("train returns the params only",
           swap("train", "return params, losses", "return params"), fails={"test_train", "test_train_moons"},
           why=TRAIN_RETURN),
    Mutant("train ignores the seed", swap("train", "init_params(X.shape[0], n_h, Y.shape[0], seed)",
                                          "init_params(X.shape[0], n_h, Y.shape[0], 0)"), fails={"test_train"},
           why=TRAIN_HYPERPARAMETERS),
    Mutant("train with the initial scale 0.01 of other courses",
           swap("train", "init_params(X.shape[0], n_h, Y.shape[0], seed)", "init_params(X.shape[0], n_h, Y.shape[0], seed, 0.01)"),
           fails={"test_train"}, why=TRAIN_SETUP),
    Mutant("train ignores the learning rate",
           swap("train", "sgd_step(params, grads, learning_rate)", "sgd_step(params, grads, 0.5)"), fails={"test_train"},
           why=TRAIN_HYPERPARAMETERS),
    Mutant("train initialises inside the loop",
           swap("train", '''
               params = init_params(X.shape[0], n_h, Y.shape[0], seed)
               losses = []
               for epoch in range(epochs):
                   A2, cache = forward(X, params, activation)
                   losses.append(bce_loss(A2, Y, params, l2))
                   grads = backward(X, Y, params, cache, activation, l2)
                   params = sgd_step(params, grads, learning_rate)
           ''', '''
               losses = []
               for epoch in range(epochs):
                   params = init_params(X.shape[0], n_h, Y.shape[0], seed)
                   A2, cache = forward(X, params, activation)
                   losses.append(bce_loss(A2, Y, params, l2))
                   grads = backward(X, Y, params, cache, activation, l2)
                   params = sgd_step(params, grads, learning_rate)
           '''), fails={"test_train", "test_train_moons"}, why=TRAIN_SETUP),
]

ALTERNATIVES = [
    Alternative("sigmoid via tanh, relu and leaky relu via where/maximum",
                [define('''
               def sigmoid(z):
                   return 0.5 * (1 + np.tanh(0.5 * z))
           '''),
            swap("relu", "np.maximum(z, 0.0)", "np.where(z > 0, z, 0.0)"),
            swap("leaky_relu", "np.where(z > 0, z, alpha * z)", "np.maximum(z, alpha * z)")]),
    Alternative("sigmoid by clipping z, relu as z * (z > 0)",
                [define('''
               def sigmoid(z):
                   return 1.0 / (1.0 + np.exp(-np.clip(z, -500, 500)))
           '''),
            swap("relu", "np.maximum(z, 0.0)", "z * (z > 0)")]),
    Alternative("derivatives via cosh and astype(float)",
                [swap("sigmoid_derivative", "s * (1 - s)", "s - s ** 2"),
            swap("tanh_derivative", "1 - np.tanh(z) ** 2", "1 / np.cosh(z) ** 2"),
            swap("relu_derivative", "np.where(z > 0, 1.0, 0.0)", "(z > 0).astype(float)"),
            define('''
               def leaky_relu_derivative(z, alpha=0.01):
                   d = np.ones_like(z, dtype=float)
                   d[z <= 0] = alpha
                   return d
           ''')]),
    Alternative("initialisation with a table of factors, size= and dict()",
                define('''
               def init_params(n_x, n_h, n_y, seed=0, scale="lecun"):
                   rng = np.random.default_rng(seed=seed)
                   if isinstance(scale, str):
                       factor = {"lecun": 1.0, "he": 2.0}[scale]
                       std1, std2 = (factor / n_x) ** 0.5, (factor / n_h) ** 0.5
                   else:
                       std1 = std2 = float(scale)
                   W1 = std1 * rng.standard_normal(size=(n_h, n_x))
                   W2 = std2 * rng.standard_normal(size=(n_y, n_h))
                   return dict(W1=W1, b1=np.zeros(shape=(n_h, 1)), W2=W2, b2=np.zeros(shape=(n_y, 1)))
           ''')),
    Alternative("initialisation with rng.normal(0, std, shape)",
                [swap("init_params", "rng.standard_normal((n_h, n_x)) * s1", "rng.normal(0.0, s1, (n_h, n_x))"),
                 swap("init_params", "rng.standard_normal((n_y, n_h)) * s2", "rng.normal(0.0, s2, (n_y, n_h))")]),
    Alternative("forward with np.dot, float64 inputs and a cache with extra keys",
                define('''
               def forward(X, params, activation="tanh"):
                   X = np.asarray(X, dtype=np.float64)
                   W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
                   g = get_activation(activation)[0]
                   Z1 = np.dot(W1, X) + b1
                   A1 = g(Z1)
                   Z2 = np.dot(W2, A1) + b2
                   A2 = sigmoid(Z2)
                   cache = {"X": X, "Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2, "W1": W1, "W2": W2, "activation": activation}
                   return A2, cache
           ''')),
    Alternative("forward keeping float32 inputs in float32",
                swap("forward", '''
               Z1 = params["W1"] @ X + params["b1"]
               A1 = g(Z1)
               Z2 = params["W2"] @ A1 + params["b2"]
           ''', '''
               p = {k: v.astype(X.dtype) for k, v in params.items()}
               Z1 = p["W1"] @ X + p["b1"]
               A1 = g(Z1)
               Z2 = p["W2"] @ A1 + p["b2"]
           ''')),
    Alternative("loss with np.maximum guards, np.dot and .item()",
                define('''
               def bce_loss(A2, Y, params=None, l2=0.0):
                   m = A2.shape[1]
                   log_a = np.log(np.maximum(A2, 1e-12))
                   log_1ma = np.log(np.maximum(1 - A2, 1e-12))
                   total = np.sum(Y * log_a) + np.sum((1 - Y) * log_1ma)
                   loss = -total.item() / m
                   if l2 > 0:
                       loss = loss + l2 / 2 / m * sum(np.square(params[k]).sum() for k in ("W1", "W2"))
                   return float(loss)
           ''')),
    Alternative("loss with np.where and log1p, clipped",
                swap("bce_loss", "-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m",
                     "-np.sum(np.where(Y == 1, np.log(A), np.log1p(-A))) / m")),
    Alternative("backward with np.dot and tanh' from A1 when the activation is tanh",
                swap("backward", '''
               _, g_prime = get_activation(activation)
               m = X.shape[1]
               W1, W2 = params["W1"], params["W2"]
               dZ2 = cache["A2"] - Y
               dW2 = dZ2 @ cache["A1"].T / m + (l2 / m) * W2
               db2 = np.sum(dZ2, axis=1, keepdims=True) / m
               dZ1 = (W2.T @ dZ2) * g_prime(cache["Z1"])
               dW1 = dZ1 @ X.T / m + (l2 / m) * W1
               db1 = np.sum(dZ1, axis=1, keepdims=True) / m
           ''', '''
               m = Y.shape[1]
               W1 = params["W1"]
               W2 = params["W2"]
               A1, A2 = cache["A1"], cache["A2"]
               dZ2 = A2 - Y
               dW2 = (1 / m) * (np.dot(dZ2, A1.T) + l2 * W2)
               db2 = (1 / m) * np.sum(dZ2, axis=1, keepdims=True)
               if activation == "tanh":
                   dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))
               else:
                   dZ1 = np.dot(W2.T, dZ2) * get_activation(activation)[1](cache["Z1"])
               dW1 = (1 / m) * (np.dot(dZ1, X.T) + l2 * W1)
               db1 = (1 / m) * np.sum(dZ1, axis=1, keepdims=True)
           ''')),
    Alternative("backward building grads key by key with mean over axis 1",
                define('''
               def backward(X, Y, params, cache, activation="tanh", l2=0.0):
                   g_prime = get_activation(activation)[1]
                   m = X.shape[1]
                   grads = {}
                   dZ2 = cache["A2"] - Y
                   grads["W2"] = (dZ2 @ cache["A1"].T + l2 * params["W2"]) / m
                   grads["b2"] = dZ2.mean(axis=1, keepdims=True)
                   dA1 = params["W2"].T @ dZ2
                   dZ1 = dA1 * g_prime(cache["Z1"])
                   grads["W1"] = (dZ1 @ X.T + l2 * params["W1"]) / m
                   grads["b1"] = dZ1.mean(axis=1).reshape(-1, 1)
                   return {key: grads[key] for key in ("W1", "b1", "W2", "b2")}
           ''')),
    Alternative("update with copies and explicit keys",
                define('''
               def sgd_step(params, grads, learning_rate):
                   new = {k: v.copy() for k, v in params.items()}
                   new["W1"] = new["W1"] - learning_rate * grads["W1"]
                   new["b1"] = new["b1"] - learning_rate * grads["b1"]
                   new["W2"] = new["W2"] - learning_rate * grads["W2"]
                   new["b2"] = new["b2"] - learning_rate * grads["b2"]
                   return new
           ''')),
    Alternative("predict with np.where",
                define('''
               def predict(X, params, activation="tanh"):
                   A2 = forward(X, params, activation=activation)[0]
                   return np.where(A2 > 0.5, 1, 0)
           ''')),
    Alternative("train with keyword arguments and the loss from its own forward pass",
                swap("train", '''
               params = init_params(X.shape[0], n_h, Y.shape[0], seed)
               losses = []
               for epoch in range(epochs):
                   A2, cache = forward(X, params, activation)
                   losses.append(bce_loss(A2, Y, params, l2))
                   grads = backward(X, Y, params, cache, activation, l2)
                   params = sgd_step(params, grads, learning_rate)
           ''', '''
               n_x, n_y = X.shape[0], Y.shape[0]
               params = init_params(n_x, n_h, n_y, seed=seed)
               losses = []
               epoch = 0
               while epoch < epochs:
                   A2, cache = forward(X, params, activation=activation)
                   loss = bce_loss(A2, Y, params=params, l2=l2)
                   grads = backward(X, Y, params, cache, activation=activation, l2=l2)
                   params = sgd_step(params, grads, learning_rate=learning_rate)
                   losses.append(loss)
                   epoch += 1
           ''')),
]
