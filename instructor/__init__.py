"""Instructor tooling around nbgrader: parallel autograding, scores, the demo class, mutation testing, publishing.

Everything here drives nbgrader's own commands and gradebook; it never holds a solution.
"""
