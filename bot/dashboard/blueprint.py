"""The dashboard's one blueprint, `/staff/...`; each page module adds its routes to it."""

from flask import Blueprint

bp = Blueprint("staff", __name__, url_prefix="/staff")
