"""Data sets the course generates (nothing is downloaded)."""
from .letters import LETTERS, LetterSplits, generate_letters, load_letters
from .toy2d import TOY_DATASETS, make_line, make_toy
