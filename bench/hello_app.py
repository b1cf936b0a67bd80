"""The baseline of bench/web.py: the smallest Flask app, served the same way as ours."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "Hello, World!"
