"""Data sets the course generates or finds in its dependencies (nothing is downloaded)."""

from .letters import LETTERS, LetterSplits, generate_letters, load_letters
from .sequences import membrane_potential, recall_task, windows
from .toy2d import TOY_DATASETS, make_line, make_toy
