""" "Try it" widgets, one module per theme; `base.Explorer` is what they share."""

from .backprop import BackpropStepper
from .base import Explorer
from .basics import ActivationExplorer, BatchExplorer, DescentExplorer, MinimaExplorer, PiecesExplorer
from .cnn import KernelExplorer
from .draw import DrawLetter
from .history import DataSizeExplorer, SeparabilityExplorer
from .language import CharSampleExplorer
from .neuron_shape import SigmoidShapeExplorer
from .rnn import ThroughTimeExplorer
from .training import NeuronExplorer, VanishingGradientExplorer
