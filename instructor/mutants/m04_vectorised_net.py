"""Typical wrong answers (and valid alternatives) for 04_vectorised_net.

The activations and their derivatives share a cell; an edit changes one function and leaves the others as
the solution has them, so each mutant differs from a right answer in exactly one place.
"""
from instructor.mutants import Alternative, Mutant, define, swap

MUTANTS = [
    # ---- activations ----
    Mutant("naive sigmoid overflows for large negative z",
           define('''
               def sigmoid(z):
                   return 1 / (1 + np.exp(-z))
           '''), fails={"test_activation_derivatives", "test_sigmoid"}),
    Mutant("sigmoid as exp(z) / (1 + exp(z)) gives nan for large z",
           define('''
               def sigmoid(z):
                   return np.exp(z) / (1 + np.exp(z))
           '''), fails={"test_activation_derivatives", "test_sigmoid"}),
    Mutant("sigmoid with the sign of z flipped",
           swap("sigmoid",
                "return np.where(z >= 0, 1 / (1 + e), e / (1 + e))",
                "return np.where(z >= 0, e / (1 + e), 1 / (1 + e))"),
           fails={"test_forward_propagation", "test_nn_model", "test_nn_model_moons", "test_predict", "test_sigmoid"}),
    Mutant("tanh as 2 sigmoid(z) - 1 (that is tanh(z/2))",
           swap("tanh", "np.tanh(z)", "2 * sigmoid(z) - 1"),
           fails={"test_activations", "test_forward_propagation", "test_nn_model", "test_predict"}),
    Mutant("relu returns booleans",
           swap("relu", "np.maximum(z, 0.0)", "z > 0"),
           fails={"test_activations", "test_forward_propagation", "test_nn_model", "test_predict"}),
    Mutant("relu with np.max (a reduction) instead of np.maximum",
           [swap("relu", "np.maximum", "np.max"),
            swap("relu", "0.0", "0")],
           fails={"test_activations", "test_forward_propagation", "test_nn_model", "test_predict"}),
    Mutant("relu clips its input in place",
           define('''
               def relu(z):
                   z[z < 0] = 0
                   return z
           '''), fails={"test_activations", "test_forward_propagation"}),
    Mutant("leaky_relu ignores alpha", swap("leaky_relu", "alpha", "0.01"), fails={"test_activations"}),
    Mutant("leaky_relu as np.maximum(z, alpha)",
           swap("leaky_relu", "np.where(z > 0, z, alpha * z)", "np.maximum(z, alpha)"),
           fails={"test_activations", "test_forward_propagation"}),
    # ---- activation_derivatives ----
    Mutant("sigmoid' as sigmoid(z) (1 - z)",
           define('''
               def sigmoid_derivative(z):
                   return sigmoid(z) * (1 - z)
           '''), fails={"test_activation_derivatives", "test_backward_l2", "test_backward_propagation"}),
    Mutant("sigmoid' computed with a naive exp that overflows",
           define('''
               def sigmoid_derivative(z):
                   return np.exp(-z) / (1 + np.exp(-z)) ** 2
           '''), fails={"test_activation_derivatives"}),
    Mutant("tanh' without the square",
           swap("tanh_derivative", "np.tanh(z) ** 2", "np.tanh(z)"),
           fails={"test_activation_derivatives", "test_backward_l2", "test_backward_propagation", "test_nn_model", "test_nn_model_moons"}),
    Mutant("tanh' as 1 - z**2 (the formula in A applied to Z)",
           swap("tanh_derivative", "np.tanh(z)", "z"),
           fails={"test_activation_derivatives", "test_backward_l2", "test_backward_propagation", "test_nn_model", "test_nn_model_moons"}),
    Mutant("sigmoid' used for tanh",
           define('''
               def tanh_derivative(z):
                   s = sigmoid(z)
                   return s * (1 - s)
           '''),
           fails={"test_activation_derivatives", "test_backward_l2", "test_backward_propagation", "test_nn_model", "test_nn_model_moons"}),
    Mutant("relu' returns booleans",
           swap("relu_derivative", "np.where(z > 0, 1.0, 0.0)", "z > 0"), fails={"test_activation_derivatives"}),
    Mutant("relu' returns relu itself",
           swap("relu_derivative", "np.where(z > 0, 1.0, 0.0)", "np.maximum(z, 0.0)"),
           fails={"test_activation_derivatives", "test_backward_propagation", "test_nn_model"}),
    Mutant("leaky relu' ignores alpha",
           swap("leaky_relu_derivative", "alpha", "0.01"), fails={"test_activation_derivatives"}),
    Mutant("leaky relu' is 0 for negative z",
           swap("leaky_relu_derivative", "alpha", "0.0"),
           fails={"test_activation_derivatives", "test_backward_propagation"}),
    # ---- initialize_parameters ----
    Mutant("zero initialisation",
           [swap("initialize_parameters", "rng.standard_normal((n_h, n_x)) * 0.01", "np.zeros((n_h, n_x))"),
            swap("initialize_parameters", "rng.standard_normal((n_y, n_h)) * 0.01", "np.zeros((n_y, n_h))")],
           fails={"test_initialize_parameters", "test_nn_model", "test_nn_model_moons"}, demo=True),
    Mutant("W1 transposed, shape (n_x, n_h)",
           swap("initialize_parameters",
                "W1 = rng.standard_normal((n_h, n_x)) * 0.01",
                "W1 = rng.standard_normal((n_x, n_h)) * 0.01"),
           fails={"test_initialize_parameters", "test_nn_model", "test_nn_model_moons"}),
    Mutant("b1 of shape (n_h,) instead of (n_h, 1)",
           swap("initialize_parameters", "(n_h, 1)", "n_h"),
           fails={"test_initialize_parameters", "test_nn_model", "test_nn_model_moons"}),
    Mutant("weights not scaled by 0.01",
           [swap("initialize_parameters",
                "rng.standard_normal((n_h, n_x)) * 0.01",
                "rng.standard_normal((n_h, n_x))"),
            swap("initialize_parameters",
                "rng.standard_normal((n_y, n_h)) * 0.01",
                "rng.standard_normal((n_y, n_h))")],
           fails={"test_initialize_parameters", "test_nn_model"}),
    Mutant("legacy np.random.randn instead of default_rng",
           [swap("initialize_parameters", "rng = np.random.default_rng(seed=seed)", "np.random.seed(seed)"),
            swap("initialize_parameters", "rng.standard_normal((n_h, n_x))", "np.random.randn(n_h, n_x)"),
            swap("initialize_parameters", "rng.standard_normal((n_y, n_h))", "np.random.randn(n_y, n_h)")],
           fails={"test_initialize_parameters", "test_nn_model"}),
    Mutant("W2 drawn before W1",
           swap("initialize_parameters", '''
               W1 = rng.standard_normal((n_h, n_x)) * 0.01
               b1 = np.zeros((n_h, 1))
               W2 = rng.standard_normal((n_y, n_h)) * 0.01
               b2 = np.zeros((n_y, 1))
               return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
           ''', '''
               W2 = rng.standard_normal((n_y, n_h)) * 0.01
               W1 = rng.standard_normal((n_h, n_x)) * 0.01
               return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}
           '''), fails={"test_initialize_parameters", "test_nn_model"}),
    Mutant("seed ignored (always 0)",
           swap("initialize_parameters", "seed", "0"), fails={"test_initialize_parameters", "test_nn_model"}),
    Mutant("hard-coded n_x = 2",
           swap("initialize_parameters", "n_x", "2"), fails={"test_initialize_parameters", "test_nn_model"}),
    Mutant("float32 parameters where the docstring says float64",
           swap("initialize_parameters",
                '{"W1": W1, "b1": b1, "W2": W2, "b2": b2}',
                '{k: v.astype(np.float32) for k, v in {"W1": W1, "b1": b1, "W2": W2, "b2": b2}.items()}'),
           fails={"test_initialize_parameters"}),
    Mutant("uniform instead of normal weights",
           [swap("initialize_parameters", "rng.standard_normal((n_h, n_x))", "rng.random((n_h, n_x))"),
            swap("initialize_parameters", "rng.standard_normal((n_y, n_h))", "rng.random((n_y, n_h))")],
           fails={"test_initialize_parameters", "test_nn_model"}),
    # ---- forward_propagation ----
    Mutant("elementwise * instead of the matrix product",
           swap("forward_propagation", 'parameters["W1"] @ X', 'parameters["W1"] * X'),
           fails={"test_forward_propagation", "test_nn_model", "test_nn_model_moons", "test_predict"}),
    Mutant("W1 transposed in the forward pass",
           swap("forward_propagation", 'parameters["W1"]', 'parameters["W1"].T'),
           fails={"test_forward_propagation", "test_nn_model", "test_nn_model_moons", "test_predict"}),
    Mutant("b1 left out",
           swap("forward_propagation", 'parameters["W1"] @ X + parameters["b1"]', 'parameters["W1"] @ X'),
           fails={"test_forward_propagation", "test_nn_model", "test_nn_model_moons", "test_predict"}),
    Mutant("activation argument ignored (always tanh)",
           swap("forward_propagation", "activation", '"tanh"'),
           fails={"test_forward_propagation", "test_nn_model", "test_predict"}),
    Mutant("hidden activation used at the output too",
           swap("forward_propagation", "sigmoid", "g"),
           fails={"test_forward_propagation", "test_nn_model", "test_nn_model_moons", "test_predict"}),
    Mutant("no sigmoid at the output",
           swap("forward_propagation", "sigmoid(Z2)", "Z2"),
           fails={"test_forward_propagation", "test_nn_model", "test_nn_model_moons", "test_predict"}),
    Mutant("cache without A1",
           swap("forward_propagation",
                '{"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}',
                '{"Z1": Z1, "Z2": Z2, "A2": A2}'),
           fails={"test_forward_propagation", "test_nn_model", "test_nn_model_moons"}),
    Mutant("cache stores A1 under Z1",
           swap("forward_propagation",
                '{"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}',
                '{"Z1": A1, "A1": A1, "Z2": Z2, "A2": A2}'),
           fails={"test_forward_propagation", "test_nn_model"}),
    Mutant("returns (cache, A2)",
           swap("forward_propagation",
                'return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}',
                'return {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}, A2'),
           fails={"test_forward_propagation", "test_nn_model", "test_nn_model_moons", "test_predict"}),
    # ---- compute_cost ----
    Mutant("cost with the wrong sign",
           swap("compute_cost",
                "-np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2))",
                "np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2))"),
           fails={"test_compute_cost", "test_compute_cost_l2"}),
    Mutant("cost without 1/m",
           swap("compute_cost",
                "-np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)) / m",
                "-np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2))"),
           fails={"test_compute_cost", "test_compute_cost_l2"}),
    Mutant("cost returns a numpy float64",
           swap("compute_cost", "float(cost)", "cost"), fails={"test_compute_cost", "test_compute_cost_l2"}),
    Mutant("cost as a (1, 1) array from np.dot",
           [swap("compute_cost",
                "np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2))",
                "np.dot(Y, np.log(A2).T) + np.dot(1 - Y, np.log(1 - A2).T)"),
            swap("compute_cost", "float(cost)", "cost")],
           fails={"test_compute_cost", "test_compute_cost_l2"}),
    Mutant("m read from the wrong axis (A2.shape[0])",
           swap("compute_cost", "m = Y.shape[1]", "m = A2.shape[0]"),
           fails={"test_compute_cost", "test_compute_cost_l2"}),
    Mutant("cost without the (1 - Y) log(1 - A2) term",
           swap("compute_cost", "Y * np.log(A2) + (1 - Y) * np.log(1 - A2)", "Y * np.log(A2)"),
           fails={"test_compute_cost", "test_compute_cost_l2"}),
    Mutant("log10 instead of the natural log",
           [swap("compute_cost", "np.log(A2)", "np.log10(A2)"),
            swap("compute_cost", "np.log(1 - A2)", "np.log10(1 - A2)")],
           fails={"test_compute_cost", "test_compute_cost_l2"}),
    Mutant("L2 penalty without the 1/2", swap("compute_cost", "2 * m", "m"), fails={"test_compute_cost_l2"}),
    Mutant("L2 penalty on the biases too",
           swap("compute_cost",
                'cost += lambd / (2 * m) * (np.sum(parameters["W1"] ** 2) + np.sum(parameters["W2"] ** 2))',
                'cost += lambd / (2 * m) * (np.sum(parameters["W1"] ** 2) + np.sum(parameters["W2"] ** 2) + np.sum(parameters["b1"] ** 2) + np.sum(parameters["b2"] ** 2))'),
           fails={"test_compute_cost_l2"}),
    Mutant("L2 strength ignored",
           swap("compute_cost", '''
               if lambd:
                   cost += lambd / (2 * m) * (np.sum(parameters["W1"] ** 2) + np.sum(parameters["W2"] ** 2))
           ''', '''
               if False:
                   cost += lambd / (2 * m) * (np.sum(parameters["W1"] ** 2) + np.sum(parameters["W2"] ** 2))
           '''), fails={"test_compute_cost_l2"}),
    # ---- backward_propagation ----
    Mutant("gradients without 1/m",
           swap("backward_propagation", "X.shape[1]", "1"),
           fails={"test_backward_l2", "test_backward_propagation", "test_nn_model", "test_nn_model_moons"}),
    Mutant("1/m applied twice",
           swap("backward_propagation", '''
               dW2 = dZ2 @ cache["A1"].T / m + (lambd / m) * W2
               db2 = np.sum(dZ2, axis=1, keepdims=True) / m
               dZ1 = (W2.T @ dZ2) * g_prime(cache["Z1"])
               dW1 = dZ1 @ X.T / m + (lambd / m) * W1
               db1 = np.sum(dZ1, axis=1, keepdims=True) / m
           ''', '''
               dW2 = dZ2 @ cache["A1"].T / m / m + (lambd / m) * W2
               db2 = np.sum(dZ2, axis=1, keepdims=True) / m / m
               dZ1 = (W2.T @ dZ2) * g_prime(cache["Z1"])
               dW1 = dZ1 @ X.T / m / m + (lambd / m) * W1
               db1 = np.sum(dZ1, axis=1, keepdims=True) / m / m
           '''),
           fails={"test_backward_l2", "test_backward_propagation", "test_nn_model", "test_nn_model_moons"}, demo=True),
    Mutant("dW2 transposed (A1 dZ2^T)",
           swap("backward_propagation",
                'dW2 = dZ2 @ cache["A1"].T / m + (lambd / m) * W2',
                'dW2 = cache["A1"] @ dZ2.T / m + (lambd / m) * W2'),
           fails={"test_backward_l2", "test_backward_propagation", "test_nn_model", "test_nn_model_moons"}),
    Mutant("elementwise * instead of W2^T @ dZ2",
           swap("backward_propagation", "W2.T @ dZ2", "W2.T * dZ2"),
           fails={"test_backward_propagation", "test_nn_model"}),
    Mutant("db summed over the wrong axis",
           [swap("backward_propagation",
                "np.sum(dZ2, axis=1, keepdims=True)",
                "np.sum(dZ2, axis=0, keepdims=True)"),
            swap("backward_propagation",
                "np.sum(dZ1, axis=1, keepdims=True)",
                "np.sum(dZ1, axis=0, keepdims=True)")],
           fails={"test_backward_l2", "test_backward_propagation", "test_nn_model", "test_nn_model_moons"}),
    Mutant("db without keepdims",
           [swap("backward_propagation", "np.sum(dZ2, axis=1, keepdims=True)", "np.sum(dZ2, axis=1)"),
            swap("backward_propagation", "np.sum(dZ1, axis=1, keepdims=True)", "np.sum(dZ1, axis=1)")],
           fails={"test_backward_l2", "test_backward_propagation", "test_nn_model", "test_nn_model_moons"}),
    Mutant("sigmoid' used for every activation",
           [swap("backward_propagation", "W2.T @ dZ2", '(W2.T @ dZ2) * cache["A1"]'),
            swap("backward_propagation", 'g_prime(cache["Z1"])', '1 - cache["A1"]')],
           fails={"test_backward_l2", "test_backward_propagation", "test_nn_model"}),
    Mutant("dZ2 = Y - A2 (the sign)",
           swap("backward_propagation", 'dZ2 = cache["A2"] - Y', 'dZ2 = Y - cache["A2"]'),
           fails={"test_backward_l2", "test_backward_propagation", "test_nn_model", "test_nn_model_moons"}),
    Mutant("cache A2 modified in place",
           swap("backward_propagation", 'dZ2 = cache["A2"] - Y', '''
               dZ2 = cache["A2"]
               dZ2 -= Y
           '''), fails={"test_backward_l2", "test_backward_propagation"}),
    Mutant("hard-coded m = 200",
           swap("backward_propagation", "X.shape[1]", "200"),
           fails={"test_backward_l2", "test_backward_propagation", "test_nn_model"}),
    Mutant("m read from the wrong axis (X.shape[0])",
           swap("backward_propagation", "X.shape[1]", "X.shape[0]"),
           fails={"test_backward_l2", "test_backward_propagation", "test_nn_model", "test_nn_model_moons"}),
    Mutant("L2 gradient lambd W without 1/m",
           [swap("backward_propagation", "(lambd / m) * W2", "lambd * W2"),
            swap("backward_propagation", "(lambd / m) * W1", "lambd * W1")],
           fails={"test_backward_l2", "test_nn_model"}),
    Mutant("L2 gradient ignored",
           [swap("backward_propagation",
                'dZ2 @ cache["A1"].T / m + (lambd / m) * W2',
                'dZ2 @ cache["A1"].T / m'),
            swap("backward_propagation", "dZ1 @ X.T / m + (lambd / m) * W1", "dZ1 @ X.T / m")],
           fails={"test_backward_l2", "test_nn_model"}),
    Mutant("L2 gradient added to db too",
           [swap("backward_propagation",
                "np.sum(dZ2, axis=1, keepdims=True) / m",
                "np.sum(dZ2, axis=1, keepdims=True) / m + lambd / m"),
            swap("backward_propagation",
                "np.sum(dZ1, axis=1, keepdims=True) / m",
                "np.sum(dZ1, axis=1, keepdims=True) / m + lambd / m")],
           fails={"test_backward_l2", "test_nn_model"}),
    # ---- update_parameters ----
    Mutant("update with + instead of -",
           swap("update_parameters",
                'parameters[key] - learning_rate * grads["d" + key]',
                'parameters[key] + learning_rate * grads["d" + key]'),
           fails={"test_nn_model", "test_nn_model_moons", "test_update_parameters"}),
    Mutant("update in place with -=",
           define('''
               def update_parameters(parameters, grads, learning_rate):
                   for key in ("W1", "b1", "W2", "b2"):
                       parameters[key] -= learning_rate * grads["d" + key]
                   return dict(parameters)
           '''), fails={"test_update_parameters"}),
    Mutant("update writes into the caller's dict",
           define('''
               def update_parameters(parameters, grads, learning_rate):
                   for key in ("W1", "b1", "W2", "b2"):
                       parameters[key] = parameters[key] - learning_rate * grads["d" + key]
                   return parameters
           '''), fails={"test_update_parameters"}),
    Mutant("learning rate ignored",
           swap("update_parameters", 'learning_rate * grads["d" + key]', 'grads["d" + key]'),
           fails={"test_nn_model", "test_update_parameters"}),
    Mutant("hard-coded learning rate 1.2",
           swap("update_parameters", "learning_rate", "1.2"), fails={"test_nn_model", "test_update_parameters"}),
    Mutant("biases not updated",
           define('''
               def update_parameters(parameters, grads, learning_rate):
                   new = {key: parameters[key] - learning_rate * grads["d" + key] for key in ("W1", "W2")}
                   return {**new, "b1": parameters["b1"], "b2": parameters["b2"]}
           '''), fails={"test_nn_model", "test_nn_model_moons", "test_update_parameters"}),
    Mutant("b1 updated with dW1",
           define('''
               def update_parameters(parameters, grads, learning_rate):
                   new = {key: parameters[key] - learning_rate * grads["d" + key] for key in ("W1", "W2", "b2")}
                   new["b1"] = parameters["b1"] - learning_rate * grads["dW1"]
                   return new
           '''), fails={"test_nn_model", "test_nn_model_moons", "test_update_parameters"}),
    Mutant("learning rate squared",
           swap("update_parameters", "learning_rate", "learning_rate ** 2"),
           fails={"test_nn_model", "test_update_parameters"}),
    Mutant("returns the gradient keys",
           swap("update_parameters",
                '{key: parameters[key] - learning_rate * grads["d" + key] for key in ("W1", "b1", "W2", "b2")}',
                '{"d" + key: parameters[key] - learning_rate * grads["d" + key] for key in ("W1", "b1", "W2", "b2")}'),
           fails={"test_nn_model", "test_nn_model_moons", "test_update_parameters"}),
    # ---- predict ----
    Mutant("predict with >= 0.5", swap("predict", "A2 > 0.5", "A2 >= 0.5"), fails={"test_predict"}),
    Mutant("predict returns booleans", swap("predict", "(A2 > 0.5).astype(int)", "A2 > 0.5"), fails={"test_predict"}),
    Mutant("predict returns rounded floats",
           [swap("predict", "(A2 > 0.5).astype", "np.round"),
            swap("predict", "int", "A2")], fails={"test_predict"}),
    Mutant("predict returns shape (m,)",
           swap("predict", "(A2 > 0.5).astype(int)", "(A2 > 0.5).astype(int).ravel()"), fails={"test_predict"}),
    Mutant("predict ignores the activation", swap("predict", "activation", '"tanh"'), fails={"test_predict"}),
    Mutant("predict thresholds Z2 at 0.5",
           define('''
               def predict(parameters, X, activation="tanh"):
                   _, cache = forward_propagation(X, parameters, activation)
                   return (cache["Z2"] > 0.5).astype(int)
           '''), fails={"test_predict"}),
    Mutant("predict thresholds A2 at 0", swap("predict", "0.5", "0"), fails={"test_nn_model_moons", "test_predict"}),
    Mutant("predict returns the probabilities",
           swap("predict", "(A2 > 0.5).astype(int)", "A2"), fails={"test_nn_model_moons", "test_predict"}),
    Mutant("predict with a hard-coded relu",
           swap("predict", "activation", '"relu"'), fails={"test_nn_model_moons", "test_predict"}),
    # ---- nn_model ----
    Mutant("nn_model never keeps the update",
           swap("nn_model",
                "parameters = update_parameters(parameters, grads, learning_rate)",
                "update_parameters(parameters, grads, learning_rate)"),
           fails={"test_nn_model", "test_nn_model_moons"}),
    Mutant("nn_model runs one iteration too many",
           swap("nn_model", "num_iterations", "num_iterations + 1"), fails={"test_nn_model"}),
    Mutant("nn_model with a hard-coded n_x = 2", swap("nn_model", "X.shape[0]", "2"), fails={"test_nn_model"}),
    Mutant("nn_model reads n_y from X",
           swap("nn_model", "Y.shape", "X.shape"), fails={"test_nn_model", "test_nn_model_moons"}),
    Mutant("nn_model ignores the activation",
           [swap("nn_model",
                "forward_propagation(X, parameters, activation)",
                'forward_propagation(X, parameters, "tanh")'),
            swap("nn_model",
                "backward_propagation(parameters, cache, X, Y, activation, lambd)",
                'backward_propagation(parameters, cache, X, Y, "tanh", lambd)')], fails={"test_nn_model"}),
    Mutant("nn_model ignores lambd",
           swap("nn_model",
                "backward_propagation(parameters, cache, X, Y, activation, lambd)",
                "backward_propagation(parameters, cache, X, Y, activation)"), fails={"test_nn_model"}),
    Mutant("nn_model ignores the seed", swap("nn_model", "seed", "0"), fails={"test_nn_model"}),
    Mutant("nn_model ignores the learning rate", swap("nn_model", "learning_rate", "1.2"), fails={"test_nn_model"}),
    Mutant("nn_model returns (parameters, cost)",
           swap("nn_model", "return parameters", "return parameters, compute_cost(A2, Y)"),
           fails={"test_nn_model", "test_nn_model_moons"}),
    Mutant("nn_model initialises inside the loop",
           swap("nn_model", '''
               parameters = initialize_parameters(X.shape[0], n_h, Y.shape[0], seed)
               for i in range(num_iterations):
                   A2, cache = forward_propagation(X, parameters, activation)
                   grads = backward_propagation(parameters, cache, X, Y, activation, lambd)
                   if print_cost and i % 1000 == 0:
                       print(f"iteration {i}: cost {compute_cost(A2, Y, parameters, lambd):.6f}")
                   parameters = update_parameters(parameters, grads, learning_rate)
           ''', '''
               for i in range(num_iterations):
                   parameters = initialize_parameters(X.shape[0], n_h, Y.shape[0], seed)
                   A2, cache = forward_propagation(X, parameters, activation)
                   grads = backward_propagation(parameters, cache, X, Y, activation, lambd)
                   parameters = update_parameters(parameters, grads, learning_rate)
           '''), fails={"test_nn_model", "test_nn_model_moons"}),
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
    Alternative("initialisation with size= and dict()",
                swap("initialize_parameters", '''
               W1 = rng.standard_normal((n_h, n_x)) * 0.01
               b1 = np.zeros((n_h, 1))
               W2 = rng.standard_normal((n_y, n_h)) * 0.01
               b2 = np.zeros((n_y, 1))
               return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
           ''', '''
               W1 = 0.01 * rng.standard_normal(size=(n_h, n_x))
               W2 = 0.01 * rng.standard_normal(size=(n_y, n_h))
               return dict(W1=W1, b1=np.zeros(shape=(n_h, 1)), W2=W2, b2=np.zeros(shape=(n_y, 1)))
           ''')),
    Alternative("forward with np.dot, float64 inputs and a cache with extra keys",
                define('''
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
           ''')),
    Alternative("forward keeping float32 inputs in float32",
                swap("forward_propagation", '''
               Z1 = parameters["W1"] @ X + parameters["b1"]
               A1 = g(Z1)
               Z2 = parameters["W2"] @ A1 + parameters["b2"]
           ''', '''
               p = {k: v.astype(X.dtype) for k, v in parameters.items()}
               Z1 = p["W1"] @ X + p["b1"]
               A1 = g(Z1)
               Z2 = p["W2"] @ A1 + p["b2"]
           ''')),
    Alternative("cost with np.mean, np.dot and .item()",
                swap("compute_cost", '''
               m = Y.shape[1]
               cost = -np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)) / m
               if lambd:
                   cost += lambd / (2 * m) * (np.sum(parameters["W1"] ** 2) + np.sum(parameters["W2"] ** 2))
           ''', '''
               m = A2.shape[1]
               logprobs = np.dot(Y, np.log(A2).T) + np.dot(1 - Y, np.log(1 - A2).T)
               cost = -logprobs.item() / m
               if lambd > 0:
                   cost = cost + lambd / 2 / m * sum(np.square(parameters[k]).sum() for k in ("W1", "W2"))
           ''')),
    Alternative("backward with np.dot and tanh' from A1",
                swap("backward_propagation", '''
               _, g_prime = get_activation(activation)
               m = X.shape[1]
               W1, W2 = parameters["W1"], parameters["W2"]
               dZ2 = cache["A2"] - Y
               dW2 = dZ2 @ cache["A1"].T / m + (lambd / m) * W2
               db2 = np.sum(dZ2, axis=1, keepdims=True) / m
               dZ1 = (W2.T @ dZ2) * g_prime(cache["Z1"])
               dW1 = dZ1 @ X.T / m + (lambd / m) * W1
               db1 = np.sum(dZ1, axis=1, keepdims=True) / m
           ''', '''
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
           ''')),
    Alternative("update with copies and explicit keys",
                define('''
               def update_parameters(parameters, grads, learning_rate):
                   new = {k: v.copy() for k, v in parameters.items()}
                   new["W1"] = new["W1"] - learning_rate * grads["dW1"]
                   new["b1"] = new["b1"] - learning_rate * grads["db1"]
                   new["W2"] = new["W2"] - learning_rate * grads["dW2"]
                   new["b2"] = new["b2"] - learning_rate * grads["db2"]
                   return new
           ''')),
    Alternative("predict with np.where",
                define('''
               def predict(parameters, X, activation="tanh"):
                   A2 = forward_propagation(X, parameters, activation=activation)[0]
                   return np.where(A2 > 0.5, 1, 0)
           ''')),
    Alternative("nn_model with keyword arguments and a cost list",
                swap("nn_model", '''
               parameters = initialize_parameters(X.shape[0], n_h, Y.shape[0], seed)
               for i in range(num_iterations):
                   A2, cache = forward_propagation(X, parameters, activation)
                   grads = backward_propagation(parameters, cache, X, Y, activation, lambd)
                   if print_cost and i % 1000 == 0:
                       print(f"iteration {i}: cost {compute_cost(A2, Y, parameters, lambd):.6f}")
                   parameters = update_parameters(parameters, grads, learning_rate)
           ''', '''
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
           ''')),
]
