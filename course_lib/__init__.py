"""course_lib: the numpy library behind "Deep learning from the ground up".

One idea per module, each readable in one sitting:

    errors       the messages a learner sees when an input is wrong
    init         weight initialisations by name
    layers       the layer contract and the dense layer (Linear)
    activations  sigmoid, tanh, ReLU, leaky ReLU, ELU
    losses       quadratic, sigmoid cross-entropy, softmax cross-entropy
    optim        SGD with momentum, weight decay, clipping; Adam
    model        Sequential and the mlp() builder
    train        Trainer, History, callbacks
    maxout       the maxout layer
    conv         2-D convolution (im2col)
    pooling      max and mean pooling, flatten
    normalization  batch norm and dropout (train / eval modes)
    recurrent    RNN and LSTM over (N, T, D) sequences, backpropagation through time
    gradcheck    numerical gradients and rel_error
    datasets     the letters, 2-D toy sets, sequence tasks and a recorded signal
    diagrams     the RNN chapter's drawings (unrolled RNN, LSTM cell, BPTT)
"""
from .activations import ELU, Identity, LeakyReLU, ReLU, Sigmoid, Tanh, make_activation, sigmoid
from .conv import Conv2d, conv_output_size
from .errors import (ConfigError, CourseError, LabelError, NotReadyError, ShapeError,
                     TrainingDiverged)
from .gradcheck import check_layer, check_loss, check_model, numerical_gradient, rel_error
from .layers import Layer, Linear
from .losses import HingeLoss, QuadraticLoss, SigmoidCrossEntropyLoss, SoftmaxCrossEntropyLoss, one_hot
from .maxout import Maxout
from .model import Sequential, mlp
from .normalization import BatchNorm, Dropout
from .optim import SGD, Adam
from .pooling import Flatten, MaxPool2d, MeanPool2d
from .recurrent import LSTM, RNN, LastStep
from .train import Callback, History, Trainer, accuracy, fit

__version__ = "0.1.0"
