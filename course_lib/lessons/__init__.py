"""The chapters' demos and experiments, one module per idea, built on the core one level up.

Nothing here is a building block a student reuses; each module is what one notebook (or one widget) runs
to make its point, with the maths in its docstring:

    perceptron        Rosenblatt's learning rule, and why it cannot learn XOR (00)
    separability      a two-layer network's curved boundary next to the perceptron's line (00)
    overfitting       a flexible fit to few or many samples: more data, less overfitting (00)
    dying_relu        dead ReLU units after a careless learning rate: which die, which revive (01)
    depth             the deep sawtooth: what depth buys (00)
    approx            curves as sums of hard sigmoids / ReLUs; a maxout unit's pieces (01)
    descent           gradient descent on a line model and on a bumpy 1-D loss (02)
    playground        the playground's Session: data, features, a network, training tick by tick (01, 02, 04)
    tiny_net          a 2-2-1 network worked out by hand, value by value (03)
    gradient_by_depth ‖∂L/∂b‖ per layer of fresh networks of several depths (00, 04)
    slow_start        the letters lab's slow start put to the test: larger steps for one layer only (04)
    single_neuron     one sigmoid neuron, quadratic loss against cross-entropy (05)
    kernels           hand-made 3×3 kernels and the feature maps they make (06)
    letters_cnn       the small CNN for the letters: conv 3×3 → ReLU → 2×2 max pooling → dense (06, 06b)
    through_time      gradients through time; the recall-task and series runs (07)
"""
