"""Everything that draws: static figures, live training curves, diagrams, "Try it" widgets and the
playground's dashboard. Numbers come from the core and `course_lib.lessons`; nothing here computes
what a notebook claims.

What each module draws: the module map in README.md (section "course_lib").
"""
