"""The smallest Flask app: the ceiling of one gunicorn worker with the services' thread settings."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return {"status": "ok"}
