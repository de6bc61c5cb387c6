"""WSGI entry point: `flask --app app run` or `waitress-serve --call app:create_app`."""
from lsk_learn import create_app

app = create_app()
