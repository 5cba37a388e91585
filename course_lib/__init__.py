"""course_lib: the numpy library behind "Deep learning from the ground up".

The top level is the neural-net core, one idea per module, each readable in one sitting.
Around it: `lessons/` (each chapter's demos and experiments), `viz/` (everything that draws: plots,
live plots, diagrams, widgets, the playground's dashboard), `datasets/` and `exercises/`.

What each module holds: the module map in README.md (section "course_lib"), the one list of them.
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
from .recurrent import LSTM, RNN, EveryStep, LastStep
from .train import Callback, History, Trainer, accuracy, fit, fit_in_turn

__version__ = "0.1.0"
