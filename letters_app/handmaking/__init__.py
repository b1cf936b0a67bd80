"""A customer's own hand: the sample sheet, reading a filled one, and the font built from it.

Pure Python (OpenCV, NumPy, fontTools, reportlab); no Flask, Celery or database. The service
binds sheet ids to customers and stores the built font; this package only turns bytes into bytes.
"""
