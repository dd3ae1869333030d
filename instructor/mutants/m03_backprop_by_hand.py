"""Typical wrong answers (and correct alternatives) for 03_backprop_by_hand.

A wrong `sigmoid` or `forward` also spoils the cells downstream that run them (forward, both backward cells,
training), which is why those cells are listed too.
"""
from instructor.mutants import Alternative, Misconception, Mutant, define, swap


# ---- misconceptions: what a student whose answer behaves like these entries is told ----
MUL_BACKWARD = Misconception(
    "A multiplication node z = x y passes back dout times the *other* input to each side (dz/dx = y, dz/dy = "
    "x), and both gradients are multiplied by the gradient that arrives from above.")
NODE_STATE = Misconception(
    "Each node remembers its own inputs from its forward pass (on the instance, not the class), so two nodes "
    "of the same kind never share them.")
NODE_RETURN = Misconception(
    "backward returns one gradient per input, as a tuple: (dx, dy).")
ADD_BACKWARD = Misconception(
    "An addition node z = x + y passes the arriving gradient dout unchanged to both inputs (dz/dx = dz/dy = "
    "1): not halved, not negated, not to one side only, and not ignored.")
ADD_FORWARD = Misconception(
    "The addition node's forward pass adds its inputs; check that it does not multiply them.")
PATHS_ADD = Misconception(
    "When a variable reaches the output along two paths (x goes into the product and straight into the sum), "
    "its gradient is the sum of the gradients along both paths: leave neither out, and add them rather than "
    "multiply.")
XY_RETURN = Misconception(
    "xy_plus_x returns f and its two partial derivatives as a tuple in the order (f, df/dx, df/dy): check "
    "which gradient belongs to which input.")
BACKWARD_START = Misconception(
    "The backward pass starts from df/df = 1 at the output, not from the value of f or from 0.")
XY_WITH_LAYERS = Misconception(
    "Compute xy_plus_x with the MulLayer and AddLayer nodes, forward then backward, rather than with the "
    "derivative you worked out on paper: the exercise is the chain rule done by the nodes.")
SIGMOID_FORMULA = Misconception(
    "The sigmoid is 1 / (1 + e^(-z)): it maps 0 to 0.5, large positive z close to 1 and large negative z "
    "close to 0. Check the sign in the exponent and the denominator, and that it is not another curve (tanh, "
    "its derivative, a step).")
SIGMOID_ARRAYS = Misconception(
    "The sigmoid must work elementwise on numpy arrays and return an array of the same shape (math.exp, lists "
    "or flattening break this).")
SIGMOID_STABLE = Misconception(
    "For large z, e^z overflows and e^z / (1 + e^z) gives NaN: use the form that stays finite for every z.")
SIGMOID_IN_PLACE = Misconception(
    "The sigmoid must not change the array it is given: compute a new array.")
FORWARD_WIRING = Misconception(
    "Each unit of the forward pass uses its own weights and bias: check every weight's name against the "
    "network diagram (which input, which unit), and every bias.")
FORWARD_OUTPUT_OPTION = Misconception(
    "The output unit applies the sigmoid when output is 'sigmoid' and nothing when it is 'identity': read the "
    "option rather than always doing one of them.")
FORWARD_ACTIVATIONS = Misconception(
    "Each hidden unit applies the sigmoid to its weighted input z, and the output unit reads the hidden "
    "units' activations a, not their z.")
FORWARD_RETURN = Misconception(
    "forward returns (a, cache): the output first, then a cache holding every z and a the backward pass "
    "needs, under their own names.")
NO_INPUT_MUTATION = Misconception(
    "Don't store results in the dictionaries you are given (params, cache): build new dictionaries, the "
    "caller still needs the originals.")
SIGMOID_DERIVATIVE = Misconception(
    "The sigmoid's derivative is a (1 - a) where a = sigmoid(z): use the activation a in that formula, not z "
    "(or compute sigmoid(z) first).")
OUTPUT_DERIVATIVE = Misconception(
    "The output unit's derivative depends on its activation: a (1 - a) for a sigmoid output, 1 for an "
    "identity output. It belongs in every gradient that passes through the output.")
CHAIN_FACTORS = Misconception(
    "Each gradient is a product along the path from the loss back to the weight: dL/da, the activation's "
    "derivative, the weight that leads onward, and the input into that weight. Check that every factor of the "
    "chain is there exactly once.")
LOSS_DERIVATIVE = Misconception(
    "The derivative of the squared error (y - a)^2 with respect to a is -2 (y - a): keep both the factor 2 "
    "and the sign.")
CHAIN_WRONG_WEIGHT = Misconception(
    "Each hidden unit's gradient goes back through its *own* output weight: check which weight connects that "
    "unit to the output.")
GRADIENT_NAMES = Misconception(
    "Each gradient belongs to one parameter: the bias gradient has no input factor, and every weight's "
    "gradient is stored under that weight's own name.")
BATCH_MEAN = Misconception(
    "The loss is the mean over the beans, so each gradient is the mean of the per-bean gradients: average "
    "over all of them, not the sum or the first one.")
RETURN_FLOATS = Misconception(
    "Return plain Python floats for the gradients and parameters, not numpy scalars.")
SGD_DIRECTION = Misconception(
    "Gradient descent steps against the gradient: each parameter minus the learning rate times its gradient.")
SGD_NEW_DICT = Misconception(
    "sgd_step returns a new dictionary of parameters and changes neither params nor grads.")
SGD_PARAMETERS = Misconception(
    "Every parameter, biases included, is updated with the gradient stored under its own name (look gradients "
    "up by key, not by position).")

MUTANTS = [
    # ---- layers ----
    Mutant("MulLayer.backward does not swap the inputs",
           swap("MulLayer", '''
               dx = dout * self.y  # dz/dx = y
               dy = dout * self.x  # dz/dy = x
               return dx, dy
           ''', "return dout * self.x, dout * self.y"),
           fails={"test_layers", "test_two_items", "test_xy_plus_x"}, demo=True, why=MUL_BACKWARD, probe=True),
    Mutant("MulLayer.backward ignores dout",
           swap("MulLayer", '''
               dx = dout * self.y  # dz/dx = y
               dy = dout * self.x  # dz/dy = x
               return dx, dy
           ''', "return self.y, self.x"), fails={"test_layers", "test_two_items"}, why=MUL_BACKWARD),
    Mutant("MulLayer.backward only multiplies dx by dout",
           swap("MulLayer", "dout * self.x", "self.x"), fails={"test_layers", "test_two_items"}, why=MUL_BACKWARD),
    Mutant("MulLayer keeps its inputs on the class (all nodes share them)",
           define('''
               class MulLayer:
                   def __init__(self):
                       self.x = None
                       self.y = None

                   def forward(self, x, y):
                       MulLayer.x = x
                       MulLayer.y = y
                       return x * y

                   def backward(self, dout):
                       return dout * MulLayer.y, dout * MulLayer.x
           '''), fails={"test_layers", "test_two_items"}, why=NODE_STATE),
    Mutant("MulLayer.backward returns a list",
           swap("MulLayer", '''
               dx = dout * self.y  # dz/dx = y
               dy = dout * self.x  # dz/dy = x
               return dx, dy
           ''', "return [dout * self.y, dout * self.x]"), fails={"test_layers"}, why=NODE_RETURN),
    Mutant("AddLayer.backward ignores dout",
           swap("AddLayer", "return dout * 1.0, dout * 1.0", "return 1.0, 1.0"),
           fails={"test_layers", "test_two_items"}, why=ADD_BACKWARD),
    Mutant("AddLayer.backward splits dout in half",
           swap("AddLayer", "return dout * 1.0, dout * 1.0", "return dout / 2, dout / 2"),
           fails={"test_layers", "test_two_items", "test_xy_plus_x"}, why=ADD_BACKWARD),
    Mutant("AddLayer.backward as for a subtraction",
           swap("AddLayer", "return dout * 1.0, dout * 1.0", "return dout, -dout"),
           fails={"test_layers", "test_two_items", "test_xy_plus_x"}, why=ADD_BACKWARD),
    Mutant("AddLayer.backward returns a single value",
           swap("AddLayer", "dout * 1.0, dout * 1.0", "dout"), fails={"test_layers", "test_two_items", "test_xy_plus_x"},
           why=NODE_RETURN),
    Mutant("AddLayer.forward multiplies (copy-paste)",
           swap("AddLayer", "x + y", "x * y"), fails={"test_layers", "test_two_items", "test_xy_plus_x"},
           why=ADD_FORWARD),
    Mutant("AddLayer.backward passes dout to x only",
           swap("AddLayer", "return dout * 1.0, dout * 1.0", "return dout, 0.0"),
           fails={"test_layers", "test_two_items", "test_xy_plus_x"}, why=ADD_BACKWARD),
    # ---- a value used twice: xy_plus_x ----
    Mutant("x's direct path into the addition forgotten",
           swap("xy_plus_x", "dx_through_mul + dx_direct", "dx_through_mul"), fails={"test_xy_plus_x"},
           why=PATHS_ADD),
    Mutant("only x's direct path, the multiplication's forgotten",
           swap("xy_plus_x", "dx_through_mul + dx_direct", "dx_direct"), fails={"test_xy_plus_x"}, why=PATHS_ADD),
    Mutant("the two paths into x multiplied instead of added",
           swap("xy_plus_x", "dx_through_mul + dx_direct", "dx_through_mul * dx_direct"), fails={"test_xy_plus_x"},
           why=PATHS_ADD),
    Mutant("df/dx and df/dy returned in the wrong order",
           swap("xy_plus_x", "return f, dx, dy", "return f, dy, dx"), fails={"test_xy_plus_x"}, why=XY_RETURN),
    Mutant("the multiplication's derivatives unpacked the wrong way round",
           swap("xy_plus_x", "dx_through_mul, dy = mul.backward(d_xy)", "dy, dx_through_mul = mul.backward(d_xy)"),
           fails={"test_xy_plus_x"}, why=XY_RETURN),
    Mutant("backward pass started from f instead of 1",
           swap("xy_plus_x", "add.backward(1.0)", "add.backward(f)"), fails={"test_xy_plus_x"}, why=BACKWARD_START),
    Mutant("backward pass started from 0",
           swap("xy_plus_x", "add.backward(1.0)", "add.backward(0.0)"), fails={"test_xy_plus_x"}, why=BACKWARD_START),
    Mutant("xy_plus_x returns a list",
           swap("xy_plus_x", "return f, dx, dy", "return [f, dx, dy]"), fails={"test_xy_plus_x"}, why=XY_RETURN),
    Mutant("xy_plus_x in closed form, without the layers",
           define('''
               def xy_plus_x(x, y):
                   return x * y + x, y + 1.0, x
           '''), fails={"test_xy_plus_x"}, why=XY_WITH_LAYERS),
    # ---- sigmoid ----
    Mutant("sigmoid with the sign of z flipped",
           define('''
               def sigmoid(z):
                   return 1 / (1 + np.exp(z))
           '''),
           fails={"test_backward_hidden", "test_backward_output", "test_forward", "test_sigmoid", "test_training"},
           why=SIGMOID_FORMULA, probe=True),
    Mutant("sigmoid with 1 - exp(-z) in the denominator",
           define('''
               def sigmoid(z):
                   return 1 / (1 - np.exp(-z))
           '''),
           fails={"test_backward_hidden", "test_backward_output", "test_forward", "test_sigmoid", "test_training"},
           why=SIGMOID_FORMULA),
    Mutant("tanh instead of the sigmoid",
           define('''
               def sigmoid(z):
                   return np.tanh(z)
           '''),
           fails={"test_backward_hidden", "test_backward_output", "test_forward", "test_sigmoid", "test_training"},
           why=SIGMOID_FORMULA),
    Mutant("sigmoid's derivative instead of the sigmoid",
           define('''
               def sigmoid(z):
                   s = 1 / (1 + np.exp(-z))
                   return s * (1 - s)
           '''),
           fails={"test_backward_hidden", "test_backward_output", "test_forward", "test_sigmoid", "test_training"},
           why=SIGMOID_FORMULA),
    Mutant("sigmoid with math.exp (scalars only)",
           define('''
               import math


               def sigmoid(z):
                   return 1 / (1 + math.exp(-z))
           '''),
           fails={"test_backward_hidden", "test_backward_output", "test_forward", "test_sigmoid", "test_training"},
           why=SIGMOID_ARRAYS),
    Mutant("sigmoid returns a list",
           define('''
               import math


               def sigmoid(z):
                   return [1 / (1 + math.exp(-v)) for v in np.ravel(z)]
           '''),
           fails={"test_backward_hidden", "test_backward_output", "test_forward", "test_sigmoid", "test_training"},
           why=SIGMOID_ARRAYS),
    Mutant("sigmoid flattens its input",
           define('''
               def sigmoid(z):
                   return 1 / (1 + np.exp(-np.ravel(z)))
           '''), fails={"test_sigmoid"}, why=SIGMOID_ARRAYS),
    Mutant("sigmoid as exp(z) / (1 + exp(z)) (NaN for large z)",
           define('''
               def sigmoid(z):
                   return np.exp(z) / (1 + np.exp(z))
           '''), fails={"test_sigmoid"}, why=SIGMOID_STABLE),
    Mutant("sigmoid overwrites its input in place",
           define('''
               def sigmoid(z):
                   z *= -1
                   np.exp(z, out=z)
                   z += 1
                   return 1 / z
           '''), fails={"test_forward", "test_sigmoid"}, why=SIGMOID_IN_PLACE),
    Mutant("sigmoid rounds to 0/1 (a step)",
           define('''
               def sigmoid(z):
                   return np.round(1 / (1 + np.exp(-z)))
           '''),
           fails={"test_backward_hidden", "test_backward_output", "test_forward", "test_sigmoid", "test_training"},
           why=SIGMOID_FORMULA),
    # ---- forward ----
    Mutant("hidden unit 2 uses hidden unit 1's weight",
           swap("forward", '"w12_1"', '"w11_1"'),
           fails={"test_backward_hidden", "test_backward_output", "test_forward", "test_training"},
           why=FORWARD_WIRING),
    Mutant("output weights swapped",
           swap("forward",
                'z1_2 = params["w11_2"] * a1_1 + params["w21_2"] * a2_1 + params["b1_2"]',
                'z1_2 = params["w21_2"] * a1_1 + params["w11_2"] * a2_1 + params["b1_2"]'),
           fails={"test_backward_hidden", "test_backward_output", "test_forward", "test_training"},
           why=FORWARD_WIRING),
    Mutant("forward ignores output (always a sigmoid output)",
           swap("forward", 'sigmoid(z1_2) if output == "sigmoid" else z1_2', "sigmoid(z1_2)"),
           fails={"test_backward_hidden", "test_backward_output", "test_forward"}, why=FORWARD_OUTPUT_OPTION),
    Mutant("forward's output option inverted",
           swap("forward", 'sigmoid(z1_2) if output == "sigmoid" else z1_2',
                'z1_2 if output == "sigmoid" else sigmoid(z1_2)'),
           fails={"test_backward_hidden", "test_backward_output", "test_forward", "test_training"},
           why=FORWARD_OUTPUT_OPTION),
    Mutant("no sigmoid on the output (linear output)",
           swap("forward", "sigmoid(z1_2)", "z1_2"),
           fails={"test_backward_hidden", "test_backward_output", "test_forward", "test_training"},
           why=FORWARD_OUTPUT_OPTION),
    Mutant("no sigmoid on the hidden units",
           [swap("forward", "sigmoid(z1_1)", "z1_1"),
            swap("forward", "sigmoid(z2_1)", "z2_1")],
           fails={"test_backward_hidden", "test_backward_output", "test_forward", "test_training"},
           why=FORWARD_ACTIVATIONS),
    Mutant("output bias forgotten",
           [swap("forward", 'params["w11_2"] * a1_1 + params["w21_2"] * a2_1', 'params["w11_2"] * a1_1'),
            swap("forward", 'params["b1_2"]', 'params["w21_2"] * a2_1')],
           fails={"test_backward_hidden", "test_backward_output", "test_forward", "test_training"},
           why=FORWARD_WIRING),
    Mutant("output layer reads z instead of a",
           [swap("forward", 'params["w11_2"] * a1_1', 'params["w11_2"] * z1_1'),
            swap("forward", 'params["w21_2"] * a2_1', 'params["w21_2"] * z2_1')],
           fails={"test_backward_hidden", "test_backward_output", "test_forward", "test_training"},
           why=FORWARD_ACTIVATIONS),
    Mutant("returns (cache, a)",
           swap("forward", "return a1_2, cache", "return cache, a1_2"),
           fails={"test_backward_hidden", "test_backward_output", "test_forward", "test_training"},
           why=FORWARD_RETURN),
    Mutant("cache with only the output",
           swap("forward", "cache", '{"a1_2": a1_2}'),
           fails={"test_backward_hidden", "test_backward_output", "test_forward", "test_training"},
           why=FORWARD_RETURN),
    Mutant("cache stores a under the z keys",
           swap("forward",
                'cache = {"z1_1": z1_1, "a1_1": a1_1, "z2_1": z2_1, "a2_1": a2_1, "z1_2": z1_2, "a1_2": a1_2}',
                'cache = {"z1_1": a1_1, "a1_1": a1_1, "z2_1": a2_1, "a2_1": a2_1, "z1_2": a1_2, "a1_2": a1_2}'),
           fails={"test_forward"}, why=FORWARD_RETURN),
    Mutant("cache kept in params (mutates the input)",
           swap("forward", 'cache = {"z1_1": z1_1, "a1_1": a1_1, "z2_1": z2_1, "a2_1": a2_1, "z1_2": z1_2, "a1_2": a1_2}', '''
               cache = {"z1_1": z1_1, "a1_1": a1_1, "z2_1": z2_1, "a2_1": a2_1, "z1_2": z1_2, "a1_2": a1_2}
               params.update(cache)
           '''), fails={"test_backward_hidden", "test_backward_output", "test_forward", "test_training"},
           why=NO_INPUT_MUTATION),
    # ---- backward ----
    Mutant("sigma' applied to a as if it were z (output)",
           swap("backward", "da_dz = a1_2 * (1.0 - a1_2)", "da_dz = sigmoid(a1_2) * (1.0 - sigmoid(a1_2))"),
           fails={"test_backward_hidden", "test_backward_output"}, why=SIGMOID_DERIVATIVE, probe=True),
    Mutant("sigma' written with z instead of a (hidden)",
           swap("backward", '''
               delta1_1 = delta2 * params["w11_2"] * a1_1 * (1.0 - a1_1)
               delta2_1 = delta2 * params["w21_2"] * a2_1 * (1.0 - a2_1)
           ''', '''
               delta1_1 = delta2 * params["w11_2"] * cache["z1_1"] * (1.0 - cache["z1_1"])
               delta2_1 = delta2 * params["w21_2"] * cache["z2_1"] * (1.0 - cache["z2_1"])
           '''), fails={"test_backward_hidden", "test_training"}, why=SIGMOID_DERIVATIVE, probe=True),
    Mutant("backward ignores output (the output sigmoid's derivative always in the chain)",
           swap("backward", '''
               if output == "sigmoid":
                   da_dz = a1_2 * (1.0 - a1_2)
               else:
                   da_dz = 1.0
           ''', "da_dz = a1_2 * (1.0 - a1_2)"), fails={"test_backward_hidden", "test_backward_output"},
           why=OUTPUT_DERIVATIVE),
    Mutant("identity output's derivative taken as 0",
           swap("backward", "da_dz = 1.0", "da_dz = 0.0"), fails={"test_backward_hidden", "test_backward_output"},
           why=OUTPUT_DERIVATIVE),
    Mutant("identity output's derivative taken as the output itself",
           swap("backward", "da_dz = 1.0", "da_dz = a1_2"), fails={"test_backward_hidden", "test_backward_output"},
           why=OUTPUT_DERIVATIVE),
    Mutant("output sigmoid's derivative missing from the chain",
           swap("backward", "de_da * da_dz", "de_da"), fails={"test_backward_hidden", "test_backward_output"},
           why=OUTPUT_DERIVATIVE),
    Mutant("hidden sigmoid's derivative missing from the chain",
           swap("backward", '''
               delta1_1 = delta2 * params["w11_2"] * a1_1 * (1.0 - a1_1)
               delta2_1 = delta2 * params["w21_2"] * a2_1 * (1.0 - a2_1)
           ''', '''
               delta1_1 = delta2 * params["w11_2"]
               delta2_1 = delta2 * params["w21_2"]
           '''), fails={"test_backward_hidden", "test_training"}, why=CHAIN_FACTORS),
    Mutant("output weight missing from the hidden chain",
           [swap("backward", 'delta2 * params["w11_2"]', "delta2"),
            swap("backward", 'delta2 * params["w21_2"]', "delta2")],
           fails={"test_backward_hidden", "test_training"}, why=CHAIN_FACTORS),
    Mutant("-2(y - a) written as 2(y - a)",
           swap("backward", "-2.0", "2.0"),
           fails={"test_backward_hidden", "test_backward_output", "test_training"}, demo=True, why=LOSS_DERIVATIVE,
           probe=True),
    Mutant("factor 2 of the square forgotten",
           swap("backward", "-2.0 * (y - a1_2)", "-(y - a1_2)"),
           fails={"test_backward_hidden", "test_backward_output"}, why=LOSS_DERIVATIVE),
    Mutant("hidden unit uses the other unit's output weight",
           swap("backward", '''
               delta1_1 = delta2 * params["w11_2"] * a1_1 * (1.0 - a1_1)
               delta2_1 = delta2 * params["w21_2"] * a2_1 * (1.0 - a2_1)
           ''', '''
               delta1_1 = delta2 * params["w21_2"] * a1_1 * (1.0 - a1_1)
               delta2_1 = delta2 * params["w11_2"] * a2_1 * (1.0 - a2_1)
           '''), fails={"test_backward_hidden", "test_training"}, why=CHAIN_WRONG_WEIGHT),
    Mutant("input x missing from a hidden weight's gradient",
           [swap("backward", "delta1_1 * x", "delta1_1"),
            swap("backward", "delta2_1 * x", "delta2_1")], fails={"test_backward_hidden"}, why=CHAIN_FACTORS),
    Mutant("output weights' gradients swapped",
           swap("backward", '''
               per_bean = {
                   "w11_2": delta2 * a1_1,
                   "w21_2": delta2 * a2_1,
                   "b1_2": delta2 * 1.0,
                   "w11_1": delta1_1 * x,
                   "b1_1": delta1_1 * 1.0,
                   "w12_1": delta2_1 * x,
                   "b2_1": delta2_1 * 1.0,
               }
           ''', '''
               per_bean = {
                   "w11_2": delta2 * a2_1,
                   "w21_2": delta2 * a1_1,
                   "b1_2": delta2 * 1.0,
                   "w11_1": delta1_1 * x,
                   "b1_1": delta1_1 * 1.0,
                   "w12_1": delta2_1 * x,
                   "b2_1": delta2_1 * 1.0,
               }
           '''), fails={"test_backward_output", "test_training"}, why=GRADIENT_NAMES),
    Mutant("output bias gradient multiplied by a hidden activation",
           swap("backward", "delta2 * 1.0", "delta2 * a1_1"), fails={"test_backward_output", "test_training"},
           why=GRADIENT_NAMES),
    Mutant("sum over the beans instead of the mean",
           swap("backward", "np.mean", "np.sum"),
           fails={"test_backward_hidden", "test_backward_output", "test_training"}, why=BATCH_MEAN, probe=True),
    Mutant("backward returns numpy floats",
           [swap("backward", "float", "np.mean"),
            swap("backward", "np.mean(per_bean[name])", "per_bean[name]")],
           fails={"test_backward_hidden", "test_backward_output"}, why=RETURN_FLOATS),
    Mutant("only the first bean's gradient",
           swap("backward", "np.mean(per_bean[name])", "per_bean[name][0]"),
           fails={"test_backward_hidden", "test_backward_output", "test_training"}, why=BATCH_MEAN),
    Mutant("error computed in place in the cache",
           swap("backward", "de_da = -2.0 * (y - a1_2)", '''
               a1_2 -= y
               de_da = 2.0 * a1_2
           '''), fails={"test_backward_hidden", "test_backward_output", "test_training"}, why=NO_INPUT_MUTATION),
    # ---- sgd_step ----
    Mutant("update with + instead of -",
           define('''
               def sgd_step(params, grads, learning_rate):
                   return {k: float(v + learning_rate * grads[k]) for k, v in params.items()}
           '''), fails={"test_sgd_step", "test_training"}, why=SGD_DIRECTION, probe=True),
    Mutant("updates params in place",
           define('''
               def sgd_step(params, grads, learning_rate):
                   for k in params:
                       params[k] -= learning_rate * grads[k]
                   return params
           '''), fails={"test_sgd_step"}, why=SGD_NEW_DICT),
    Mutant("updates in place and returns nothing",
           define('''
               def sgd_step(params, grads, learning_rate):
                   for k in params:
                       params[k] -= learning_rate * grads[k]
           '''), fails={"test_sgd_step", "test_training"}, why=SGD_NEW_DICT),
    Mutant("learning rate forgotten",
           define('''
               def sgd_step(params, grads, learning_rate):
                   return {k: float(v - grads[k]) for k, v in params.items()}
           '''), fails={"test_sgd_step"}, why=SGD_DIRECTION),
    Mutant("divides by the learning rate",
           define('''
               def sgd_step(params, grads, learning_rate):
                   return {k: float(v - grads[k] / learning_rate) for k, v in params.items()}
           '''), fails={"test_sgd_step", "test_training"}, why=SGD_DIRECTION),
    Mutant("pairs params and grads by position",
           define('''
               def sgd_step(params, grads, learning_rate):
                   return {k: float(v - learning_rate * g) for (k, v), g in zip(params.items(), grads.values())}
           '''), fails={"test_sgd_step"}, why=SGD_PARAMETERS),
    Mutant("sgd_step returns numpy floats",
           define('''
               def sgd_step(params, grads, learning_rate):
                   keys = list(params)
                   values = np.array([params[k] for k in keys]) - learning_rate * np.array([grads[k] for k in keys])
                   return dict(zip(keys, values))
           '''), fails={"test_sgd_step"}, why=RETURN_FLOATS),
    Mutant("biases never updated",
           define('''
               def sgd_step(params, grads, learning_rate):
                   return {k: float(v - learning_rate * grads[k]) if k.startswith("w") else v for k, v in params.items()}
           '''), fails={"test_sgd_step", "test_training"}, why=SGD_PARAMETERS),
    Mutant("scales grads in place",
           define('''
               def sgd_step(params, grads, learning_rate):
                   for k in grads:
                       grads[k] *= learning_rate
                   return {k: float(v - grads[k]) for k, v in params.items()}
           '''), fails={"test_sgd_step"}, why=SGD_NEW_DICT),
    Mutant("returns the list of new values",
           swap("sgd_step",
                "{name: float(value - learning_rate * grads[name]) for name, value in params.items()}",
                "[float(v - learning_rate * grads[k]) for k, v in params.items()]"),
           fails={"test_sgd_step", "test_training"}, why=SGD_NEW_DICT),
]

ALTERNATIVES = [
    Alternative("layers storing a tuple of inputs, explicit local derivatives",
                [define('''
               class MulLayer:
                   def __init__(self):
                       self.inputs = None

                   def forward(self, x, y):
                       self.inputs = (x, y)
                       return self.inputs[0] * self.inputs[1]

                   def backward(self, dout):
                       x, y = self.inputs
                       local_dx, local_dy = y, x
                       return (local_dx * dout, local_dy * dout)
           '''),
            define('''
               class AddLayer:
                   def __init__(self):
                       pass

                   def forward(self, x, y):
                       out = x
                       out += y
                       return out

                   def backward(self, dout):
                       return (1.0 * dout, 1.0 * dout)
           ''')]),
    Alternative("textbook sigmoid (warns about overflow for large -z)",
                define('''
               def sigmoid(z):
                   return 1 / (1 + np.exp(-z))
           ''')),
    Alternative("sigmoid from tanh",
                define('''
               def sigmoid(z):
                   return 0.5 * (1.0 + np.tanh(0.5 * z))
           ''')),
    Alternative("sigmoid with scipy.special.expit",
                define('''
               from scipy.special import expit


               def sigmoid(z):
                   return expit(z)
           ''')),
    Alternative("forward with a loop over the hidden units, extra cache keys",
                define('''
               def forward(x, params, output="sigmoid"):
                   cache = {"x": x}
                   for j, w, b in ((1, "w11_1", "b1_1"), (2, "w12_1", "b2_1")):
                       cache[f"z{j}_1"] = params[w] * x + params[b]
                       cache[f"a{j}_1"] = sigmoid(cache[f"z{j}_1"])
                   hidden = np.stack([cache["a1_1"], cache["a2_1"]])
                   cache["z1_2"] = np.array([params["w11_2"], params["w21_2"]]) @ hidden + params["b1_2"]
                   cache["a1_2"] = {"sigmoid": sigmoid, "identity": np.copy}[output](cache["z1_2"])
                   return cache["a1_2"], cache
           ''')),
    Alternative("backward with sigma' recomputed from z",
                define('''
               def backward(x, y, params, cache, output="sigmoid"):
                   def dsigmoid(z):
                       s = sigmoid(z)
                       return s * (1 - s)

                   def didentity(z):
                       return np.ones_like(z)

                   dE_da = -2 * (y - cache["a1_2"])
                   dE_dz2 = dE_da * (dsigmoid if output == "sigmoid" else didentity)(cache["z1_2"])
                   dE_dz11 = dE_dz2 * params["w11_2"] * dsigmoid(cache["z1_1"])
                   dE_dz21 = dE_dz2 * params["w21_2"] * dsigmoid(cache["z2_1"])
                   n = len(x)
                   return {
                       "w11_1": float(np.sum(dE_dz11 * x) / n), "b1_1": float(np.sum(dE_dz11) / n),
                       "w12_1": float(np.sum(dE_dz21 * x) / n), "b2_1": float(np.sum(dE_dz21) / n),
                       "w11_2": float(np.sum(dE_dz2 * cache["a1_1"]) / n), "w21_2": float(np.sum(dE_dz2 * cache["a2_1"]) / n),
                       "b1_2": float(np.sum(dE_dz2) / n),
                   }
           ''')),
    Alternative("backward bean by bean with plain floats",
                define('''
               def backward(x, y, params, cache, output="sigmoid"):
                   grads = {k: 0.0 for k in params}
                   n = len(x)
                   for i in range(n):
                       a, h1, h2 = float(cache["a1_2"][i]), float(cache["a1_1"][i]), float(cache["a2_1"][i])
                       d2 = -2 * (float(y[i]) - a)
                       if output != "identity":
                           d2 = d2 * a * (1 - a)
                       d11 = d2 * params["w11_2"] * h1 * (1 - h1)
                       d21 = d2 * params["w21_2"] * h2 * (1 - h2)
                       for k, v in (("w11_2", d2 * h1), ("w21_2", d2 * h2), ("b1_2", d2), ("w11_1", d11 * float(x[i])),
                                    ("b1_1", d11), ("w12_1", d21 * float(x[i])), ("b2_1", d21)):
                           grads[k] += v / n
                   return grads
           ''')),
    Alternative("forward with the identity output as a branch of its own",
                swap("forward", 'a1_2 = sigmoid(z1_2) if output == "sigmoid" else z1_2', '''
               if output == "identity":
                   a1_2 = z1_2.copy()
               elif output == "sigmoid":
                   a1_2 = sigmoid(z1_2)
               else:
                   raise ValueError(f"unknown output {output!r}")
           ''')),
    Alternative("xy_plus_x through another graph of the same function, x * (y + 1)",
                define('''
               def xy_plus_x(x, y):
                   add, mul = AddLayer(), MulLayer()
                   y_plus_1 = add.forward(y, 1.0)
                   f = mul.forward(x, y_plus_1)
                   dx, d_y_plus_1 = mul.backward(1.0)
                   dy, _ = add.backward(d_y_plus_1)
                   return f, dx, dy
           ''')),
    Alternative("xy_plus_x accumulating gradients in a dict",
                define('''
               def xy_plus_x(x, y):
                   grads = {"x": 0.0, "y": 0.0}
                   times, plus = MulLayer(), AddLayer()
                   f = plus.forward(times.forward(x, y), x)
                   d_product, d_x = plus.backward(1.0)
                   grads["x"] += d_x
                   d_x, d_y = times.backward(d_product)
                   grads["x"] += d_x
                   grads["y"] += d_y
                   return (f, grads["x"], grads["y"])
           ''')),
    Alternative("sgd_step copying the dict first",
                define('''
               def sgd_step(params, grads, learning_rate):
                   new = params.copy()
                   for k in new:
                       new[k] = new[k] - learning_rate * grads[k]
                   return new
           ''')),
]
