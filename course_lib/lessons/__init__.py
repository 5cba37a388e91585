"""The chapters' demos and experiments, one module per idea, built on the core one level up.

Nothing here is a building block a student reuses; each module is what one notebook (or one widget) runs
to make its point, with the maths in its docstring. What each holds, and for which chapter: the module map
in README.md (section "course_lib").
"""
