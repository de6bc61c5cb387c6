"""The teachers' area blueprint; its routes live in the routes_*.py modules of this package."""
from flask import Blueprint

bp = Blueprint("cohorts", __name__, url_prefix="/cohorts")
