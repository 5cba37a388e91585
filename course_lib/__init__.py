"""course_lib: the numpy library behind "Deep learning from the ground up".

The top level is the neural-net core, one idea per module, each readable in one sitting:

    errors         the messages a learner sees, and the checks every entry point shares
    init           weight initialisations by name
    layers         the layer contract and the dense layer (Linear)
    activations    sigmoid, tanh, ReLU, leaky ReLU, ELU; the one sigmoid() and softplus()
    losses         quadratic, sigmoid cross-entropy, softmax cross-entropy, hinge
    optim          SGD with momentum, weight decay, clipping; Adam; gradient norms
    model          Sequential and the mlp() builder
    train          Trainer (one step, epochs), History, callbacks, the runaway rule
    maxout         the maxout layer
    conv           2-D convolution (im2col)
    pooling        max and mean pooling, flatten
    normalization  batch norm and dropout (train / eval modes)
    recurrent      RNN and LSTM over (N, T, D) sequences, backpropagation through time
    lstm_fast      the same LSTM, arranged for speed
    gradcheck      numerical gradients and rel_error
    notebook       setup(), expect(), training() / require(): the notebooks' helpers

Around it: `lessons/` (each chapter's demos and experiments), `viz/` (everything that draws: plots,
live plots, diagrams, widgets, the playground's dashboard), `datasets/` and `exercises/`.
"""
from .activations import ELU, Identity, LeakyReLU, ReLU, Sigmoid, Tanh, make_activation, sigmoid
from .conv import Conv2d, conv_output_size
from .errors import ConfigError, CourseError, LabelError, NotReadyError, ShapeError, TrainingDiverged
from .gradcheck import check_layer, check_loss, check_model, numerical_gradient, rel_error
from .layers import Layer, Linear
from .losses import HingeLoss, QuadraticLoss, SigmoidCrossEntropyLoss, SoftmaxCrossEntropyLoss, one_hot
from .maxout import Maxout
from .model import Sequential, mlp
from .normalization import BatchNorm, Dropout
from .optim import SGD, Adam
from .pooling import Flatten, MaxPool2d, MeanPool2d, TrainablePool2d
from .recurrent import LSTM, RNN, LastStep
from .train import Callback, History, Trainer, accuracy, fit, fit_in_turn

__version__ = "0.1.0"
