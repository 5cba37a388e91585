"""The biological and the mathematical neuron of notebook 01: both panels, every part named."""
from course_lib.viz.neuron_diagram import biological_and_artificial_neuron


def test_both_neurons_are_drawn_with_their_parts_labelled():
    fig = biological_and_artificial_neuron()
    bio, math = fig.axes
    bio_text = " ".join(t.get_text() for t in bio.texts)
    math_text = " ".join(t.get_text() for t in math.texts)
    for part in ("dendrites", "synapses", "cell body", "axon", "fires"):
        assert part in bio_text, part
    for part in ("inputs", "weights", "sum", "activation", "output", "$w_1$", "$x_3$"):
        assert part in math_text, part
    assert len(bio.patches) > 10 and len(math.patches) >= 4       # the drawing, not only the words
