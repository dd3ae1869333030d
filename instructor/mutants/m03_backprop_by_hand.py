"""Typical wrong answers (and correct alternatives) for 03_backprop_by_hand.

A wrong `sigmoid` or `forward` also spoils the cells downstream that run them (forward, both backward cells,
training), which is why those cells are listed too.
"""
from instructor.mutants import Alternative, Mutant, define, swap

MUTANTS = [
    # ---- layers ----
    Mutant("MulLayer.backward does not swap the inputs",
           swap("MulLayer", '''
               dx = dout * self.y  # dz/dx = y
               dy = dout * self.x  # dz/dy = x
               return dx, dy
           ''', "return dout * self.x, dout * self.y"),
           fails={"test_layers", "test_two_items", "test_xy_plus_x"}, demo=True),
    Mutant("MulLayer.backward ignores dout",
           swap("MulLayer", '''
               dx = dout * self.y  # dz/dx = y
               dy = dout * self.x  # dz/dy = x
               return dx, dy
           ''', "return self.y, self.x"), fails={"test_layers", "test_two_items"}),
    Mutant("MulLayer.backward only multiplies dx by dout",
           swap("MulLayer", "dout * self.x", "self.x"), fails={"test_layers", "test_two_items"}),
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
           '''), fails={"test_layers", "test_two_items"}),
    Mutant("MulLayer.backward returns a list",
           swap("MulLayer", '''
               dx = dout * self.y  # dz/dx = y
               dy = dout * self.x  # dz/dy = x
               return dx, dy
           ''', "return [dout * self.y, dout * self.x]"), fails={"test_layers"}),
    Mutant("AddLayer.backward ignores dout",
           swap("AddLayer", "return dout * 1.0, dout * 1.0", "return 1.0, 1.0"),
           fails={"test_layers", "test_two_items"}),
    Mutant("AddLayer.backward splits dout in half",
           swap("AddLayer", "return dout * 1.0, dout * 1.0", "return dout / 2, dout / 2"),
           fails={"test_layers", "test_two_items", "test_xy_plus_x"}),
    Mutant("AddLayer.backward as for a subtraction",
           swap("AddLayer", "return dout * 1.0, dout * 1.0", "return dout, -dout"),
           fails={"test_layers", "test_two_items", "test_xy_plus_x"}),
    Mutant("AddLayer.backward returns a single value",
           swap("AddLayer", "dout * 1.0, dout * 1.0", "dout"), fails={"test_layers", "test_two_items", "test_xy_plus_x"}),
    Mutant("AddLayer.forward multiplies (copy-paste)",
           swap("AddLayer", "x + y", "x * y"), fails={"test_layers", "test_two_items", "test_xy_plus_x"}),
    Mutant("AddLayer.backward passes dout to x only",
           swap("AddLayer", "return dout * 1.0, dout * 1.0", "return dout, 0.0"),
           fails={"test_layers", "test_two_items", "test_xy_plus_x"}),
    # ---- a value used twice: xy_plus_x ----
    Mutant("x's direct path into the addition forgotten",
           swap("xy_plus_x", "dx_through_mul + dx_direct", "dx_through_mul"), fails={"test_xy_plus_x"}),
    Mutant("only x's direct path, the multiplication's forgotten",
           swap("xy_plus_x", "dx_through_mul + dx_direct", "dx_direct"), fails={"test_xy_plus_x"}),
    Mutant("the two paths into x multiplied instead of added",
           swap("xy_plus_x", "dx_through_mul + dx_direct", "dx_through_mul * dx_direct"), fails={"test_xy_plus_x"}),
    Mutant("df/dx and df/dy returned in the wrong order",
           swap("xy_plus_x", "return f, dx, dy", "return f, dy, dx"), fails={"test_xy_plus_x"}),
    Mutant("the multiplication's derivatives unpacked the wrong way round",
           swap("xy_plus_x", "dx_through_mul, dy = mul.backward(d_xy)", "dy, dx_through_mul = mul.backward(d_xy)"),
           fails={"test_xy_plus_x"}),
    Mutant("backward pass started from f instead of 1",
           swap("xy_plus_x", "add.backward(1.0)", "add.backward(f)"), fails={"test_xy_plus_x"}),
    Mutant("backward pass started from 0",
           swap("xy_plus_x", "add.backward(1.0)", "add.backward(0.0)"), fails={"test_xy_plus_x"}),
    Mutant("xy_plus_x returns a list",
           swap("xy_plus_x", "return f, dx, dy", "return [f, dx, dy]"), fails={"test_xy_plus_x"}),
    Mutant("xy_plus_x in closed form, without the layers",
           define('''
               def xy_plus_x(x, y):
                   return x * y + x, y + 1.0, x
           '''), fails={"test_xy_plus_x"}),
    # ---- sigmoid ----
    Mutant("sigmoid with the sign of z flipped",
           define('''
               def sigmoid(z):
                   return 1 / (1 + np.exp(z))
           '''),
           fails={"test_backward_hidden", "test_backward_output", "test_forward", "test_sigmoid", "test_training"}),
    Mutant("sigmoid with 1 - exp(-z) in the denominator",
           define('''
               def sigmoid(z):
                   return 1 / (1 - np.exp(-z))
           '''),
           fails={"test_backward_hidden", "test_backward_output", "test_forward", "test_sigmoid", "test_training"}),
    Mutant("tanh instead of the sigmoid",
           define('''
               def sigmoid(z):
                   return np.tanh(z)
           '''),
           fails={"test_backward_hidden", "test_backward_output", "test_forward", "test_sigmoid", "test_training"}),
    Mutant("sigmoid's derivative instead of the sigmoid",
           define('''
               def sigmoid(z):
                   s = 1 / (1 + np.exp(-z))
                   return s * (1 - s)
           '''),
           fails={"test_backward_hidden", "test_backward_output", "test_forward", "test_sigmoid", "test_training"}),
    Mutant("sigmoid with math.exp (scalars only)",
           define('''
               import math


               def sigmoid(z):
                   return 1 / (1 + math.exp(-z))
           '''),
           fails={"test_backward_hidden", "test_backward_output", "test_forward", "test_sigmoid", "test_training"}),
    Mutant("sigmoid returns a list",
           define('''
               import math


               def sigmoid(z):
                   return [1 / (1 + math.exp(-v)) for v in np.ravel(z)]
           '''),
           fails={"test_backward_hidden", "test_backward_output", "test_forward", "test_sigmoid", "test_training"}),
    Mutant("sigmoid flattens its input",
           define('''
               def sigmoid(z):
                   return 1 / (1 + np.exp(-np.ravel(z)))
           '''), fails={"test_sigmoid"}),
    Mutant("sigmoid as exp(z) / (1 + exp(z)) (NaN for large z)",
           define('''
               def sigmoid(z):
                   return np.exp(z) / (1 + np.exp(z))
           '''), fails={"test_sigmoid"}),
    Mutant("sigmoid overwrites its input in place",
           define('''
               def sigmoid(z):
                   z *= -1
                   np.exp(z, out=z)
                   z += 1
                   return 1 / z
           '''), fails={"test_forward", "test_sigmoid"}),
    Mutant("sigmoid rounds to 0/1 (a step)",
           define('''
               def sigmoid(z):
                   return np.round(1 / (1 + np.exp(-z)))
           '''),
           fails={"test_backward_hidden", "test_backward_output", "test_forward", "test_sigmoid", "test_training"}),
    # ---- forward ----
    Mutant("hidden unit 2 uses hidden unit 1's weight",
           swap("forward", '"w12_1"', '"w11_1"'),
           fails={"test_backward_hidden", "test_backward_output", "test_forward", "test_training"}),
    Mutant("output weights swapped",
           swap("forward",
                'z1_2 = params["w11_2"] * a1_1 + params["w21_2"] * a2_1 + params["b1_2"]',
                'z1_2 = params["w21_2"] * a1_1 + params["w11_2"] * a2_1 + params["b1_2"]'),
           fails={"test_backward_hidden", "test_backward_output", "test_forward", "test_training"}),
    Mutant("forward ignores output (always a sigmoid output)",
           swap("forward", 'sigmoid(z1_2) if output == "sigmoid" else z1_2', "sigmoid(z1_2)"),
           fails={"test_backward_hidden", "test_backward_output", "test_forward"}),
    Mutant("forward's output option inverted",
           swap("forward", 'sigmoid(z1_2) if output == "sigmoid" else z1_2',
                'z1_2 if output == "sigmoid" else sigmoid(z1_2)'),
           fails={"test_backward_hidden", "test_backward_output", "test_forward", "test_training"}),
    Mutant("no sigmoid on the output (linear output)",
           swap("forward", "sigmoid(z1_2)", "z1_2"),
           fails={"test_backward_hidden", "test_backward_output", "test_forward", "test_training"}),
    Mutant("no sigmoid on the hidden units",
           [swap("forward", "sigmoid(z1_1)", "z1_1"),
            swap("forward", "sigmoid(z2_1)", "z2_1")],
           fails={"test_backward_hidden", "test_backward_output", "test_forward", "test_training"}),
    Mutant("output bias forgotten",
           [swap("forward", 'params["w11_2"] * a1_1 + params["w21_2"] * a2_1', 'params["w11_2"] * a1_1'),
            swap("forward", 'params["b1_2"]', 'params["w21_2"] * a2_1')],
           fails={"test_backward_hidden", "test_backward_output", "test_forward", "test_training"}),
    Mutant("output layer reads z instead of a",
           [swap("forward", 'params["w11_2"] * a1_1', 'params["w11_2"] * z1_1'),
            swap("forward", 'params["w21_2"] * a2_1', 'params["w21_2"] * z2_1')],
           fails={"test_backward_hidden", "test_backward_output", "test_forward", "test_training"}),
    Mutant("returns (cache, a)",
           swap("forward", "return a1_2, cache", "return cache, a1_2"),
           fails={"test_backward_hidden", "test_backward_output", "test_forward", "test_training"}),
    Mutant("cache with only the output",
           swap("forward", "cache", '{"a1_2": a1_2}'),
           fails={"test_backward_hidden", "test_backward_output", "test_forward", "test_training"}),
    Mutant("cache stores a under the z keys",
           swap("forward",
                'cache = {"z1_1": z1_1, "a1_1": a1_1, "z2_1": z2_1, "a2_1": a2_1, "z1_2": z1_2, "a1_2": a1_2}',
                'cache = {"z1_1": a1_1, "a1_1": a1_1, "z2_1": a2_1, "a2_1": a2_1, "z1_2": a1_2, "a1_2": a1_2}'),
           fails={"test_forward"}),
    Mutant("cache kept in params (mutates the input)",
           swap("forward", 'cache = {"z1_1": z1_1, "a1_1": a1_1, "z2_1": z2_1, "a2_1": a2_1, "z1_2": z1_2, "a1_2": a1_2}', '''
               cache = {"z1_1": z1_1, "a1_1": a1_1, "z2_1": z2_1, "a2_1": a2_1, "z1_2": z1_2, "a1_2": a1_2}
               params.update(cache)
           '''), fails={"test_backward_hidden", "test_backward_output", "test_forward", "test_training"}),
    # ---- backward ----
    Mutant("sigma' applied to a as if it were z (output)",
           swap("backward", "da_dz = a1_2 * (1.0 - a1_2)", "da_dz = sigmoid(a1_2) * (1.0 - sigmoid(a1_2))"),
           fails={"test_backward_hidden", "test_backward_output"}),
    Mutant("sigma' written with z instead of a (hidden)",
           swap("backward", '''
               delta1_1 = delta2 * params["w11_2"] * a1_1 * (1.0 - a1_1)
               delta2_1 = delta2 * params["w21_2"] * a2_1 * (1.0 - a2_1)
           ''', '''
               delta1_1 = delta2 * params["w11_2"] * cache["z1_1"] * (1.0 - cache["z1_1"])
               delta2_1 = delta2 * params["w21_2"] * cache["z2_1"] * (1.0 - cache["z2_1"])
           '''), fails={"test_backward_hidden", "test_training"}),
    Mutant("backward ignores output (the output sigmoid's derivative always in the chain)",
           swap("backward", '''
               if output == "sigmoid":
                   da_dz = a1_2 * (1.0 - a1_2)
               else:
                   da_dz = 1.0
           ''', "da_dz = a1_2 * (1.0 - a1_2)"), fails={"test_backward_hidden", "test_backward_output"}),
    Mutant("identity output's derivative taken as 0",
           swap("backward", "da_dz = 1.0", "da_dz = 0.0"), fails={"test_backward_hidden", "test_backward_output"}),
    Mutant("identity output's derivative taken as the output itself",
           swap("backward", "da_dz = 1.0", "da_dz = a1_2"), fails={"test_backward_hidden", "test_backward_output"}),
    Mutant("output sigmoid's derivative missing from the chain",
           swap("backward", "de_da * da_dz", "de_da"), fails={"test_backward_hidden", "test_backward_output"}),
    Mutant("hidden sigmoid's derivative missing from the chain",
           swap("backward", '''
               delta1_1 = delta2 * params["w11_2"] * a1_1 * (1.0 - a1_1)
               delta2_1 = delta2 * params["w21_2"] * a2_1 * (1.0 - a2_1)
           ''', '''
               delta1_1 = delta2 * params["w11_2"]
               delta2_1 = delta2 * params["w21_2"]
           '''), fails={"test_backward_hidden", "test_training"}),
    Mutant("output weight missing from the hidden chain",
           [swap("backward", 'delta2 * params["w11_2"]', "delta2"),
            swap("backward", 'delta2 * params["w21_2"]', "delta2")],
           fails={"test_backward_hidden", "test_training"}),
    Mutant("-2(y - a) written as 2(y - a)",
           swap("backward", "-2.0", "2.0"),
           fails={"test_backward_hidden", "test_backward_output", "test_training"}, demo=True),
    Mutant("factor 2 of the square forgotten",
           swap("backward", "-2.0 * (y - a1_2)", "-(y - a1_2)"),
           fails={"test_backward_hidden", "test_backward_output"}),
    Mutant("hidden unit uses the other unit's output weight",
           swap("backward", '''
               delta1_1 = delta2 * params["w11_2"] * a1_1 * (1.0 - a1_1)
               delta2_1 = delta2 * params["w21_2"] * a2_1 * (1.0 - a2_1)
           ''', '''
               delta1_1 = delta2 * params["w21_2"] * a1_1 * (1.0 - a1_1)
               delta2_1 = delta2 * params["w11_2"] * a2_1 * (1.0 - a2_1)
           '''), fails={"test_backward_hidden", "test_training"}),
    Mutant("input x missing from a hidden weight's gradient",
           [swap("backward", "delta1_1 * x", "delta1_1"),
            swap("backward", "delta2_1 * x", "delta2_1")], fails={"test_backward_hidden"}),
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
           '''), fails={"test_backward_output", "test_training"}),
    Mutant("output bias gradient multiplied by a hidden activation",
           swap("backward", "delta2 * 1.0", "delta2 * a1_1"), fails={"test_backward_output", "test_training"}),
    Mutant("sum over the beans instead of the mean",
           swap("backward", "np.mean", "np.sum"),
           fails={"test_backward_hidden", "test_backward_output", "test_training"}),
    Mutant("backward returns numpy floats",
           [swap("backward", "float", "np.mean"),
            swap("backward", "np.mean(per_bean[name])", "per_bean[name]")],
           fails={"test_backward_hidden", "test_backward_output"}),
    Mutant("only the first bean's gradient",
           swap("backward", "np.mean(per_bean[name])", "per_bean[name][0]"),
           fails={"test_backward_hidden", "test_backward_output", "test_training"}),
    Mutant("error computed in place in the cache",
           swap("backward", "de_da = -2.0 * (y - a1_2)", '''
               a1_2 -= y
               de_da = 2.0 * a1_2
           '''), fails={"test_backward_hidden", "test_backward_output", "test_training"}),
    # ---- sgd_step ----
    Mutant("update with + instead of -",
           define('''
               def sgd_step(params, grads, learning_rate):
                   return {k: float(v + learning_rate * grads[k]) for k, v in params.items()}
           '''), fails={"test_sgd_step", "test_training"}),
    Mutant("updates params in place",
           define('''
               def sgd_step(params, grads, learning_rate):
                   for k in params:
                       params[k] -= learning_rate * grads[k]
                   return params
           '''), fails={"test_sgd_step"}),
    Mutant("updates in place and returns nothing",
           define('''
               def sgd_step(params, grads, learning_rate):
                   for k in params:
                       params[k] -= learning_rate * grads[k]
           '''), fails={"test_sgd_step", "test_training"}),
    Mutant("learning rate forgotten",
           define('''
               def sgd_step(params, grads, learning_rate):
                   return {k: float(v - grads[k]) for k, v in params.items()}
           '''), fails={"test_sgd_step"}),
    Mutant("divides by the learning rate",
           define('''
               def sgd_step(params, grads, learning_rate):
                   return {k: float(v - grads[k] / learning_rate) for k, v in params.items()}
           '''), fails={"test_sgd_step", "test_training"}),
    Mutant("pairs params and grads by position",
           define('''
               def sgd_step(params, grads, learning_rate):
                   return {k: float(v - learning_rate * g) for (k, v), g in zip(params.items(), grads.values())}
           '''), fails={"test_sgd_step"}),
    Mutant("sgd_step returns numpy floats",
           define('''
               def sgd_step(params, grads, learning_rate):
                   keys = list(params)
                   values = np.array([params[k] for k in keys]) - learning_rate * np.array([grads[k] for k in keys])
                   return dict(zip(keys, values))
           '''), fails={"test_sgd_step"}),
    Mutant("biases never updated",
           define('''
               def sgd_step(params, grads, learning_rate):
                   return {k: float(v - learning_rate * grads[k]) if k.startswith("w") else v for k, v in params.items()}
           '''), fails={"test_sgd_step", "test_training"}),
    Mutant("scales grads in place",
           define('''
               def sgd_step(params, grads, learning_rate):
                   for k in grads:
                       grads[k] *= learning_rate
                   return {k: float(v - grads[k]) for k, v in params.items()}
           '''), fails={"test_sgd_step"}),
    Mutant("returns the list of new values",
           swap("sgd_step",
                "{name: float(value - learning_rate * grads[name]) for name, value in params.items()}",
                "[float(v - learning_rate * grads[k]) for k, v in params.items()]"),
           fails={"test_sgd_step", "test_training"}),
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
