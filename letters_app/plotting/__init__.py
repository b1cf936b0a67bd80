"""Pen-plotter output: the approved letter as single strokes for a real pen (SVG, HPGL, G-code).

Placement comes from the PDF renderer's own layout and seed; the strokes come from the same
fonts (see strokes.py). Pure Python, like the renderer: no database, no web framework.
"""
