"""Shared helpers for the course notebooks: datasets, figures, widgets, gradient checking and grading.

Nothing here is a reference solution: students read this package too. Importing it changes nothing:
the notebooks switch their figures to widgets themselves (``course.figures.interactive_figures()``).
"""

__version__ = "0.1.0"
