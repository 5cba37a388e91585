"""Data sets the course generates (nothing is downloaded)."""
from .letters import LETTERS, LetterSplits, generate_letters, load_letters
