"""Everything that draws: static figures, live training curves, diagrams, "Try it" widgets and the
playground's dashboard. Numbers come from the core and `course_lib.lessons`; nothing here computes
what a notebook claims.

    plots       static figures (letters, activations, gradient norms, decision boundaries, error surfaces)
    live_plot   loss and accuracy curves of several runs, redrawn while they train
    diagrams    the RNN chapter's drawings (unrolled RNN, LSTM cell, BPTT)
    widgets/    the "Try it" explorers, one module per theme
    playground  the TensorFlow-Playground-style dashboard around a `lessons.playground.Session`
"""
