"""A TensorFlow-Playground-style training dashboard: `Session` trains, `Playground` shows and controls it."""
from .dashboard import Playground
from .session import FEATURES, Record, Session, Settings
